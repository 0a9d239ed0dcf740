/**
 * Claiming outbox rows to send, shared by every process on the database (see pg-sender.ts).
 *
 * One statement per claim (one round trip; its own short transaction):
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
import type { PgPool } from '../pool.js';
import { DB_NOW_MS, toNumber } from './db-time.js';
import { ensureBucket, REFILLED } from './send-rate.js';
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
  /**
   * Only these citizens' first open rows (the citizens this process just committed replies for,
   * or whose previous reply it just marked): an index probe each, instead of the walk over every
   * citizen with something open. Absent: every citizen of the number.
   */
  readonly citizens?: readonly string[];
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

/** The first open row of each citizen in `$7` (a probe of `outbox_open` per citizen). */
const HEADS_OF = `
  WITH heads AS (
    SELECT n.citizen, n.id FROM unnest($7::text[]) AS c(citizen), LATERAL (
      SELECT citizen, id FROM outbox
       WHERE number_id = $1 AND citizen = c.citizen AND state IN ${OPEN_STATES}
       ORDER BY id LIMIT 1) n
  )`;

/**
 * The next moment a head turns claimable (ms from now): a retry's due time, or the end of a lease
 * held by another process (this process claims again when its own sends settle). Rows behind a
 * head wait for it, so only heads count. (A subquery of the claim, on its snapshot: the heads it
 * claims are due now and unleased there, so they do not count.)
 */
const NEXT = `
  SELECT min(CASE WHEN o.lease_until > ${DB_NOW_MS} THEN o.lease_until ELSE o.due_at END) - ${DB_NOW_MS}
    FROM heads h JOIN outbox o ON o.id = h.id
   WHERE (o.lease_until > ${DB_NOW_MS} AND o.claimed_by <> $5)
      OR (o.due_at > ${DB_NOW_MS} AND (o.lease_until IS NULL OR o.lease_until <= ${DB_NOW_MS}))`;

/**
 * The whole claim, one statement (one round trip, its own transaction):
 * - `cand`: the heads that are due and not leased (or whose lease ran out), oldest first, locked.
 *   The state is re-checked on the locked row (it may have been marked since the snapshot) with
 *   NOT IN, which keeps the planner on the primary key for `o.id = h.id` (an `IN ('pending',
 *   'sending')` test makes the partial indexes look cheaper, and they are scanned whole per head);
 * - `bucket` → `granted` → `took`: the number's tokens refilled and taken (send-rate.ts); the bucket
 *   row is locked, so concurrent claims for the number queue here, and a claim that waited reads
 *   the row as the one before it left it (a locking read returns the latest version);
 * - `claimed`: as many of `cand` as were granted, leased to this process.
 * The last row (`kind = 'meta'`) carries how many were found, the tokens left and, when fewer
 * were found than asked, when to look again (`NEXT`).
 */
const claimStatement = (heads: string) => `${heads},
  cand AS (
    SELECT o.id, o.claimed_by FROM heads h JOIN outbox o ON o.id = h.id
     WHERE o.state NOT IN ('sent', 'failed', 'window_closed') AND o.due_at <= ${DB_NOW_MS}
       AND (o.lease_until IS NULL OR o.lease_until < ${DB_NOW_MS})
     ORDER BY o.id LIMIT $2
     FOR UPDATE OF o SKIP LOCKED),
  found AS (SELECT count(*)::int AS n FROM cand),
  bucket AS (
    SELECT ${DB_NOW_MS} AS now, ${REFILLED} AS avail
      FROM send_rate WHERE number_id = $1 AND (SELECT n FROM found) > 0
     FOR UPDATE),
  granted AS (SELECT least((SELECT n FROM found), greatest(0, floor(avail)))::int AS n, avail, now FROM bucket),
  took AS (
    UPDATE send_rate s SET tokens = g.avail - g.n, updated_at = greatest(s.updated_at, g.now)
      FROM granted g WHERE s.number_id = $1 AND g.n > 0
    RETURNING s.number_id),
  chosen AS (SELECT id, claimed_by FROM cand ORDER BY id LIMIT coalesce((SELECT n FROM granted), 0)),
  claimed AS (
    UPDATE outbox o SET state = 'sending', claimed_by = $5, lease_until = ${DB_NOW_MS} + $6::bigint
      FROM chosen c WHERE o.id = c.id
    RETURNING o.id, o.citizen, o.body, o.attempts, o.window_start, c.claimed_by AS previous)
  SELECT 'row' AS kind, id, citizen, body, attempts, window_start, previous,
         NULL::int AS found, NULL::float8 AS tokens_left, NULL::boolean AS bucket, NULL::bigint AS next_in
    FROM claimed
  UNION ALL
  SELECT 'meta', NULL, NULL, NULL, NULL, NULL, NULL, (SELECT n FROM found), (SELECT avail - n FROM granted),
         EXISTS (SELECT 1 FROM bucket) OR (SELECT n FROM found) = 0,
         CASE WHEN (SELECT n FROM found) < $2 THEN (${NEXT}) END`;
const CLAIM = claimStatement(HEADS);
const CLAIM_CITIZENS = claimStatement(HEADS_OF);

interface ClaimResultRow {
  readonly kind: 'row' | 'meta';
  readonly id: string | null;
  readonly citizen: string | null;
  readonly body: string | null;
  readonly attempts: number | null;
  readonly window_start: string | null;
  readonly previous: string | null;
  readonly found: number | null;
  readonly tokens_left: number | null;
  /** False when rows were found but the number has no bucket row yet. */
  readonly bucket: boolean | null;
  readonly next_in: string | null;
}

/** Claims up to `request.limit` rows (see the file comment). */
export async function claimRows(pool: PgPool, request: ClaimRequest): Promise<Claim> {
  const params: unknown[] = [request.numberId, request.limit, request.rate.rate, request.rate.burst, request.processId, request.leaseMs];
  // A named (prepared) statement: planned once per connection, not on every claim — its planning
  // cost more than running it (pg_stat_statements, issue 13's benchmark).
  const query =
    request.citizens === undefined
      ? { name: 'samvad_outbox_claim', text: CLAIM, values: params }
      : { name: 'samvad_outbox_claim_citizens', text: CLAIM_CITIZENS, values: [...params, request.citizens] };
  let result = await pool.query<ClaimResultRow>(query);
  let meta = result.rows.find((r) => r.kind === 'meta');
  if (meta?.bucket === false) {
    await ensureBucket(pool, request.numberId, request.rate); // a number seen for the first time
    result = await pool.query<ClaimResultRow>(query);
    meta = result.rows.find((r) => r.kind === 'meta');
  }
  const rows = result.rows
    .filter((r) => r.kind === 'row')
    .map(
      (r): ClaimedRow => ({
        id: Number(r.id),
        citizen: r.citizen ?? '',
        body: r.body ?? '',
        attempts: Number(r.attempts),
        windowStart: Number(r.window_start),
        takenFrom: r.previous === null || r.previous === request.processId ? undefined : r.previous,
      }),
    )
    .sort((a, b) => a.id - b.id);
  const next = toNumber(meta?.next_in ?? null);
  return { rows, found: meta?.found ?? 0, tokensLeft: Number(meta?.tokens_left ?? 0), nextInMs: next === undefined ? undefined : Math.max(1, next) };
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
