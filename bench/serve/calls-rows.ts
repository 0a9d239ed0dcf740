/** The `calls` table of serve's store as the calls benchmark reads it, from SQLite or PostgreSQL. */
import type { PgPool } from '@samvad/whatsapp/db';
import { openOutboxFile } from '../../packages/whatsapp/src/store/outbox-admin.js';

/** One row of `calls` (docs/serve.md, "Calls to department systems"). */
export interface CallRow {
  /** The Idempotency-Key serve sent. */
  readonly key: string;
  readonly citizen: string;
  readonly state: string;
  readonly attempts: number;
  readonly outcome: string | null;
  /** The receiver's answer as stored (JSON text), once done. */
  readonly answer: string | null;
}

/** Every call in serve's SQLite file at `path`. */
export function sqliteCalls(path: string): CallRow[] {
  const db = openOutboxFile(path, false);
  if (db === undefined) throw new Error(`no database at ${path}`);
  try {
    return db.prepare('SELECT key, user AS citizen, state, attempts, outcome, answer FROM calls').all() as CallRow[];
  } finally {
    db.close();
  }
}

/** Every call in the PostgreSQL database `pool` is connected to. */
export async function pgCalls(pool: PgPool): Promise<CallRow[]> {
  const { rows } = await pool.query<{ key: string; citizen: string; state: string; attempts: number; outcome: string | null; answer: string | null }>(
    'SELECT key, citizen, state, attempts, outcome, answer FROM calls',
  );
  return rows.map((r) => ({ key: r.key, citizen: r.citizen, state: r.state, attempts: Number(r.attempts), outcome: r.outcome, answer: r.answer }));
}
