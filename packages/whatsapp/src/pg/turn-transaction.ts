/**
 * Several citizens' turns, committed together in ONE PostgreSQL transaction, each under its
 * citizen's advisory lock (see pg/processor.ts for why this is exactly-once and in order across
 * processes). One round trip (`turnRoundTrip`) does, as separate statements of one simple query:
 *
 *   BEGIN; one statement marking every finished turn's message processed (`WHERE processed_at IS
 *          NULL`) and, only for the rows that matched, writing their sessions, rendered replies and
 *          calls; one NOTIFY per number with replies (and one for calls); COMMIT
 *   lock:  pg_try_advisory_lock(<64-bit hash of number_id:citizen>) for each new citizen, the keys
 *          granted remembered in the connection's setting `samvad.locked`
 *   next:  for each citizen just committed and each new citizen whose lock was granted, their
 *          OLDEST unprocessed message and session — and, when there is none, the lock released in
 *          that same statement
 *
 * (the turns then run in memory, data sources awaited: the locks held, no transaction open). Each
 * part is left out when it has nothing to do: a lone message costs two round trips, its claim and
 * its commit, as before batching; a backlog costs one round trip per batch of citizens.
 *
 * The locks are PostgreSQL's session-level advisory locks: held across a citizen's messages while
 * this connection works through them, released by the statement that finds nothing left, and by
 * PostgreSQL when the connection ends — a process that dies (kill -9) loses them with its
 * connection; its open transaction, if any, is rolled back. A connection whose work failed is
 * destroyed, never returned to the pool with a lock, so nothing else can inherit one. Advisory locks
 * stack within a session: two citizens whose keys collide, both taken by one connection, each
 * release once.
 *
 * A message is read by a statement that starts after its citizen's lock was granted (the `next`
 * statement follows the `lock` statement), and READ COMMITTED takes a new snapshot per statement,
 * so it sees every commit made before — in particular the previous holder's last turn, committed
 * before it released the lock. The writes all hang on the UPDATE's RETURNING: were a message
 * already marked (it cannot be while we hold the lock, but if it were), nothing of its turn is
 * written; the other turns of the batch are not affected.
 *
 * Every statement is prepared once per connection (`PREPARE`, then `EXECUTE` with the values
 * inlined, escaped with the client's `escapeLiteral`): PostgreSQL plans them once per connection
 * instead of once per batch — planning cost more than running them (issue 13's benchmark).
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
  // The lock is held: commit the message's turn, or destroy the connection.
  | { readonly kind: 'message'; readonly seq: number; readonly message: InboundMessage; readonly session: Session | undefined };

/** A citizen of a number. */
export interface Citizen {
  readonly numberId: string;
  readonly citizen: string;
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

/** One round trip's work (see the file comment); a citizen appears at most once in it. */
export interface RoundTrip {
  /** Turns to commit, their citizens' locks held by this connection. */
  readonly commits: readonly (Citizen & { readonly writes: TurnWrites })[];
  /** Citizens to lock and claim (not held by this connection). */
  readonly claims: readonly Citizen[];
}

/** What a round trip did. */
export interface RoundTripResult {
  /** The seqs the commit marked processed (their replies, session and call written). */
  readonly marked: ReadonlySet<number>;
  /** Per citizen of `commits` and `claims` (`citizenKey`): their next message, `none` or `locked`. */
  readonly next: ReadonlyMap<string, Claimed>;
}

/** A citizen's key in maps: `number_id\ncitizen`. */
export const citizenKey = (numberId: string, citizen: string): string => `${numberId}\n${citizen}`;

interface NextRow {
  readonly number_id: string;
  readonly citizen: string;
  readonly seq: string | null;
  readonly message: string | null;
  readonly session: string | null;
}

type Results = readonly { readonly rows: readonly Record<string, unknown>[] }[];

/**
 * The statements, prepared once per connection. `samvad_next` releases a citizen's lock when they
 * have no message (a row of NULLs then); the unlock sits in a CASE, whose branches PostgreSQL
 * evaluates in order (the terms of an AND it may reorder by cost). `samvad_commit` is the batch's
 * one statement: the marks and, only through their RETURNING, the sessions (unless NULL), the
 * replies (in array order), the calls and their NOTIFYs (sent at the commit, only when rows were
 * written; one per number).
 */
const PREPARE = `
PREPARE samvad_lock(bigint[]) AS
  SELECT set_config('samvad.locked', coalesce(string_agg(k::text, ','), ''), false) AS locked
    FROM unnest($1) AS k WHERE pg_try_advisory_lock(k);
PREPARE samvad_next(text[], text[], bigint[], boolean[]) AS
  WITH c AS (
    SELECT c.number_id, c.citizen, c.key FROM unnest($1, $2, $3, $4) AS c(number_id, citizen, key, held)
     WHERE c.held OR c.key = ANY (string_to_array(current_setting('samvad.locked', true), ',')::bigint[])
  ), m AS (
    SELECT c.number_id, c.citizen, c.key, n.seq, n.message FROM c LEFT JOIN LATERAL (
      SELECT i.seq, i.message FROM inbound i
       WHERE i.number_id = c.number_id AND i.citizen = c.citizen AND i.processed_at IS NULL ORDER BY i.seq LIMIT 1
    ) n ON true
  )
  SELECT m.number_id, m.citizen, m.seq::text AS seq, m.message,
         CASE WHEN m.seq IS NULL THEN NULL
              ELSE (SELECT s.session FROM sessions s WHERE s.number_id = m.number_id AND s.citizen = m.citizen) END AS session,
         CASE WHEN m.seq IS NULL THEN pg_advisory_unlock(m.key) ELSE true END AS kept
    FROM m;
PREPARE samvad_commit(bigint, bigint[], text[], text[], bigint[], text[],
                      bigint[], text[], text[], text[], text[], text[], bigint[], integer[], text[]) AS
  WITH t AS (
    SELECT * FROM unnest($2, $3, $4) AS t(seq, error, session)
  ), done AS (
    UPDATE inbound i SET processed_at = $1, error = t.error FROM t WHERE i.seq = t.seq AND i.processed_at IS NULL
    RETURNING i.seq, i.number_id, i.citizen, i.sent_at, t.session
  ), saved AS (
    INSERT INTO sessions (number_id, citizen, session, updated_at)
    SELECT number_id, citizen, session, $1 FROM done WHERE session IS NOT NULL
    ON CONFLICT (number_id, citizen) DO UPDATE SET session = excluded.session, updated_at = excluded.updated_at
  ), replies AS (
    INSERT INTO outbox (number_id, citizen, inbound_seq, body, due_at, window_start, created_at)
    SELECT d.number_id, d.citizen, d.seq, r.body, $1, d.sent_at, $1
      FROM unnest($5, $6) WITH ORDINALITY AS r(seq, body, n) JOIN done d ON d.seq = r.seq ORDER BY r.n
    RETURNING number_id
  ), called AS (
    INSERT INTO calls (key, number_id, citizen, bot, endpoint, node, request_id, inbound_seq, window_start, timeout_ms, body, next_at, created_at)
    SELECT c.key, d.number_id, d.citizen, c.bot, c.endpoint, c.node, c.request_id, d.seq, c.window_start, c.timeout_ms, c.body, $1, $1
      FROM unnest($7, $8, $9, $10, $11, $12, $13, $14, $15)
           AS c(seq, key, bot, endpoint, node, request_id, window_start, timeout_ms, body)
      JOIN done d ON d.seq = c.seq
    RETURNING key
  )
  SELECT d.seq::text AS seq,
         (SELECT count(*) FROM (SELECT pg_notify('${OUTBOX_CHANNEL}', n.number_id) FROM (SELECT DISTINCT number_id FROM replies) n) x)::int AS notified,
         (SELECT count(*) FROM (SELECT pg_notify('${CALLS_CHANNEL}', '') FROM called LIMIT 1) c)::int AS called
    FROM done d;`;

/** The connections whose statements are prepared (a connection that broke is a new client). */
const prepared = new WeakSet<PgClient>();

async function ensurePrepared(client: PgClient): Promise<void> {
  if (prepared.has(client)) return;
  await client.query(PREPARE);
  prepared.add(client);
}

/** `ARRAY[…]::type[]` of SQL literals (already escaped). */
const array = (items: readonly string[], type: string): string => (items.length === 0 ? `'{}'::${type}[]` : `ARRAY[${items.join(',')}]::${type}[]`);

function toClaim(row: NextRow): Claimed {
  if (row.seq === null || row.message === null) return { kind: 'none' };
  return {
    kind: 'message',
    seq: Number(row.seq),
    message: JSON.parse(row.message) as InboundMessage,
    session: row.session === null ? undefined : (JSON.parse(row.session) as Session),
  };
}

/** The `samvad_commit` statement of `commits`, or undefined when there is nothing to commit. */
function commitSql(client: PgClient, commits: RoundTrip['commits']): string | undefined {
  if (commits.length === 0) return undefined;
  const lit = (value: string | undefined) => (value === undefined ? 'NULL' : client.escapeLiteral(value));
  const int = (value: number) => String(Math.trunc(value));
  const turns = commits.map((c) => c.writes);
  const replies = turns.flatMap((w) => w.bodies.map((body) => ({ seq: w.seq, body })));
  const calls = turns.flatMap((w) => (w.call === undefined ? [] : [{ seq: w.seq, call: w.call }]));
  const now = Math.max(...turns.map((w) => w.now));
  const args = [
    int(now),
    array(turns.map((w) => int(w.seq)), 'bigint'),
    array(turns.map((w) => lit(w.error)), 'text'),
    array(turns.map((w) => lit(w.session === undefined ? undefined : JSON.stringify(w.session))), 'text'),
    array(replies.map((r) => int(r.seq)), 'bigint'),
    array(replies.map((r) => lit(r.body)), 'text'),
    array(calls.map((c) => int(c.seq)), 'bigint'),
    ...(['key', 'bot', 'endpoint', 'node', 'requestId'] as const).map((field) => array(calls.map((c) => lit(c.call[field])), 'text')),
    array(calls.map((c) => int(c.call.windowStart)), 'bigint'),
    array(calls.map((c) => int(c.call.timeoutMs)), 'integer'),
    array(calls.map((c) => lit(c.call.body)), 'text'),
  ];
  return `BEGIN;\nEXECUTE samvad_commit(${args.join(', ')});\nCOMMIT`;
}

/**
 * One round trip (see the file comment): commits `commits` in one transaction, locks `claims`, and
 * reads the next message of every citizen of both (releasing the lock of those with none). Rejects
 * when anything failed — the connection must then be destroyed: its locks go with it, and the
 * commit may or may not have happened (whoever claims those citizens next reads which).
 */
export async function turnRoundTrip(client: PgClient, work: RoundTrip): Promise<RoundTripResult> {
  await ensurePrepared(client);
  const lit = (value: string) => client.escapeLiteral(value);
  const statements: string[] = [];
  const commit = commitSql(client, work.commits);
  if (commit !== undefined) statements.push(commit);
  const claimKeys = work.claims.map((c) => citizenLockKey(c.numberId, c.citizen));
  if (claimKeys.length > 0) statements.push(`EXECUTE samvad_lock(${array(claimKeys, 'bigint')})`);
  const citizens = [...work.commits.map((c) => ({ ...c, held: true })), ...work.claims.map((c) => ({ ...c, held: false }))];
  if (citizens.length > 0) {
    const args = [
      array(citizens.map((c) => lit(c.numberId)), 'text'),
      array(citizens.map((c) => lit(c.citizen)), 'text'),
      array(citizens.map((c) => citizenLockKey(c.numberId, c.citizen)), 'bigint'),
      array(citizens.map((c) => String(c.held)), 'boolean'),
    ];
    statements.push(`EXECUTE samvad_next(${args.join(', ')})`);
  }
  if (statements.length === 0) return { marked: new Set(), next: new Map() };
  const raw = (await client.query(statements.join(';\n'))) as unknown;
  const results = (Array.isArray(raw) ? raw : [raw]) as Results;
  // BEGIN, the commit, COMMIT come first when there was a commit; the next-message rows last.
  const marked = new Set(commit === undefined ? [] : (results[1]?.rows ?? []).map((row) => Number(row['seq'])));
  const next = new Map<string, Claimed>(work.claims.map((c) => [citizenKey(c.numberId, c.citizen), { kind: 'locked' }]));
  for (const row of (results.at(-1)?.rows ?? []) as unknown as readonly NextRow[]) next.set(citizenKey(row.number_id, row.citizen), toClaim(row));
  return { marked, next };
}
