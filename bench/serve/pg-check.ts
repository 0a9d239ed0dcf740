/** What became of a round's messages in the PostgreSQL database a serve cluster shares (see `ReplyCheck`). */
import { randomBytes } from 'node:crypto';
import { createPool } from '@samvad/whatsapp/db';
import type { PgPool } from '@samvad/whatsapp/db';
import type { ReplyCounts, ReplyLatency } from './load.js';

/** One small pool per database URL, for the bench's checks (closed by `closeChecks`). */
const pools = new Map<string, PgPool>();
const poolOf = (url: string): PgPool => {
  let pool = pools.get(url);
  if (pool === undefined) {
    pool = createPool(url, { max: 1, applicationName: 'samvad bench' });
    pools.set(url, pool);
  }
  return pool;
};

/** Closes the checks' connections. */
export async function closeChecks(): Promise<void> {
  await Promise.all([...pools.values()].map((p) => p.end()));
  pools.clear();
}

async function one(url: string, sql: string, params: readonly unknown[] = []): Promise<number> {
  const { rows } = await poolOf(url).query<{ n: string }>(sql, [...params]);
  return Number(rows[0]?.n ?? 0);
}

/** The last inbound sequence number (0 when empty): a round's messages come after it. */
export const pgLastSeq = (url: string) => one(url, 'SELECT coalesce(max(seq), 0) AS n FROM inbound');

/** Messages after `afterSeq` not processed yet plus their replies not yet ended: 0 once a round drained. */
export const pgOpenWork = (url: string, afterSeq: number) =>
  one(
    url,
    `SELECT (SELECT count(*) FROM inbound WHERE seq > $1 AND processed_at IS NULL)
          + (SELECT count(*) FROM outbox WHERE inbound_seq > $1 AND state IN ('pending', 'sending')) AS n`,
    [afterSeq],
  );

/** The counts of the messages stored after `afterSeq`. */
export async function pgCounts(url: string, afterSeq: number): Promise<ReplyCounts> {
  const { rows } = await poolOf(url).query<Record<keyof ReplyCounts, string>>(
    `SELECT (SELECT count(*) FROM inbound WHERE seq > $1) AS stored,
            (SELECT count(*) FROM inbound WHERE seq > $1 AND processed_at IS NULL) AS unprocessed,
            (SELECT count(*) FROM inbound WHERE seq > $1 AND error IS NOT NULL) AS "turnErrors",
            (SELECT count(*) FROM inbound i WHERE i.seq > $1 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.inbound_seq = i.seq)) AS "withoutReply",
            (SELECT count(*) FROM outbox WHERE inbound_seq > $1) AS replies,
            (SELECT count(*) FROM outbox WHERE inbound_seq > $1 AND state <> 'sent') AS "repliesNotSent"`,
    [afterSeq],
  );
  const r = rows[0];
  if (r === undefined) throw new Error('no counts');
  return {
    stored: Number(r.stored),
    unprocessed: Number(r.unprocessed),
    turnErrors: Number(r.turnErrors),
    withoutReply: Number(r.withoutReply),
    replies: Number(r.replies),
    repliesNotSent: Number(r.repliesNotSent),
  };
}

/**
 * How long the messages stored after `afterSeq` waited for their reply: p50 and p99 of the reply's
 * `sent_at` (the Graph API accepted it) less the message's `received_at` (stored, acknowledged), ms.
 */
export async function pgReplyLatency(url: string, afterSeq: number): Promise<ReplyLatency> {
  const { rows } = await poolOf(url).query<{ p50: number | null; p99: number | null; processed: number | null }>(
    `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY o.sent_at - i.received_at) AS p50,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY o.sent_at - i.received_at) AS p99,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY i.processed_at - i.received_at) AS processed
       FROM outbox o JOIN inbound i ON i.seq = o.inbound_seq WHERE i.seq > $1 AND o.state = 'sent'`,
    [afterSeq],
  );
  return { p50ms: Number(rows[0]?.p50 ?? NaN), p99ms: Number(rows[0]?.p99 ?? NaN), processedP50ms: Number(rows[0]?.processed ?? NaN) };
}

/** ANALYZE the whole database (`--pg-analyze` in stores.ts). */
export async function pgAnalyze(url: string): Promise<void> {
  await poolOf(url).query('ANALYZE');
}

/** A fresh database for one setup and round, and how to drop it. */
export interface BenchDatabase {
  readonly url: string;
  /** A connection to the server's admin database (the CPU breakdown reads `pg_stat_activity` through it). */
  readonly admin: PgPool;
  /** Closes the checks' connections, drops the database and closes `admin`. */
  drop(): Promise<void>;
}

/** Creates `<prefix>_<random>` on the server of `adminUrl`, with `synchronous_commit` as asked (`on` or `off`, checked by the caller). */
export async function createBenchDatabase(adminUrl: string, prefix: string, synchronousCommit: string): Promise<BenchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = createPool(adminUrl, { max: 1, applicationName: 'samvad bench' });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = ${synchronousCommit}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    admin,
    async drop() {
      await closeChecks();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
