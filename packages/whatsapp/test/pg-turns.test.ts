/**
 * The per-citizen lock and the one-transaction turn of the PostgreSQL processor
 * (pg/turn-transaction.ts), on a real PostgreSQL: two connections stand for two processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../src/pg/migrate.js';
import { createPool } from '../src/pg/pool.js';
import type { PgClient, PgPool } from '../src/pg/pool.js';
import { claimNext, finishTurn } from './support/pg-one-turn.js';
import { startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';

const NUMBER = '106540352242922';
let db: TestPostgres;
let pool: PgPool;
beforeAll(async () => {
  db = await startTestPostgres();
  pool = createPool(db.url, { max: 6 });
  await applyMigrations(pool);
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await db?.stop();
});

let wamids = 0;
async function store(citizen: string, count: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < count; i += 1) {
    wamids += 1;
    const message = { wamid: `w${wamids}`, from: citizen, phoneNumberId: NUMBER, timestamp: 0, type: 'text', inbound: { kind: 'text', text: `m${i}` }, errors: [] };
    const r = await pool.query<{ seq: string }>(
      `INSERT INTO inbound (wamid, number_id, citizen, type, message, sent_at, received_at) VALUES ($1, $2, $3, 'text', $4, 0, 0) RETURNING seq`,
      [message.wamid, NUMBER, citizen, JSON.stringify(message)],
    );
    seqs.push(Number(r.rows[0]?.seq));
  }
  return seqs;
}
const advisoryLocks = async () => Number((await pool.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'`)).rows[0]?.n);
const writes = (seq: number, bodies: string[] = []) => ({ seq, now: Date.now(), session: { v: seq } as never, bodies });

describe('a citizen processed by one connection at a time, each message once, in order', () => {
  it('holds the citizen across their messages, then lets go; a second connection waits its turn', async () => {
    const citizen = '919870000001';
    const [first, second] = await store(citizen, 2);
    const a: PgClient = await pool.connect();
    const b: PgClient = await pool.connect();
    try {
      const claimed = await claimNext(a, NUMBER, citizen);
      expect(claimed).toMatchObject({ kind: 'message', seq: first });
      expect(await claimNext(b, NUMBER, citizen)).toEqual({ kind: 'locked' });
      const one = await finishTurn(a, NUMBER, citizen, writes(first ?? 0, ['{"reply":1}', '{"reply":2}']));
      expect(one).toMatchObject({ marked: true, replies: 2, next: { kind: 'message', seq: second } });
      expect(await claimNext(b, NUMBER, citizen)).toEqual({ kind: 'locked' }); // still A's: it goes on to the next
      const two = await finishTurn(a, NUMBER, citizen, writes(second ?? 0, ['{"reply":3}']));
      expect(two).toMatchObject({ marked: true, replies: 1, next: { kind: 'none' } });
      expect(await advisoryLocks()).toBe(0); // released by the statement that found nothing left
      expect(await claimNext(b, NUMBER, citizen)).toEqual({ kind: 'none' });
      expect(await advisoryLocks()).toBe(0);
      const outbox = await pool.query(`SELECT inbound_seq, body FROM outbox WHERE citizen = $1 ORDER BY id`, [citizen]);
      expect(outbox.rows.map((r) => [Number(r.inbound_seq), r.body])).toEqual([
        [first, '{"reply":1}'],
        [first, '{"reply":2}'],
        [second, '{"reply":3}'],
      ]);
      const session = await pool.query(`SELECT session FROM sessions WHERE citizen = $1`, [citizen]);
      expect(JSON.parse(String(session.rows[0]?.session))).toEqual({ v: second });
    } finally {
      a.release();
      b.release();
    }
  });

  it('a message marked already is not answered again (nothing written); an engine error is recorded and the message done', async () => {
    const citizen = '919870000002';
    const [seq] = await store(citizen, 1);
    const a = await pool.connect();
    try {
      expect(await claimNext(a, NUMBER, citizen)).toMatchObject({ kind: 'message', seq });
      await pool.query(`UPDATE inbound SET processed_at = 1 WHERE seq = $1`, [seq]); // as if done elsewhere
      const done = await finishTurn(a, NUMBER, citizen, writes(seq ?? 0, ['{"reply":"twice"}']));
      expect(done).toEqual({ marked: false, replies: 0, next: { kind: 'none' } });
      expect((await pool.query(`SELECT count(*)::int AS n FROM outbox WHERE citizen = $1`, [citizen])).rows[0]?.n).toBe(0);
      expect((await pool.query(`SELECT count(*)::int AS n FROM sessions WHERE citizen = $1`, [citizen])).rows[0]?.n).toBe(0);

      const [bad] = await store(citizen, 1);
      expect(await claimNext(a, NUMBER, citizen)).toMatchObject({ kind: 'message', seq: bad });
      expect(await finishTurn(a, NUMBER, citizen, { seq: bad ?? 0, now: Date.now(), error: 'engine bug', bodies: [] })).toMatchObject({ marked: true, replies: 0 });
      const row = await pool.query(`SELECT processed_at IS NOT NULL AS done, error FROM inbound WHERE seq = $1`, [bad]);
      expect(row.rows[0]).toEqual({ done: true, error: 'engine bug' });
      expect(await advisoryLocks()).toBe(0);
    } finally {
      a.release();
    }
  });

  it('a connection that dies mid-turn frees the citizen: another takes the same message over', async () => {
    const citizen = '919870000003';
    const [seq] = await store(citizen, 1);
    const a = await pool.connect();
    const b = await pool.connect();
    try {
      expect(await claimNext(a, NUMBER, citizen)).toMatchObject({ kind: 'message', seq });
      expect(await claimNext(b, NUMBER, citizen)).toEqual({ kind: 'locked' });
      a.release(new Error('the process died')); // the pool ends this connection
      await expect.poll(() => claimNext(b, NUMBER, citizen), { timeout: 5_000 }).toMatchObject({ kind: 'message', seq });
      expect(await finishTurn(b, NUMBER, citizen, writes(seq ?? 0, ['{"reply":"once"}']))).toMatchObject({ marked: true, replies: 1, next: { kind: 'none' } });
    } finally {
      b.release();
    }
  });
});
