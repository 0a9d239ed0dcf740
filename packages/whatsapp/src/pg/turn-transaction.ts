/**
 * One citizen's messages, each processed in ONE PostgreSQL transaction, under the citizen's
 * advisory lock (see pg/processor.ts for why this is exactly-once and in order across processes):
 *
 *   claim (1 round trip):  pg_try_advisory_lock(<64-bit hash of number_id:citizen>); then, as a
 *                          separate statement, the citizen's OLDEST unprocessed message and session
 *   (the turn runs here, data sources awaited: the lock held, no transaction open)
 *   finish (1 round trip): BEGIN; one statement marking the message processed (`WHERE processed_at
 *                          IS NULL`) and, only if that matched, writing the session and the rendered
 *                          replies; NOTIFY; COMMIT; then the citizen's next message — and, when there
 *                          is none, the lock released in that same statement
 *
 * The lock is PostgreSQL's session-level advisory lock: held across the citizen's messages while
 * this connection works through them, released by the statement that finds nothing left (or, on
 * a claim that finds nothing, by `release`), and by PostgreSQL when the connection ends — a
 * process that dies (kill -9) loses it with its connection; its open transaction, if any, is
 * rolled back. A connection whose work failed is destroyed, never returned to the pool with the
 * lock, so nothing else can inherit it.
 *
 * The message is read by a statement that starts after the lock was granted, and READ COMMITTED
 * takes a new snapshot per statement, so it sees every commit made before — in particular the
 * previous holder's last turn, committed before it released the lock. The writes all hang on the
 * UPDATE's RETURNING: were the message already marked (it cannot be while we hold the lock, but if
 * it were), nothing is written.
 *
 * A citizen with several messages waiting costs one round trip per message; a single message two.
 * Each round trip is one simple-protocol query of several statements whose work is done by
 * statements prepared once per connection (`PREPARE`, then `EXECUTE` with the values inlined,
 * escaped with the client's `escapeLiteral`): PostgreSQL plans them once per connection instead of
 * once per message — planning cost more than running them (issue 13's benchmark).
 */
import { createHash } from 'node:crypto';
import type { Session } from '@samvad/runtime';
import type { NewCall } from '../calls/call-request.js';
import { CALLS_CHANNEL } from './calls/pg-calls.js';
import type { InboundMessage } from '../webhook/types.js';
import type { PgClient } from './pool.js';

/** The channel a commit that created outbox rows notifies (payload: the number id). */
export const OUTBOX_CHANNEL = 'samvad_outbox';

/** The advisory-lock key of a citizen of a number: 64 bits of SHA-1 of `number_id:citizen`, signed. */
export function citizenLockKey(numberId: string, citizen: string): string {
  return createHash('sha1').update(`${numberId}:${citizen}`).digest().readBigInt64BE(0).toString();
}

/** What a claim found. */
export type Claimed =
  | { readonly kind: 'locked' } // another process holds the citizen (nothing is held)
  | { readonly kind: 'none' } // nothing unprocessed (the lock is released)
  // The lock is held: finish the message with `finishTurn`, or destroy the connection.
  | { readonly kind: 'message'; readonly seq: number; readonly message: InboundMessage; readonly session: Session | undefined };

interface Row {
  readonly seq: string | null;
  readonly message: string | null;
  readonly session: string | null;
}

type Results = readonly { readonly rows: readonly Record<string, unknown>[] }[];

/** The citizen's oldest unprocessed message (`$1` number, `$2` citizen). */
const NEXT = `SELECT i.seq, i.message FROM inbound i
  WHERE i.number_id = $1 AND i.citizen = $2 AND i.processed_at IS NULL ORDER BY i.seq LIMIT 1`;
const SESSION = `(SELECT s.session FROM sessions s WHERE s.number_id = $1 AND s.citizen = $2)`;

/**
 * The statements every turn runs, prepared once per connection. `samvad_next_or_unlock` also
 * releases the lock (`$3`) when there is no message (a row of NULLs then); the unlock sits in a
 * CASE, whose branches PostgreSQL evaluates in order (the terms of an AND it may reorder by cost).
 * `samvad_finish` is the turn's one statement: the mark and, only through its RETURNING, the
 * session (unless `$4` is NULL), the replies (`$5`), the call (unless `$7` is NULL) and their
 * NOTIFYs (sent at the commit, only when rows were written).
 */
const PREPARE = `
PREPARE samvad_next(text, text) AS
  SELECT m.seq::text AS seq, m.message, ${SESSION} AS session FROM (${NEXT}) m;
PREPARE samvad_next_or_unlock(text, text, bigint) AS
  WITH m AS (${NEXT})
  SELECT m.seq::text AS seq, m.message, ${SESSION} AS session FROM m
  UNION ALL
  SELECT NULL, NULL, NULL WHERE CASE WHEN EXISTS (SELECT 1 FROM m) THEN false ELSE pg_advisory_unlock($3) END;
PREPARE samvad_finish(bigint, bigint, text, text, text[], text, text, text, text, text, text, bigint, integer, text) AS
  WITH done AS (
    UPDATE inbound SET processed_at = $2, error = $3 WHERE seq = $1 AND processed_at IS NULL
    RETURNING seq, number_id, citizen, sent_at
  ), saved AS (
    INSERT INTO sessions (number_id, citizen, session, updated_at)
    SELECT number_id, citizen, $4, $2 FROM done WHERE $4 IS NOT NULL
    ON CONFLICT (number_id, citizen) DO UPDATE SET session = excluded.session, updated_at = excluded.updated_at
  ), replies AS (
    INSERT INTO outbox (number_id, citizen, inbound_seq, body, due_at, window_start, created_at)
    SELECT d.number_id, d.citizen, d.seq, b.body, $2, d.sent_at, $2
      FROM done d, unnest($5::text[]) WITH ORDINALITY AS b(body, n) ORDER BY b.n
    RETURNING id
  ), called AS (
    INSERT INTO calls (key, number_id, citizen, bot, endpoint, node, request_id, inbound_seq, window_start, timeout_ms, body, next_at, created_at)
    SELECT $7, d.number_id, d.citizen, $8, $9, $10, $11, d.seq, $12, $13, $14, $2, $2 FROM done d WHERE $7 IS NOT NULL
    RETURNING key
  )
  SELECT (SELECT count(*) FROM done)::int AS marked, (SELECT count(*) FROM replies)::int AS replies,
         (SELECT count(*) FROM (SELECT pg_notify('${OUTBOX_CHANNEL}', $6) FROM replies LIMIT 1) n)::int AS notified,
         (SELECT count(*) FROM (SELECT pg_notify('${CALLS_CHANNEL}', '') FROM called LIMIT 1) c)::int AS called;`;

/** The connections whose statements are prepared (a connection that broke is a new client). */
const prepared = new WeakSet<PgClient>();

async function ensurePrepared(client: PgClient): Promise<void> {
  if (prepared.has(client)) return;
  await client.query(PREPARE);
  prepared.add(client);
}

function toClaim(row: Row | undefined): Claimed {
  if (row?.seq == null || row.message === null) return { kind: 'none' };
  return {
    kind: 'message',
    seq: Number(row.seq),
    message: JSON.parse(row.message) as InboundMessage,
    session: row.session === null ? undefined : (JSON.parse(row.session) as Session),
  };
}

/** Takes the citizen's lock and reads their oldest unprocessed message (see the file comment). */
export async function claimNext(client: PgClient, numberId: string, citizen: string): Promise<Claimed> {
  await ensurePrepared(client);
  const results = (await client.query(
    `SELECT pg_try_advisory_lock(${citizenLockKey(numberId, citizen)}) AS locked;
     EXECUTE samvad_next(${client.escapeLiteral(numberId)}, ${client.escapeLiteral(citizen)})`,
  )) as unknown as Results;
  const locked = results[0]?.rows[0]?.['locked'];
  if (locked !== true && locked !== 't') return { kind: 'locked' };
  const claimed = toClaim(results[1]?.rows[0] as Row | undefined);
  if (claimed.kind === 'none') await release(client, numberId, citizen);
  return claimed;
}

/** Releases the citizen's lock (held since a claim that found a message). */
export async function release(client: PgClient, numberId: string, citizen: string): Promise<void> {
  await client.query(`SELECT pg_advisory_unlock(${citizenLockKey(numberId, citizen)})`);
}

/** What a finished turn writes. */
export interface TurnWrites {
  readonly seq: number;
  readonly now: number;
  /** The engine's error when the turn failed (the message is done with, no session, no reply). */
  readonly error?: string;
  /** The session to store (absent: unchanged). */
  readonly session?: Session;
  /** Rendered Cloud API bodies, in order. */
  readonly bodies: readonly string[];
  /** The call the turn stopped at, stored with it; `windowStart`: WhatsApp's timestamp (ms) of the message. */
  readonly call?: NewCall & { readonly windowStart: number };
}

/** What `finishTurn` did, and what the citizen has next. */
export interface Finished {
  readonly marked: boolean;
  readonly replies: number;
  /** The citizen's next message (the lock still held), or `none` (the lock released). */
  readonly next: Claimed;
}

/**
 * Marks the message processed and, if it was not already, stores the session, the replies and the
 * call, with their NOTIFYs; COMMIT; then reads the citizen's next message, releasing the lock when
 * there is none (see the file comment).
 */
export async function finishTurn(client: PgClient, numberId: string, citizen: string, writes: TurnWrites): Promise<Finished> {
  await ensurePrepared(client);
  const lit = (value: string | undefined) => (value === undefined ? 'NULL' : client.escapeLiteral(value));
  const now = Math.trunc(writes.now);
  const bodies = writes.bodies.length === 0 ? 'ARRAY[]::text[]' : `ARRAY[${writes.bodies.map(lit).join(',')}]::text[]`;
  const call = writes.call;
  const callArgs =
    call === undefined
      ? 'NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL'
      : [lit(call.key), lit(call.bot), lit(call.endpoint), lit(call.node), lit(call.requestId), Math.trunc(call.windowStart), Math.trunc(call.timeoutMs), lit(call.body)].join(', ');
  const session = writes.session === undefined ? undefined : JSON.stringify(writes.session);
  const sql = `BEGIN;
EXECUTE samvad_finish(${Math.trunc(writes.seq)}, ${now}, ${lit(writes.error)}, ${lit(session)}, ${bodies}, ${lit(numberId)}, ${callArgs});
COMMIT;
EXECUTE samvad_next_or_unlock(${lit(numberId)}, ${lit(citizen)}, ${citizenLockKey(numberId, citizen)})`;
  const results = (await client.query(sql)) as unknown as Results;
  const row = results[1]?.rows[0];
  return {
    marked: Number(row?.['marked'] ?? 0) === 1,
    replies: Number(row?.['replies'] ?? 0),
    next: toClaim(results.at(-1)?.rows[0] as Row | undefined),
  };
}
