/**
 * The outbox seen from the whole cluster, for `/healthz`: read on the sender's slow poll (so
 * `health()` stays free of database access) for the numbers this process sends for.
 */
import type { PgPool } from '../pool.js';
import { DB_NOW_MS, toNumber } from './db-time.js';
import { OPEN_STATES } from './outbox-claims.js';

/** Open rows of some numbers, as of one read. */
export interface OutboxWatch {
  /** Rows not yet sent or given up (every process's). */
  readonly open: number;
  /** Age of the oldest of them since it was written (ms); 0 when none. */
  readonly oldestMs: number;
  /**
   * Citizens whose first open row has a lease that ran out more than `graceMs` ago and that no
   * process took over: a due reply nobody is sending (0 unless every process is failing).
   */
  readonly abandoned: number;
}

/** Reads the watch for `numberIds`. */
export async function readOutboxWatch(pool: PgPool, numberIds: readonly string[], graceMs: number): Promise<OutboxWatch> {
  const result = await pool.query<{ open: string; oldest_ms: string | null; abandoned: string }>(
    `SELECT count(*) AS open, ${DB_NOW_MS} - min(created_at) AS oldest_ms,
            count(DISTINCT (number_id, citizen)) FILTER (WHERE lease_until < ${DB_NOW_MS} - $2::bigint) AS abandoned
       FROM outbox WHERE number_id = ANY($1::text[]) AND state IN ${OPEN_STATES}`,
    [numberIds, graceMs],
  );
  const row = result.rows[0];
  return {
    open: toNumber(row?.open ?? null) ?? 0,
    oldestMs: Math.max(0, toNumber(row?.oldest_ms ?? null) ?? 0),
    abandoned: toNumber(row?.abandoned ?? null) ?? 0,
  };
}
