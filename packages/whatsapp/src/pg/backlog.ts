/**
 * What waits in the shared database for the numbers a process serves, in one query: stored
 * messages not yet processed (and when the oldest arrived) and replies not yet sent. It is also
 * the database check of `/healthz` (it fails when PostgreSQL does) and feeds the depth gauges.
 */
import type { PgPool } from './pool.js';

/** The backlog of some numbers across the cluster. */
export interface Backlog {
  /** Messages stored and not yet processed. */
  readonly queueDepth: number;
  /** When the oldest of them was received (ms), if one waits. */
  readonly oldestUnprocessedAt: number | undefined;
  /** Outbox rows not yet sent (pending or being retried). */
  readonly outboxDepth: number;
}

const QUERY = `
SELECT (SELECT count(*) FROM inbound WHERE processed_at IS NULL AND number_id = ANY($1::text[]))::text AS queue,
       (SELECT min(received_at) FROM inbound WHERE processed_at IS NULL AND number_id = ANY($1::text[]))::text AS oldest,
       (SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending') AND number_id = ANY($1::text[]))::text AS outbox`;

/** Reads the backlog of `numbers`; rejects after `timeoutMs` (a database that does not answer is a failing one). */
export async function readBacklog(pool: PgPool, numbers: readonly string[], timeoutMs: number): Promise<Backlog> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([pool.query<{ queue: string; oldest: string | null; outbox: string }>(QUERY, [numbers]), timeout]);
    const row = result.rows[0];
    return {
      queueDepth: Number(row?.queue ?? 0),
      oldestUnprocessedAt: row?.oldest == null ? undefined : Number(row.oldest),
      outboxDepth: Number(row?.outbox ?? 0),
    };
  } finally {
    clearTimeout(timer);
  }
}
