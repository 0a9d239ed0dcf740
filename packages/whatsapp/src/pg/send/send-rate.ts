/**
 * The shared rate limit of one business number: a token bucket in the `send_rate` row, refilled
 * and taken in one statement inside the claim transaction. The statement locks the row, so the
 * claims of every process sending for the number are serialised on it and together never take
 * more than `burst` tokens plus `rate` per second — the number's WHATSAPP_SEND_RATE holds for the
 * cluster, not per process. A throughput error from Meta (130429…) pauses the number for every
 * process by driving the bucket below zero.
 */
import type { PgClient, PgPool } from '../pool.js';
import { DB_NOW_MS } from './db-time.js';

/** The bucket of a number: at most `burst` tokens, `rate` more per second. */
export interface RateLimit {
  readonly rate: number;
  readonly burst: number;
}

/** What a take gave. */
export interface Taken {
  /** Tokens granted (≤ wanted). */
  readonly granted: number;
  /** Tokens left in the bucket (below 1: the next one is `(1 - left) / rate` seconds away; negative while paused). */
  readonly left: number;
}

/** The bucket row of `numberId`, full, unless it exists. */
export async function ensureBucket(pool: PgPool | PgClient, numberId: string, limit: RateLimit): Promise<void> {
  await pool.query(`INSERT INTO send_rate (number_id, tokens, updated_at) VALUES ($1, $2, ${DB_NOW_MS}) ON CONFLICT (number_id) DO NOTHING`, [numberId, limit.burst]);
}

/** Tokens now: what was left plus the refill since the last update, at most `burst` (SQL; $2 rate, $3 burst). */
const REFILLED = `least($3::float8, tokens + greatest(0, ${DB_NOW_MS} - updated_at) * $2::float8 / 1000)`;

/**
 * Refills the bucket of `numberId` and takes up to `want` whole tokens, in `client`'s transaction
 * (the row stays locked until it ends). The inner `FOR UPDATE` waits for another process's claim
 * and then reads its committed row, so a grant is always computed from the latest tokens.
 * A missing row (a number seen for the first time) is created full and taken from.
 */
export async function takeTokens(client: PgClient, numberId: string, limit: RateLimit, want: number): Promise<Taken> {
  const sql = `
    UPDATE send_rate s SET tokens = r.avail - r.take, updated_at = greatest(s.updated_at, r.now)
      FROM (SELECT now, avail, least($4::int, greatest(0, floor(avail)))::int AS take
              FROM (SELECT ${DB_NOW_MS} AS now, ${REFILLED} AS avail
                      FROM send_rate WHERE number_id = $1 FOR UPDATE) a) r
     WHERE s.number_id = $1
    RETURNING r.take AS granted, r.avail - r.take AS left`;
  const params = [numberId, limit.rate, limit.burst, want];
  let result = await client.query<{ granted: number; left: number }>(sql, params);
  if (result.rows.length === 0) {
    await ensureBucket(client, numberId, limit);
    result = await client.query<{ granted: number; left: number }>(sql, params);
  }
  const row = result.rows[0];
  return row === undefined ? { granted: 0, left: 0 } : { granted: Number(row.granted), left: Number(row.left) };
}

/**
 * Pauses the number for `ms` for every process: the bucket is emptied to `-ms × rate` tokens, so
 * the next token is earned `ms` from now (a deeper pause already set is kept).
 */
export async function pauseNumber(pool: PgPool, numberId: string, limit: RateLimit, ms: number): Promise<void> {
  await pool.query(
    `UPDATE send_rate SET tokens = least(${REFILLED}, -$4::float8 * $2::float8 / 1000), updated_at = greatest(updated_at, ${DB_NOW_MS})
      WHERE number_id = $1`,
    [numberId, limit.rate, limit.burst, ms],
  );
}

/** Milliseconds until `want` tokens are there, from `left` (at least 1 ms). */
export function msUntil(left: number, want: number, rate: number): number {
  return Math.max(1, Math.ceil(((want - left) / rate) * 1000));
}
