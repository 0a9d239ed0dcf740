/**
 * The shared rate limit of one business number: a token bucket in the `send_rate` row, refilled
 * and taken by the claim statement (outbox-claims.ts), which locks the row: the claims of every
 * process sending for the number are serialised on it and together never take more than `burst`
 * tokens plus `rate` per second — the number's WHATSAPP_SEND_RATE holds for the cluster, not per
 * process. The refill is computed when tokens are taken, so an idle number costs no writes. A
 * throughput error from Meta (130429…) pauses the number for every process by driving the bucket
 * below zero.
 */
import type { PgPool } from '../pool.js';
import { DB_NOW_MS } from './db-time.js';

/** The bucket of a number: at most `burst` tokens, `rate` more per second. */
export interface RateLimit {
  readonly rate: number;
  readonly burst: number;
}

/** The bucket row of `numberId`, full, unless it exists. */
export async function ensureBucket(pool: PgPool, numberId: string, limit: RateLimit): Promise<void> {
  await pool.query(`INSERT INTO send_rate (number_id, tokens, updated_at) VALUES ($1, $2, ${DB_NOW_MS}) ON CONFLICT (number_id) DO NOTHING`, [numberId, limit.burst]);
}

/** Tokens now: what was left plus the refill since the last update, at most `burst` (SQL; $3 rate, $4 burst). */
export const REFILLED = `least($4::float8, tokens + greatest(0, ${DB_NOW_MS} - updated_at) * $3::float8 / 1000)`;

/**
 * Pauses the number for `ms` for every process: the bucket is emptied to `-ms × rate` tokens, so
 * the next token is earned `ms` from now (a deeper pause already set is kept).
 */
export async function pauseNumber(pool: PgPool, numberId: string, limit: RateLimit, ms: number): Promise<void> {
  await pool.query(
    `UPDATE send_rate SET tokens = least(${REFILLED}, -$2::float8 * $3::float8 / 1000), updated_at = greatest(updated_at, ${DB_NOW_MS})
      WHERE number_id = $1`,
    [numberId, ms, limit.rate, limit.burst],
  );
}

/** Milliseconds until `want` tokens are there, from `left` (at least 1 ms). */
export function msUntil(left: number, want: number, rate: number): number {
  return Math.max(1, Math.ceil(((want - left) / rate) * 1000));
}
