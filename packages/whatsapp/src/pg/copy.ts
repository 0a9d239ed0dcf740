/**
 * `samvad db copy <sqlite-file> <postgres-url>`: moves a district from its SQLite file (one number,
 * one `samvad serve`) into the PostgreSQL database several processes share, under that number's
 * `phone_number_id`.
 *
 * Copied: inbound messages with their processed marks (processed ones stay processed, waiting ones
 * are processed by the PostgreSQL cluster), sessions (a citizen mid-menu continues where they
 * were), the outbox with each row's state (unsent rows are sent by the cluster; sent, failed and
 * window_closed rows are kept as history), delivery statuses, and calls to department systems
 * (pending ones are posted again by the cluster, with the same Idempotency-Key).
 *
 * The copy is one transaction: it lands whole or not at all. The target must hold nothing for that
 * number yet (copying twice would double every unsent reply). Sequence numbers and outbox ids are
 * shifted past what the database already holds (other districts), keeping their order; in an
 * empty database they are unchanged. Stop the SQLite `serve` first: what arrives after the copy
 * started is not in it.
 */
import Database from 'better-sqlite3';
import { copyCalls } from './calls/copy-calls.js';
import { CALLS_CHANNEL } from './calls/pg-calls.js';
import { INBOUND_CHANNEL } from './inbound-store.js';
import { applyMigrations } from './migrate.js';
import { inTransaction } from './transaction.js';
import { OUTBOX_CHANNEL } from './turn-transaction.js';
import type { PgClient, PgPool } from './pool.js';

export { applyMigrations, SchemaTooNewError } from './migrate.js';
export type { MigrationResult } from './migrate.js';
export { checkPostgresUrl, createPool, isPostgresUrl, redactUrl } from './pool.js';
export { postgresPassword } from './url.js';
export type { PgPool } from './pool.js';

/** What was copied, per table. */
export interface CopyCounts {
  /** Inbound messages; of which `processed` were already processed and `waiting` were not. */
  readonly inbound: number;
  readonly processed: number;
  readonly waiting: number;
  readonly sessions: number;
  /** Outbox rows by state (SQLite `sending`, i.e. tried and to be retried, is copied as `pending`). */
  readonly outbox: Readonly<Record<OutboxState, number>>;
  readonly statuses: number;
  /** Calls to department systems; `pending` of them not finished yet (posted again, same key, by the cluster). */
  readonly calls: { readonly total: number; readonly pending: number };
  /** How far inbound sequence numbers were shifted (0 in an empty database). */
  readonly seqOffset: number;
}

type OutboxState = 'pending' | 'sent' | 'failed' | 'window_closed';

/** A copy that cannot be made; the message says why and what to do. */
export class CopyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefusedError';
  }
}

/** Rows per INSERT. */
const BATCH = 500;

/**
 * Copies the SQLite file at `sqlitePath` into `pool`'s database under `numberId` (migrating the
 * database first). `now` (ms) becomes the due time of unsent replies.
 */
export async function copySqliteToPostgres(sqlitePath: string, pool: PgPool, numberId: string, now = Date.now()): Promise<CopyCounts> {
  if (!/^\d{1,32}$/.test(numberId)) throw new CopyRefusedError(`the number id must be the phone_number_id, digits only, got "${numberId}"`);
  const source = openSource(sqlitePath);
  try {
    await applyMigrations(pool);
    return await inTransaction(pool, (client) => copyInto(client, source, numberId, now));
  } finally {
    source.close();
  }
}

/** The SQLite file, read-only, checked to be a `samvad serve` database. */
function openSource(path: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CopyRefusedError(`cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]));
  const missing = ['inbound', 'outbox', 'statuses'].filter((t) => !tables.has(t));
  if (missing.length > 0) {
    db.close();
    throw new CopyRefusedError(`${path} is not a samvad serve database (no ${missing.join(', ')} table)`);
  }
  if (!tables.has('processed')) {
    db.close();
    throw new CopyRefusedError(`${path} was written by an older samvad: start the current \`samvad serve\` on it once (it upgrades the file), stop it, then copy`);
  }
  return db;
}

async function copyInto(client: PgClient, source: Database.Database, numberId: string, now: number): Promise<CopyCounts> {
  // No other writer may take sequence numbers or add rows for this number while the copy runs.
  await client.query('LOCK TABLE inbound, outbox, sessions, statuses, calls IN EXCLUSIVE MODE');
  const held = await client.query<{ what: string; n: string }>(
    `SELECT 'inbound messages' AS what, count(*) AS n FROM inbound WHERE number_id = $1
     UNION ALL SELECT 'sessions', count(*) FROM sessions WHERE number_id = $1
     UNION ALL SELECT 'outbox rows', count(*) FROM outbox WHERE number_id = $1
     UNION ALL SELECT 'statuses', count(*) FROM statuses WHERE number_id = $1`,
    [numberId],
  );
  const present = held.rows.filter((r) => Number(r.n) > 0).map((r) => `${r.n} ${r.what}`);
  if (present.length > 0) {
    throw new CopyRefusedError(
      `the database already holds ${present.join(', ')} for number ${numberId}: copying again would double them; copy into a database that has nothing for this number`,
    );
  }
  const seqOffset = await usedSequence(client, 'inbound', 'seq');
  const idOffset = await usedSequence(client, 'outbox', 'id');

  const inbound = await copyInbound(client, source, numberId, seqOffset);
  const sessions = await copySessions(client, source, numberId);
  const outbox = await copyOutbox(client, source, numberId, seqOffset, idOffset, now);
  const statuses = await copyStatuses(client, source, numberId);
  const calls = await copyCalls(client, source, numberId, seqOffset, now);

  if (inbound.total > 0) await client.query(`SELECT setval(pg_get_serial_sequence('inbound', 'seq'), (SELECT max(seq) FROM inbound))`);
  if (Object.values(outbox).some((n) => n > 0)) await client.query(`SELECT setval(pg_get_serial_sequence('outbox', 'id'), (SELECT max(id) FROM outbox))`);
  // Running servers pick the copied work up at once (delivered when the transaction commits).
  await client.query(`NOTIFY ${INBOUND_CHANNEL}`);
  await client.query(`NOTIFY ${OUTBOX_CHANNEL}`);
  await client.query(`NOTIFY ${CALLS_CHANNEL}`);
  return { inbound: inbound.total, processed: inbound.processed, waiting: inbound.total - inbound.processed, sessions, outbox, statuses, calls, seqOffset };
}

/** The highest value a table's serial column has used (rows or sequence), 0 when none. */
async function usedSequence(client: PgClient, table: string, column: string): Promise<number> {
  const seq = await client.query<{ name: string }>(`SELECT pg_get_serial_sequence($1, $2) AS name`, [table, column]);
  const name = seq.rows[0]?.name ?? '';
  const state = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM ${name}`);
  const row = state.rows[0];
  const fromSequence = row === undefined ? 0 : row.is_called ? Number(row.last_value) : Number(row.last_value) - 1;
  const max = await client.query<{ m: string | null }>(`SELECT max(${column}) AS m FROM ${table}`);
  return Math.max(fromSequence, Number(max.rows[0]?.m ?? 0));
}

/** Runs `insert` on the rows of `rows` in batches of `BATCH`. */
async function inBatches<T>(rows: Iterable<T>, insert: (batch: readonly T[]) => Promise<void>): Promise<number> {
  let batch: T[] = [];
  let total = 0;
  for (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH) {
      await insert(batch);
      total += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await insert(batch);
  return total + batch.length;
}

interface InboundRow {
  readonly seq: number;
  readonly wamid: string;
  readonly user: string;
  readonly type: string;
  readonly message: string;
  readonly sent_at: number | null;
  readonly received_at: number;
  readonly processed_at: number | null;
  readonly error: string | null;
}

async function copyInbound(client: PgClient, source: Database.Database, numberId: string, offset: number): Promise<{ total: number; processed: number }> {
  // A message is processed when it has a `processed` row, or lies below the low-water mark.
  const rows = source
    .prepare(
      `SELECT i.seq, i.wamid, i.user, i.type, i.message,
              CAST(json_extract(i.message, '$.timestamp') * 1000 AS INTEGER) AS sent_at, i.received_at,
              coalesce(p.processed_at, CASE WHEN i.seq < (SELECT coalesce(max(processed_below), 0) FROM progress) THEN i.received_at END) AS processed_at,
              p.error
         FROM inbound i LEFT JOIN processed p ON p.seq = i.seq ORDER BY i.seq`,
    )
    .iterate() as IterableIterator<InboundRow>;
  let processed = 0;
  const total = await inBatches(rows, async (batch) => {
    processed += batch.filter((r) => r.processed_at !== null).length;
    await client.query(
      `INSERT INTO inbound (seq, wamid, number_id, citizen, type, message, sent_at, received_at, processed_at, error)
       SELECT s + $11::bigint, w, $1, c, t, m, sa, ra, pa, e
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[])
              AS u(s, w, c, t, m, sa, ra, pa, e)`,
      [
        numberId,
        batch.map((r) => r.seq),
        batch.map((r) => r.wamid),
        batch.map((r) => r.user),
        batch.map((r) => r.type),
        batch.map((r) => r.message),
        batch.map((r) => r.sent_at ?? r.received_at),
        batch.map((r) => r.received_at),
        batch.map((r) => r.processed_at),
        batch.map((r) => r.error),
        offset,
      ],
    );
  });
  return { total, processed };
}

async function copySessions(client: PgClient, source: Database.Database, numberId: string): Promise<number> {
  const has = source.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sessions'`).get() !== undefined;
  if (!has) return 0;
  const rows = source.prepare('SELECT id, data, updated_at FROM sessions ORDER BY id').iterate() as IterableIterator<{ id: string; data: string; updated_at: number }>;
  return inBatches(rows, async (batch) => {
    await client.query(
      `INSERT INTO sessions (number_id, citizen, session, updated_at)
       SELECT $1, c, s, u FROM unnest($2::text[], $3::text[], $4::bigint[]) AS x(c, s, u)`,
      [numberId, batch.map((r) => r.id), batch.map((r) => r.data), batch.map((r) => r.updated_at)],
    );
  });
}

interface OutboxRow {
  readonly id: number;
  readonly user: string;
  readonly inbound_seq: number;
  readonly body: string;
  readonly state: string;
  readonly attempts: number;
  readonly window_start: number | null;
  readonly wamid: string | null;
  readonly error_code: number | null;
  readonly error: string | null;
  readonly created_at: number;
  readonly sent_at: number | null;
}

/** A SQLite outbox state as PostgreSQL's: `sending` there means tried and waiting to be retried. */
function stateOf(state: string): OutboxState {
  switch (state) {
    case 'pending':
    case 'sending':
      return 'pending';
    case 'sent':
    case 'failed':
    case 'window_closed':
      return state;
    default:
      throw new CopyRefusedError(`outbox state "${state}" is unknown to this samvad; upgrade samvad and copy again`);
  }
}

async function copyOutbox(
  client: PgClient,
  source: Database.Database,
  numberId: string,
  seqOffset: number,
  idOffset: number,
  now: number,
): Promise<Record<OutboxState, number>> {
  const counts: Record<OutboxState, number> = { pending: 0, sent: 0, failed: 0, window_closed: 0 };
  const rows = source
    .prepare(
      `SELECT o.id, o.user, o.inbound_seq, o.body, o.state, o.attempts,
              (SELECT CAST(json_extract(i.message, '$.timestamp') * 1000 AS INTEGER) FROM inbound i WHERE i.seq = o.inbound_seq) AS window_start,
              o.wamid, o.error_code, o.error, o.created_at, o.sent_at
         FROM outbox o ORDER BY o.id`,
    )
    .iterate() as IterableIterator<OutboxRow>;
  await inBatches(rows, async (batch) => {
    const states = batch.map((r) => stateOf(r.state));
    for (const s of states) counts[s] += 1;
    await client.query(
      `INSERT INTO outbox (id, number_id, citizen, inbound_seq, body, state, attempts, due_at, window_start, wamid, error_code, error, created_at, sent_at)
       SELECT i + $14::bigint, $1, c, s + $15::bigint, b, st, a, d, ws, w, ec, e, ca, sa
         FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::int[], $8::bigint[], $9::bigint[],
                     $10::text[], $11::int[], $12::text[], $13::bigint[], $16::bigint[])
              AS u(i, c, s, b, st, a, d, ws, w, ec, e, ca, sa)`,
      [
        numberId,
        batch.map((r) => r.id),
        batch.map((r) => r.user),
        batch.map((r) => r.inbound_seq),
        batch.map((r) => r.body),
        states,
        batch.map((r) => r.attempts),
        states.map((s, i) => (s === 'pending' ? now : (batch[i]?.created_at ?? now))),
        batch.map((r) => r.window_start ?? r.created_at),
        batch.map((r) => r.wamid),
        batch.map((r) => r.error_code),
        batch.map((r) => r.error),
        batch.map((r) => r.created_at),
        idOffset,
        seqOffset,
        batch.map((r) => r.sent_at),
      ],
    );
  });
  return counts;
}

async function copyStatuses(client: PgClient, source: Database.Database, numberId: string): Promise<number> {
  const rows = source
    .prepare('SELECT wamid, status, recipient, timestamp, error_code, error FROM statuses ORDER BY rowid')
    .iterate() as IterableIterator<{ wamid: string; status: string; recipient: string; timestamp: number; error_code: number | null; error: string | null }>;
  return inBatches(rows, async (batch) => {
    await client.query(
      `INSERT INTO statuses (number_id, wamid, status, recipient, timestamp, error_code, error)
       SELECT $1, w, s, r, t, ec, e FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::text[]) AS u(w, s, r, t, ec, e)
       ON CONFLICT (wamid, status) DO NOTHING`,
      [numberId, batch.map((r) => r.wamid), batch.map((r) => r.status), batch.map((r) => r.recipient), batch.map((r) => r.timestamp), batch.map((r) => r.error_code), batch.map((r) => r.error)],
    );
  });
}
