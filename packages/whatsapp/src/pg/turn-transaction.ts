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
 * Values are inlined (escaped with the client's `escapeLiteral`) so that each round trip is one
 * simple-protocol query of several statements.
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

/**
 * The citizen's oldest unprocessed message and session; with `unlockIfNone`, a statement that also
 * releases the lock when there is none (a row of NULLs then). The unlock sits in a CASE, whose
 * branches PostgreSQL evaluates in order (the terms of an AND it may reorder by cost).
 */
function nextStatement(client: PgClient, numberId: string, citizen: string, unlockIfNone: boolean): string {
  const number = client.escapeLiteral(numberId);
  const who = client.escapeLiteral(citizen);
  const next = `SELECT i.seq::text AS seq, i.message FROM inbound i
      WHERE i.number_id = ${number} AND i.citizen = ${who} AND i.processed_at IS NULL ORDER BY i.seq LIMIT 1`;
  const session = `(SELECT s.session FROM sessions s WHERE s.number_id = ${number} AND s.citizen = ${who})`;
  if (!unlockIfNone) return `SELECT m.seq, m.message, ${session} AS session FROM (${next}) m`;
  return `WITH m AS (${next})
    SELECT m.seq, m.message, ${session} AS session FROM m
    UNION ALL
    SELECT NULL, NULL, NULL
     WHERE CASE WHEN EXISTS (SELECT 1 FROM m) THEN false ELSE pg_advisory_unlock(${citizenLockKey(numberId, citizen)}) END`;
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
  const results = (await client.query(
    `SELECT pg_try_advisory_lock(${citizenLockKey(numberId, citizen)}) AS locked;
     ${nextStatement(client, numberId, citizen, false)}`,
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
 * Marks the message processed and, if it was not already, stores the session and the replies;
 * NOTIFY (when there are replies); COMMIT; then reads the citizen's next message, releasing the
 * lock when there is none (see the file comment).
 */
export async function finishTurn(client: PgClient, numberId: string, citizen: string, writes: TurnWrites): Promise<Finished> {
  const lit = (value: string) => client.escapeLiteral(value);
  const now = Math.trunc(writes.now);
  const seq = Math.trunc(writes.seq);
  const session = writes.session === undefined ? undefined : JSON.stringify(writes.session);
  const bodies = writes.bodies.length === 0 ? 'ARRAY[]::text[]' : `ARRAY[${writes.bodies.map(lit).join(',')}]::text[]`;
  const sql = `BEGIN;
WITH done AS (
  UPDATE inbound SET processed_at = ${now}, error = ${writes.error === undefined ? 'NULL' : lit(writes.error)}
   WHERE seq = ${seq} AND processed_at IS NULL
  RETURNING seq, number_id, citizen, sent_at
)${
    session === undefined
      ? ''
      : `, saved AS (
  INSERT INTO sessions (number_id, citizen, session, updated_at)
  SELECT number_id, citizen, ${lit(session)}, ${now} FROM done
  ON CONFLICT (number_id, citizen) DO UPDATE SET session = excluded.session, updated_at = excluded.updated_at
)`
  }, replies AS (
  INSERT INTO outbox (number_id, citizen, inbound_seq, body, due_at, window_start, created_at)
  SELECT d.number_id, d.citizen, d.seq, b.body, ${now}, d.sent_at, ${now}
    FROM done d, unnest(${bodies}) WITH ORDINALITY AS b(body, n) ORDER BY b.n
  RETURNING id
)${callInsert(lit, writes, now)}
SELECT (SELECT count(*) FROM done)::int AS marked, (SELECT count(*) FROM replies)::int AS replies;
${writes.bodies.length > 0 ? `SELECT pg_notify('${OUTBOX_CHANNEL}', ${lit(numberId)});` : ''}${writes.call !== undefined ? `SELECT pg_notify('${CALLS_CHANNEL}', '');` : ''}
COMMIT;
${nextStatement(client, numberId, citizen, true)}`;
  const results = (await client.query(sql)) as unknown as Results;
  const row = results[1]?.rows[0];
  return {
    marked: Number(row?.['marked'] ?? 0) === 1,
    replies: Number(row?.['replies'] ?? 0),
    next: toClaim(results.at(-1)?.rows[0] as Row | undefined),
  };
}

/** The CTE storing the turn's call (only through `done`: a message already marked stores nothing). */
function callInsert(lit: (value: string) => string, writes: TurnWrites, now: number): string {
  const call = writes.call;
  if (call === undefined) return '';
  return `, called AS (
  INSERT INTO calls (key, number_id, citizen, bot, endpoint, node, request_id, inbound_seq, window_start, timeout_ms, body, next_at, created_at)
  SELECT ${lit(call.key)}, d.number_id, d.citizen, ${lit(call.bot)}, ${lit(call.endpoint)}, ${lit(call.node)}, ${lit(call.requestId)}, d.seq,
         ${Math.trunc(call.windowStart)}, ${Math.trunc(call.timeoutMs)}, ${lit(call.body)}, ${now}, ${now} FROM done d
)`;
}
