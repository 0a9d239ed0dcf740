/**
 * Claiming outbox rows to send, shared by every process on the database (see pg-sender.ts).
 *
 * One short transaction per claim:
 * 1. the due open rows of the number that are first in their citizen's line (no EARLIER open row
 *    of that citizen: every earlier one is sent or given up) and not leased, or whose lease ran
 *    out, oldest first, locked `FOR UPDATE SKIP LOCKED` (two processes never lock the same row,
 *    and neither waits for the other);
 * 2. as many tokens as there are such rows, from the number's shared bucket (send-rate.ts);
 * 3. the granted rows become `sending`, leased to this process until `now + leaseMs`.
 * The send happens after the commit. Since a citizen's next row is only claimable once the one
 * before it is marked (sent or given up), a citizen has at most one row in flight in the whole
 * cluster and their replies reach Meta in order.
 *
 * A row whose lease ran out (its process died, or lost its connection) is claimable again: the
 * row's send may have reached Meta before its process died, so such a row is sent a second time —
 * the documented duplicate window is the lease.
 */
import type { PgClient, PgPool } from '../pool.js';
import { DB_NOW_MS, toNumber } from './db-time.js';
import { takeTokens } from './send-rate.js';
import type { RateLimit } from './send-rate.js';

/** States whose rows are still to be sent (SQL list), as in the SQLite outbox. */
export const OPEN_STATES = `('pending', 'sending')`;

/** A row this process now holds the lease of. */
export interface ClaimedRow {
  readonly id: number;
  readonly citizen: string;
  readonly body: string;
  /** Attempts made before this one. */
  readonly attempts: number;
  /** When the customer-service window of the reply opened (ms). */
  readonly windowStart: number;
  /** The process whose lease on this row ran out (it was taken over), if any. */
  readonly takenFrom: string | undefined;
}

/** What one claim found. */
export interface Claim {
  /** The rows granted, oldest first. */
  readonly rows: readonly ClaimedRow[];
  /** Rows that could have been claimed (before the rate limit): `rows` is shorter when tokens ran short. */
  readonly found: number;
  /** Tokens left in the number's bucket after the grant. */
  readonly tokensLeft: number;
  /**
   * When found fewer than asked: ms until the next row of the number becomes claimable (a retry
   * falling due, another process's lease running out), if one is waiting.
   */
  readonly nextInMs: number | undefined;
}

/** What to claim. */
export interface ClaimRequest {
  readonly numberId: string;
  readonly processId: string;
  /** Most rows to take (free slots). */
  readonly limit: number;
  readonly rate: RateLimit;
  readonly leaseMs: number;
}

/**
 * The first open row of each citizen of the number (`$1`): a skip scan of the `outbox_open` index
 * (number_id, citizen, id) — one probe per citizen with something to send, however long the
 * backlog behind them. (A correlated NOT EXISTS per row was planned as a nested scan of every open
 * row per row on a table without statistics: quadratic.)
 */
const HEADS = `
  WITH RECURSIVE heads AS (
    (SELECT citizen, id FROM outbox WHERE number_id = $1 AND state IN ${OPEN_STATES} ORDER BY citizen, id LIMIT 1)
    UNION ALL
    SELECT n.citizen, n.id FROM heads h, LATERAL (
      SELECT citizen, id FROM outbox
       WHERE number_id = $1 AND state IN ${OPEN_STATES} AND citizen > h.citizen
       ORDER BY citizen, id LIMIT 1) n
  )`;

/**
 * The heads that are due and not leased (or whose lease ran out), oldest first, locked. The state
 * is re-checked on the locked row (it may have been marked since the snapshot) with NOT IN, which
 * keeps the planner on the primary key for `o.id = h.id` (an `IN ('pending', 'sending')` test makes
 * the partial indexes look cheaper, and they are scanned whole per head).
 */
const CANDIDATES = `${HEADS}
  SELECT o.id, o.claimed_by FROM heads h JOIN outbox o ON o.id = h.id
   WHERE o.state NOT IN ('sent', 'failed', 'window_closed') AND o.due_at <= ${DB_NOW_MS}
     AND (o.lease_until IS NULL OR o.lease_until < ${DB_NOW_MS})
   ORDER BY o.id LIMIT $2
   FOR UPDATE OF o SKIP LOCKED`;

const CLAIM = `
  UPDATE outbox SET state = 'sending', claimed_by = $2, lease_until = ${DB_NOW_MS} + $3::bigint
   WHERE id = ANY($1::bigint[])
  RETURNING id, citizen, body, attempts, window_start`;

/**
 * The next moment a head turns claimable: a retry's due time, or the end of a lease held by
 * another process (this process claims again when its own sends settle). Rows behind a head wait
 * for it, so only heads count.
 */
const NEXT = `${HEADS}
  SELECT min(CASE WHEN o.lease_until > ${DB_NOW_MS} THEN o.lease_until ELSE o.due_at END) - ${DB_NOW_MS} AS next_in
    FROM heads h JOIN outbox o ON o.id = h.id
   WHERE (o.lease_until > ${DB_NOW_MS} AND o.claimed_by <> $2)
      OR (o.due_at > ${DB_NOW_MS} AND (o.lease_until IS NULL OR o.lease_until <= ${DB_NOW_MS}))`;

/** Claims up to `request.limit` rows (see the file comment). */
export async function claimRows(pool: PgPool, request: ClaimRequest): Promise<Claim> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const candidates = await client.query<{ id: string; claimed_by: string | null }>(CANDIDATES, [request.numberId, request.limit]);
    let rows: ClaimedRow[] = [];
    let tokensLeft = 0;
    if (candidates.rows.length > 0) {
      const taken = await takeTokens(client, request.numberId, request.rate, candidates.rows.length);
      tokensLeft = taken.left;
      const granted = candidates.rows.slice(0, taken.granted);
      if (granted.length > 0) rows = await claim(client, granted, request);
    }
    const nextInMs = candidates.rows.length < request.limit ? await nextIn(client, request) : undefined;
    await client.query('COMMIT');
    return { rows, found: candidates.rows.length, tokensLeft, nextInMs };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

async function claim(client: PgClient, granted: readonly { id: string; claimed_by: string | null }[], request: ClaimRequest): Promise<ClaimedRow[]> {
  const previous = new Map(granted.map((c) => [c.id, c.claimed_by]));
  const result = await client.query<{ id: string; citizen: string; body: string; attempts: number; window_start: string }>(CLAIM, [
    granted.map((c) => c.id),
    request.processId,
    request.leaseMs,
  ]);
  return result.rows
    .map((r) => {
      const before = previous.get(r.id) ?? null;
      return {
        id: Number(r.id),
        citizen: r.citizen,
        body: r.body,
        attempts: Number(r.attempts),
        windowStart: Number(r.window_start),
        takenFrom: before === null || before === request.processId ? undefined : before,
      };
    })
    .sort((a, b) => a.id - b.id);
}

async function nextIn(client: PgClient, request: ClaimRequest): Promise<number | undefined> {
  const result = await client.query<{ next_in: string | null }>(NEXT, [request.numberId, request.processId]);
  const ms = toNumber(result.rows[0]?.next_in ?? null);
  return ms === undefined ? undefined : Math.max(1, ms);
}

/**
 * Gives back the leases this process holds on open rows (on stop), except `keep` (rows whose
 * outcome is still being written): other processes may claim them at once instead of after the
 * lease. Returns how many were released.
 */
export async function releaseLeases(pool: PgPool, processId: string, keep: readonly number[]): Promise<number> {
  const result = await pool.query(
    `UPDATE outbox SET lease_until = NULL, claimed_by = NULL
      WHERE claimed_by = $1 AND lease_until IS NOT NULL AND state IN ${OPEN_STATES} AND NOT (id = ANY($2::bigint[]))`,
    [processId, keep],
  );
  return result.rowCount ?? 0;
}
