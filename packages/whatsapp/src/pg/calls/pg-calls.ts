/**
 * The calls table of the PostgreSQL store (migration 2), shared by every process on the database:
 *
 * - **Claim** (one statement): due pending calls of this process's numbers that nobody holds (no
 *   lease, or one that ran out: its process died), oldest first, locked `FOR UPDATE SKIP LOCKED`
 *   (two processes never take the same call, and neither waits for the other); each gets its
 *   attempt counted and a lease of its timeout plus a grace, in the database's clock.
 * - **Retry later**: handed back (lease cleared, due later) — only by the process still holding it.
 * - **Finish** (one statement, one transaction): the call marked done (`WHERE state = 'pending'`:
 *   once, whoever finishes first) and, only through that UPDATE's RETURNING, the inbound row
 *   `samvad-call:<key>` inserted; `pg_notify('samvad_inbound')` wakes the processors.
 *
 * A process killed between the POST and the finish leaves the call pending and leased; when the
 * lease runs out another process (or the same one, restarted) posts it again with the same key.
 */
import { storedAnswer } from '../../calls/call-store.js';
import type { CallBacklog, CallFinish, CallStore, ClaimedCall, FinishedCall } from '../../calls/call-store.js';
import { CALL_MESSAGE_TYPE, callMessage } from '../../calls/call-message.js';
import { INBOUND_CHANNEL } from '../inbound-store.js';
import type { PgPool } from '../pool.js';
import { DB_NOW_MS, toNumber } from '../send/db-time.js';

/** The channel a commit that stored a call notifies (every process's call worker looks). */
export const CALLS_CHANNEL = 'samvad_calls';

interface Row {
  readonly key: string;
  readonly number_id: string;
  readonly citizen: string;
  readonly endpoint: string;
  readonly request_id: string;
  readonly body: string;
  readonly timeout_ms: number;
  readonly attempts: number;
  readonly created_at: string;
  readonly window_start: string;
}

const CLAIM = `
UPDATE calls c SET attempts = c.attempts + 1, claimed_by = $1, lease_until = ${DB_NOW_MS} + c.timeout_ms + $2
  FROM (SELECT key FROM calls
         WHERE state = 'pending' AND number_id = ANY($3::text[]) AND next_at <= ${DB_NOW_MS}
           AND (lease_until IS NULL OR lease_until <= ${DB_NOW_MS})
         ORDER BY next_at LIMIT $4
         FOR UPDATE SKIP LOCKED) due
 WHERE c.key = due.key
RETURNING c.key, c.number_id, c.citizen, c.endpoint, c.request_id, c.body, c.timeout_ms, c.attempts, c.created_at::text, c.window_start::text`;

const RELEASE = `
UPDATE calls SET next_at = ${DB_NOW_MS} + $3, last_error = $4, claimed_by = NULL, lease_until = NULL
 WHERE key = $1 AND state = 'pending' AND claimed_by = $2`;

const FINISH = `
WITH done AS (
  UPDATE calls SET state = 'done', done_at = $2, outcome = $3, last_error = $4, answer = $5, claimed_by = NULL, lease_until = NULL
   WHERE key = $1 AND state = 'pending'
  RETURNING key, number_id, citizen, window_start
), stored AS (
  INSERT INTO inbound (wamid, number_id, citizen, type, message, sent_at, received_at)
  SELECT $6, d.number_id, d.citizen, '${CALL_MESSAGE_TYPE}', $7, d.window_start, $2 FROM done d
  ON CONFLICT (wamid) DO NOTHING
  RETURNING seq
)
SELECT s.seq::text AS seq, (SELECT count(*) FROM (SELECT pg_notify('${INBOUND_CHANNEL}', '') FROM stored LIMIT 1) n) AS notified FROM stored s`;

const NEXT = `
SELECT (min(greatest(next_at, coalesce(lease_until, 0))) - ${DB_NOW_MS})::text AS next_in
  FROM calls WHERE state = 'pending' AND number_id = ANY($1::text[])`;

const BACKLOG = `
SELECT count(*)::text AS pending, min(created_at)::text AS oldest
  FROM calls WHERE state = 'pending' AND number_id = ANY($1::text[])`;

/** The PostgreSQL `CallStore` of one process (the numbers it serves). */
export class PgCallStore implements CallStore {
  constructor(
    private readonly pool: PgPool,
    private readonly numbers: readonly string[],
    /** This process's name in the leases. */
    private readonly processId: string,
  ) {}

  async claimDue(limit: number, graceMs: number): Promise<ClaimedCall[]> {
    const result = await this.pool.query<Row>(CLAIM, [this.processId, graceMs, this.numbers, limit]);
    return result.rows.map((r) => ({
      key: r.key,
      numberId: r.number_id,
      citizen: r.citizen,
      endpoint: r.endpoint,
      requestId: r.request_id,
      body: r.body,
      timeoutMs: Number(r.timeout_ms),
      attempts: Number(r.attempts),
      createdAt: Number(r.created_at),
      windowStart: Number(r.window_start),
    }));
  }

  async retryLater(call: ClaimedCall, delayMs: number, error: string): Promise<void> {
    await this.pool.query(RELEASE, [call.key, this.processId, Math.round(delayMs), error]);
  }

  async finish(call: ClaimedCall, finish: CallFinish): Promise<FinishedCall | undefined> {
    const message = callMessage({ key: call.key, numberId: call.numberId, citizen: call.citizen, requestId: call.requestId, windowStart: call.windowStart, result: finish.result });
    const json = JSON.stringify(message);
    const answer = storedAnswer(finish);
    const result = await this.pool.query<{ seq: string }>(FINISH, [call.key, Date.now(), finish.outcome, finish.error ?? null, answer, message.wamid, json]);
    const seq = result.rows[0]?.seq;
    return seq === undefined ? undefined : { seq: Number(seq), json };
  }

  async nextDueInMs(): Promise<number | undefined> {
    const result = await this.pool.query<{ next_in: string | null }>(NEXT, [this.numbers]);
    const next = toNumber(result.rows[0]?.next_in ?? null);
    return next === undefined ? undefined : Math.max(0, next);
  }

}

/** Pending calls of `numbers`, for `/healthz`; rejects after `timeoutMs` (the health check must answer). */
export async function readCallBacklog(pool: PgPool, numbers: readonly string[], timeoutMs: number): Promise<CallBacklog> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([pool.query<{ pending: string; oldest: string | null }>(BACKLOG, [numbers]), timeout]);
    const row = result.rows[0];
    return { pending: Number(row?.pending ?? 0), oldestAt: toNumber(row?.oldest ?? null) };
  } finally {
    clearTimeout(timer);
  }
}
