/**
 * `samvad db copy`'s part for calls: the SQLite file's `calls` rows into PostgreSQL under the
 * number, in the copy's transaction. Pending calls stay pending (their key and body unchanged, so
 * the department's system sees the same Idempotency-Key again) and are due at once; the lease of a
 * run that is gone is dropped. Done calls are kept as history.
 */
import type Database from 'better-sqlite3';
import type { PgClient } from '../pool.js';

interface CallRow {
  readonly key: string;
  readonly user: string;
  readonly bot: string;
  readonly endpoint: string;
  readonly node: string;
  readonly request_id: string;
  readonly inbound_seq: number;
  readonly window_start: number;
  readonly timeout_ms: number;
  readonly body: string;
  readonly state: string;
  readonly attempts: number;
  readonly next_at: number;
  readonly created_at: number;
  readonly done_at: number | null;
  readonly outcome: string | null;
  readonly last_error: string | null;
  readonly answer: string | null;
}

/** Copies every call of the file (none in a file written before calls existed); resolves with how many are pending. */
export async function copyCalls(client: PgClient, source: Database.Database, numberId: string, seqOffset: number, now: number): Promise<{ total: number; pending: number }> {
  const has = source.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'calls'`).get() !== undefined;
  if (!has) return { total: 0, pending: 0 };
  const rows = source.prepare('SELECT * FROM calls ORDER BY created_at, key').all() as CallRow[];
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const column = <K extends keyof CallRow>(k: K) => batch.map((r) => r[k]);
    await client.query(
      `INSERT INTO calls (key, number_id, citizen, bot, endpoint, node, request_id, inbound_seq, window_start, timeout_ms, body, state, attempts,
                          next_at, created_at, done_at, outcome, last_error, answer)
       SELECT k, $1, c, b, e, n, r, s + $2::bigint, ws, t, bo, st, a, CASE WHEN st = 'pending' THEN $3::bigint ELSE na END, ca, da, o, le, an
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::int[],
                     $13::text[], $14::text[], $15::int[], $16::bigint[], $17::bigint[], $18::bigint[], $19::text[], $20::text[], $21::text[])
              AS u(k, c, b, e, n, r, s, ws, t, bo, st, a, na, ca, da, o, le, an)`,
      [
        numberId,
        seqOffset,
        now,
        column('key'),
        column('user'),
        column('bot'),
        column('endpoint'),
        column('node'),
        column('request_id'),
        column('inbound_seq'),
        column('window_start'),
        column('timeout_ms'),
        column('body'),
        column('state'),
        column('attempts'),
        column('next_at'),
        column('created_at'),
        column('done_at'),
        column('outcome'),
        column('last_error'),
        column('answer'),
      ],
    );
  }
  return { total: rows.length, pending: rows.filter((r) => r.state === 'pending').length };
}
