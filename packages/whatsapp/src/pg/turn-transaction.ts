/**
 * One citizen's next message, processed in ONE PostgreSQL transaction (see pg/processor.ts for why
 * this is exactly-once and in order across processes):
 *
 *   round trip 1: BEGIN; pg_try_advisory_xact_lock(<64-bit hash of number_id:citizen>);
 *                 the citizen's OLDEST unprocessed message, with their session
 *   (the turn runs here, data sources awaited, the lock held)
 *   round trip 2: one statement marking the message processed (`WHERE processed_at IS NULL`) and,
 *                 only if that matched, writing the session and the rendered replies; NOTIFY; COMMIT;
 *                 and, in the same round trip, round trip 1 again for the citizen's next message
 *
 * Each statement of round trip 1 is run after the previous one completed and READ COMMITTED takes
 * a new snapshot per statement, so the message read is the oldest one committed before the lock
 * was granted. The writes of round trip 2 all hang on the UPDATE's RETURNING: when another process
 * had marked the message (it cannot while we hold the lock, but if it had), nothing is written and
 * COMMIT is harmless. COMMIT releases the lock; a dropped connection (the process died) rolls
 * everything back and releases it too.
 *
 * Values are inlined (escaped with the client's `escapeLiteral`) so that each round trip is one
 * simple-protocol query of several statements.
 */
import { createHash } from 'node:crypto';
import type { Session } from '@samvad/runtime';
import type { InboundMessage } from '../webhook/types.js';
import type { PgClient } from './pool.js';

/** The channel a commit that created outbox rows notifies (payload: the number id). */
export const OUTBOX_CHANNEL = 'samvad_outbox';

/** The advisory-lock key of a citizen of a number: 64 bits of SHA-1 of `number_id:citizen`, signed. */
export function citizenLockKey(numberId: string, citizen: string): string {
  return createHash('sha1').update(`${numberId}:${citizen}`).digest().readBigInt64BE(0).toString();
}

/** The message a citizen's lock was granted for, or why there is none. */
export type Claimed =
  | { readonly kind: 'locked' } // another process holds the citizen (the transaction is rolled back)
  | { readonly kind: 'none' } // nothing unprocessed (committed: the lock is released)
  | { readonly kind: 'message'; readonly seq: number; readonly message: InboundMessage; readonly session: Session | undefined };

interface Row {
  readonly seq: string;
  readonly message: string;
  readonly session: string | null;
}

type Results = readonly { readonly rows: readonly Record<string, unknown>[] }[];

/** The statements that start the citizen's transaction, take their lock and read their oldest unprocessed message. */
function claimStatements(client: PgClient, numberId: string, citizen: string): string {
  return `BEGIN;
     SELECT pg_try_advisory_xact_lock(${citizenLockKey(numberId, citizen)}) AS locked;
     SELECT i.seq, i.message, s.session FROM inbound i
       LEFT JOIN sessions s ON s.number_id = i.number_id AND s.citizen = i.citizen
      WHERE i.number_id = ${client.escapeLiteral(numberId)} AND i.citizen = ${client.escapeLiteral(citizen)} AND i.processed_at IS NULL
      ORDER BY i.seq LIMIT 1`;
}

/** Reads the claim from the last two results (lock, message); ends the transaction unless a message was read. */
async function settleClaim(client: PgClient, results: Results): Promise<Claimed> {
  const locked = results.at(-2)?.rows[0]?.['locked'];
  if (locked !== true && locked !== 't') {
    await client.query('ROLLBACK');
    return { kind: 'locked' };
  }
  const row = results.at(-1)?.rows[0] as Row | undefined;
  if (row === undefined) {
    await client.query('COMMIT');
    return { kind: 'none' };
  }
  return {
    kind: 'message',
    seq: Number(row.seq),
    message: JSON.parse(row.message) as InboundMessage,
    session: row.session === null ? undefined : (JSON.parse(row.session) as Session),
  };
}

/**
 * Starts the citizen's transaction and reads their oldest unprocessed message. On `message` the
 * transaction stays open (finish it with `finishTurn` or `rollback`).
 */
export async function claimNext(client: PgClient, numberId: string, citizen: string): Promise<Claimed> {
  return settleClaim(client, (await client.query(claimStatements(client, numberId, citizen))) as unknown as Results);
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
}

/** What `finishTurn` did, and the citizen's next message when it was asked to claim it. */
export interface Finished {
  readonly marked: boolean;
  readonly replies: number;
  /** With `nextOf`: the claim of the citizen's next message (a new transaction, as `claimNext`). */
  readonly next?: Claimed;
}

/**
 * Marks the message processed and, if it was not already, stores the session and the replies; then
 * NOTIFY (when there are replies) and COMMIT. Resolves with whether this call marked it and how many
 * outbox rows it created. With `nextOf` (the citizen), the same round trip goes on to claim their
 * next message (`claimNext`), which saves a citizen with several messages waiting one round trip
 * per message.
 */
export async function finishTurn(client: PgClient, numberId: string, writes: TurnWrites, nextOf?: string): Promise<Finished> {
  const lit = (value: string) => client.escapeLiteral(value);
  const now = Math.trunc(writes.now);
  const seq = Math.trunc(writes.seq);
  const session = writes.session === undefined ? undefined : JSON.stringify(writes.session);
  const bodies = writes.bodies.length === 0 ? 'ARRAY[]::text[]' : `ARRAY[${writes.bodies.map(lit).join(',')}]::text[]`;
  const sql = `
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
)
SELECT (SELECT count(*) FROM done)::int AS marked, (SELECT count(*) FROM replies)::int AS replies;
${writes.bodies.length > 0 ? `SELECT pg_notify('${OUTBOX_CHANNEL}', ${lit(numberId)});` : ''}
COMMIT${nextOf === undefined ? '' : `;\n${claimStatements(client, numberId, nextOf)}`}`;
  const results = (await client.query(sql)) as unknown as Results;
  const row = results[0]?.rows[0];
  const done = { marked: Number(row?.['marked'] ?? 0) === 1, replies: Number(row?.['replies'] ?? 0) };
  return nextOf === undefined ? done : { ...done, next: await settleClaim(client, results) };
}

/** Ends an open transaction without writing (errors ignored: a broken connection is dropped by the caller). */
export async function rollback(client: PgClient): Promise<void> {
  await client.query('ROLLBACK').catch(() => undefined);
}
