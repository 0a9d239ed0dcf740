/**
 * The PostgreSQL processor's batches (pg/batch-lane.ts, pg/turn-transaction.ts), on a real
 * PostgreSQL: several citizens' turns committed in one transaction stay in per-citizen order and
 * exactly once, even with two processors (two "processes") on one database; a connection killed
 * mid-batch (pg_terminate_backend) loses and doubles nothing; an engine error in one turn leaves
 * the other turns of its batch answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareGraph } from '@samvad/runtime';
import type { DataSourceProvider, Graph } from '@samvad/runtime';
import { createMetrics } from '../src/ops/metrics.js';
import { applyMigrations } from '../src/pg/migrate.js';
import { createPool } from '../src/pg/pool.js';
import type { PgPool } from '../src/pg/pool.js';
import { PgProcessor } from '../src/pg/processor.js';
import type { PgProcessorOptions, ServedBot } from '../src/pg/processor.js';
import { testGraph } from './support/graph.js';
import { memoryLogger } from './support/harness.js';
import { startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';

const NUMBER = '106540352242922';
const BROKEN_NUMBER = '106540352242999';
let db: TestPostgres;
let pool: PgPool;
const pools: PgPool[] = [];
beforeAll(async () => {
  db = await startTestPostgres();
  pool = createPool(db.url, { max: 4 });
  await applyMigrations(pool);
}, 60_000);
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await pool?.end();
  await db?.stop();
});

let wamids = 0;
/** Stores `texts` from `citizen`, in order (as deliveries would); resolves with their seqs. */
async function store(citizen: string, texts: readonly string[], numberId = NUMBER): Promise<number[]> {
  const seqs: number[] = [];
  for (const text of texts) {
    wamids += 1;
    const message = { wamid: `wb${wamids}`, from: citizen, phoneNumberId: numberId, timestamp: 0, type: 'text', inbound: { kind: 'text', text }, errors: [] };
    const r = await pool.query<{ seq: string }>(
      `INSERT INTO inbound (wamid, number_id, citizen, type, message, sent_at, received_at) VALUES ($1, $2, $3, 'text', $4, 0, 0) RETURNING seq`,
      [message.wamid, numberId, citizen, JSON.stringify(message)],
    );
    seqs.push(Number(r.rows[0]?.seq));
  }
  await pool.query(`NOTIFY samvad_inbound`);
  return seqs;
}

/** A processor on its own pool (a process of its own), started. */
async function processor(name: string, bot: (numberId: string) => ServedBot | undefined, options: Partial<PgProcessorOptions> = {}) {
  const own = createPool(db.url, { max: 8, applicationName: name });
  pools.push(own);
  const logs: Record<string, unknown>[] = [];
  const outboxed: string[] = [];
  const p = new PgProcessor(
    own,
    own,
    { numbers: [NUMBER, BROKEN_NUMBER], bot, replyMaxAgeMs: 86_400_000, onOutbox: (_, citizen) => outboxed.push(citizen), statementsInFlight: 1, retryBaseMs: 20, retryCapMs: 100, ...options },
    memoryLogger(logs),
    createMetrics(() => ({ outbox: 0, queue: 0 })),
  );
  await p.start();
  return { processor: p, logs, outboxed };
}

function bot(providers: Readonly<Record<string, DataSourceProvider>> = {}): ServedBot {
  const graph = testGraph();
  prepareGraph(graph);
  return { graph, providers };
}

interface Mark {
  readonly seq: string;
  readonly citizen: string;
  readonly done: boolean;
  readonly error: string | null;
  /** The transaction that marked it. */
  readonly tx: string;
  readonly replies: number;
  readonly text: string;
}

/** Reply rows one turn of each text makes (testGraph): the home menu, the info page (text, link), the GR menu. */
const REPLIES: Readonly<Record<string, number>> = { hi: 1, '0': 1, '1': 2, '4': 1 };
/** Messages not marked exactly once without error, with the replies of one turn. */
const notOnce = (rows: readonly Mark[]) => rows.filter((m) => !m.done || m.error !== null || m.replies !== REPLIES[m.text]);

async function marks(citizens: readonly string[]): Promise<Mark[]> {
  const r = await pool.query<Mark>(
    `SELECT i.seq::text, i.citizen, i.processed_at IS NOT NULL AS done, i.error, i.xmin::text AS tx,
            (SELECT count(*)::int FROM outbox o WHERE o.inbound_seq = i.seq) AS replies,
            i.message::json->'inbound'->>'text' AS text
       FROM inbound i WHERE i.citizen = ANY($1::text[]) ORDER BY i.seq`,
    [citizens],
  );
  return r.rows;
}

const allDone = async (citizens: readonly string[]) => (await marks(citizens)).every((m) => m.done);
const advisoryLocks = async () => Number((await pool.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'`)).rows[0]?.n);

describe('several citizens per transaction', () => {
  it('commits many citizens per transaction, each citizen one message per transaction, in order, exactly once — two processes sharing the work', { timeout: 60_000 }, async () => {
    const citizens = Array.from({ length: 24 }, (_, i) => `9198100${String(i).padStart(5, '0')}`);
    // Stored before any processor runs: a backlog, so batches fill.
    for (const citizen of citizens) await store(citizen, ['hi', '1', '0', '1', '0']);
    const a = await processor('batch-a', () => bot(), { batchSize: 8 });
    const b = await processor('batch-b', () => bot(), { batchSize: 8 });
    try {
      await expect.poll(() => allDone(citizens), { timeout: 30_000 }).toBe(true);
      const rows = await marks(citizens);
      expect(rows).toHaveLength(citizens.length * 5);
      // Exactly once: every message marked without error, with the reply rows of one turn, none doubled.
      expect(notOnce(rows)).toEqual([]);
      // Per-citizen order: each citizen's messages were marked by strictly later transactions, in seq order.
      for (const citizen of citizens) {
        const txs = rows.filter((m) => m.citizen === citizen).map((m) => BigInt(m.tx));
        expect(txs.every((tx, i) => i === 0 || tx > (txs[i - 1] ?? 0n)), `${citizen}: ${txs.join(',')}`).toBe(true);
      }
      // Batches: 120 turns took far fewer transactions, several citizens in one.
      const transactions = new Set(rows.map((m) => m.tx)).size;
      expect(transactions).toBeLessThan(rows.length / 2);
      // The outbox rows of each citizen are in the order of their messages.
      const outbox = await pool.query<{ citizen: string; seq: string }>(`SELECT citizen, inbound_seq::text AS seq FROM outbox WHERE citizen = ANY($1::text[]) ORDER BY id`, [citizens]);
      for (const citizen of citizens) {
        const seqs = outbox.rows.filter((r) => r.citizen === citizen).map((r) => Number(r.seq));
        expect(seqs).toEqual(rows.filter((m) => m.citizen === citizen).flatMap((m) => Array<number>(m.replies).fill(Number(m.seq))));
      }
      // The sender heard of every citizen with replies.
      expect(new Set([...a.outboxed, ...b.outboxed])).toEqual(new Set(citizens));
      await expect.poll(advisoryLocks).toBe(0);
    } finally {
      await a.processor.stop();
      await b.processor.stop();
    }
  });

  it('a lone message is claimed and committed at once, a batch of one', { timeout: 30_000 }, async () => {
    const p = await processor('batch-lone', () => bot());
    try {
      const [seq] = await store('919810099999', ['hello']);
      await expect.poll(() => allDone(['919810099999']), { timeout: 5_000 }).toBe(true);
      expect(await marks(['919810099999'])).toMatchObject([{ seq: String(seq), error: null, replies: 1 }]);
    } finally {
      await p.processor.stop();
    }
  });
});

describe('failures in a batch', () => {
  it('a connection killed mid-batch (pg_terminate_backend) loses and doubles nothing: the batch is rolled back and done again', { timeout: 60_000 }, async () => {
    const citizens = Array.from({ length: 10 }, (_, i) => `9198200${String(i).padStart(5, '0')}`);
    // Every turn of the first round waits in the `gr` data source until the test lets it go.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const gr: DataSourceProvider = async () => {
      calls += 1;
      await held;
      return [{ id: 'gr1', fields: { title: 'GR one' } }];
    };
    for (const citizen of citizens) await store(citizen, ['hi', '4', '0']); // 4: the latest GRs (the data source); 0: home
    const p = await processor('batch-kill', () => bot({ gr }), { batchSize: 16 });
    try {
      // All ten citizens are held by one connection, their turns waiting in the data source.
      await expect.poll(() => calls, { timeout: 10_000 }).toBe(citizens.length);
      expect(await advisoryLocks()).toBe(citizens.length);
      const killed = await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' GROUP BY pid`);
      expect(killed.rowCount).toBe(1);
      release();
      await expect.poll(() => allDone(citizens), { timeout: 30_000 }).toBe(true);
      const rows = await marks(citizens);
      expect(notOnce(rows)).toEqual([]);
      for (const citizen of citizens) {
        const txs = rows.filter((m) => m.citizen === citizen).map((m) => BigInt(m.tx));
        expect(txs.every((tx, i) => i === 0 || tx > (txs[i - 1] ?? 0n)), `${citizen}: ${txs.join(',')}`).toBe(true);
      }
      // The first turns were done again after the connection died (their writes never committed).
      expect(calls).toBe(citizens.length * 2);
      expect(p.logs.some((l) => l['event'] === 'process.store_failed')).toBe(true);
      expect(p.logs.some((l) => l['event'] === 'process.store_recovered')).toBe(true);
      expect(p.processor.health()).toMatchObject({ retrying: 0 });
      await expect.poll(advisoryLocks).toBe(0);
    } finally {
      release();
      await p.processor.stop();
    }
  });

  it('an engine error in one turn is recorded on its message; the other turns of the batch are answered', { timeout: 30_000 }, async () => {
    const good = bot();
    const broken: ServedBot = {
      get graph(): Graph {
        throw new Error('engine bug: the graph cannot be read');
      },
      providers: {},
    };
    const citizens = Array.from({ length: 6 }, (_, i) => `9198300${String(i).padStart(5, '0')}`);
    const unlucky = '919830099999';
    for (const citizen of citizens.slice(0, 3)) await store(citizen, ['hi', '1']);
    await store(unlucky, ['hi', '1'], BROKEN_NUMBER);
    for (const citizen of citizens.slice(3)) await store(citizen, ['hi', '1']);
    const p = await processor('batch-engine', (numberId) => (numberId === BROKEN_NUMBER ? broken : good), { batchSize: 16 });
    try {
      await expect.poll(() => allDone([...citizens, unlucky]), { timeout: 10_000 }).toBe(true);
      const rows = await marks([...citizens, unlucky]);
      expect(rows.filter((m) => m.citizen === unlucky)).toMatchObject([
        { error: 'engine bug: the graph cannot be read', replies: 0 },
        { error: 'engine bug: the graph cannot be read', replies: 0 },
      ]);
      expect(notOnce(rows.filter((m) => m.citizen !== unlucky))).toEqual([]);
      // The unlucky turn shared its transaction with others, which were committed all the same.
      const unluckyTx = rows.find((m) => m.citizen === unlucky)?.tx;
      expect(rows.filter((m) => m.tx === unluckyTx && m.citizen !== unlucky).length).toBeGreaterThan(0);
      expect(p.logs.filter((l) => l['event'] === 'turn.failed')).toHaveLength(2);
    } finally {
      await p.processor.stop();
    }
  });
});
