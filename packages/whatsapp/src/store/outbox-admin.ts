/**
 * The outbox as an operator sees it (`samvad outbox list|retry`): what is waiting, what failed
 * and why, and a way to send failed replies again. Works on the same SQLite file a running
 * `samvad serve` uses: a reopened row is picked up by the server's sender within its poll
 * interval (5 s), or at the next start. The same on PostgreSQL: pg/send/outbox-admin.ts.
 */
import Database from 'better-sqlite3';
import { maskPhone } from '../ops/mask.js';
export { CUSTOMER_SERVICE_WINDOW_MS } from '../send/windows.js';
export { isPostgresUrl, listPgOutbox, openPgOutbox, redactUrl, retryPgOutbox } from '../pg/send/outbox-admin.js';
import type { Db } from './db.js';
import { OPEN, OUTBOX_STATES, WINDOW_START } from './outbox-store.js';
import type { OutboxState } from './outbox-store.js';
import { STATE_WHERE } from './outbox-where.js';

/** Which rows `listOutbox` shows: one state, `open` (pending or sending), or `unsent` (all but sent). */
export type OutboxFilter = OutboxState | 'open' | 'unsent' | 'all';
export const OUTBOX_FILTERS: readonly OutboxFilter[] = [...OUTBOX_STATES, 'open', 'unsent', 'all'];

/** One row, as listed (the citizen's number masked, like the logs). */
export interface OutboxEntry {
  readonly id: number;
  /** The business number the reply goes out from (PostgreSQL, which holds many; absent for a SQLite file). */
  readonly numberId?: string;
  readonly state: OutboxState;
  /** The citizen, masked: `91******4321`. */
  readonly to: string;
  readonly attempts: number;
  /** Meta's error code of the last failure, if any. */
  readonly errorCode: number | null;
  readonly error: string | null;
  /** When the reply was made (ms). */
  readonly createdAt: number;
  readonly sentAt: number | null;
  /** When the citizen's message was sent (ms, WhatsApp's timestamp): the 24-hour window opened then. */
  readonly windowStart: number | null;
}

export interface OutboxListing {
  readonly rows: readonly OutboxEntry[];
  /** Rows matching the filter (`rows` holds the newest `limit` of them, oldest first). */
  readonly matching: number;
  /** Every row in the outbox, by state. */
  readonly counts: Readonly<Record<OutboxState, number>>;
}

/** Opens an existing serve database; `undefined` when there is no such file. */
export function openOutboxFile(path: string, writable: boolean): Db | undefined {
  let db: Db;
  try {
    db = new Database(path, { readonly: !writable, fileMustExist: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CANTOPEN') return undefined;
    throw error;
  }
  db.pragma('busy_timeout = 5000'); // a running server may be committing
  const hasOutbox = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'`).get() !== undefined;
  if (!hasOutbox) {
    db.close();
    throw new Error(`${path} is not a samvad serve database (it has no outbox table)`);
  }
  return db;
}

const WHERE: Record<OutboxFilter, string> = {
  ...STATE_WHERE,
  open: `state IN ${OPEN}`,
  unsent: `state != 'sent'`,
  all: '1',
};

interface RawEntry {
  id: number;
  state: OutboxState;
  user: string;
  attempts: number;
  error_code: number | null;
  error: string | null;
  created_at: number;
  sent_at: number | null;
  window_start: number | null;
}

/** The newest `limit` rows matching `filter`, oldest first, with counts by state. */
export function listOutbox(db: Db, filter: OutboxFilter, limit: number): OutboxListing {
  const where = WHERE[filter];
  const raw = db
    .prepare(
      `SELECT o.id, o.state, o.user, o.attempts, o.error_code, o.error, o.created_at, o.sent_at,
              ${WINDOW_START} AS window_start
         FROM outbox o WHERE ${where} ORDER BY o.id DESC LIMIT ?`,
    )
    .all(limit) as RawEntry[];
  const matching = db.prepare(`SELECT count(*) FROM outbox WHERE ${where}`).pluck().get() as number;
  const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
  for (const { state, n } of db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: OutboxState; n: number }[]) {
    counts[state] = n;
  }
  const rows = raw.reverse().map(
    (r): OutboxEntry => ({
      id: r.id,
      state: r.state,
      to: maskPhone(r.user),
      attempts: r.attempts,
      errorCode: r.error_code,
      error: r.error,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      windowStart: typeof r.window_start === 'number' ? r.window_start : null,
    }),
  );
  return { rows, matching, counts };
}

/** What `retryOutbox` did with each row asked for. */
export interface RetryResult {
  /** Rows set back to `pending` (attempts reset): the sender sends them again. */
  readonly reopened: readonly number[];
  /** Rows not reopened, and why. */
  readonly skipped: readonly { readonly id: number; readonly reason: string }[];
  /** Reopened rows whose 24-hour window has closed: the sender will end them again unsent. */
  readonly windowClosed: readonly number[];
}

/**
 * Sets given-up rows (`failed`, `window_closed`) back to `pending` so they are sent again — the
 * rows `ids`, or every `failed` row (`'all-failed'`). Rows that are open or sent are left alone.
 */
export function retryOutbox(db: Db, target: readonly number[] | 'all-failed', now: number, windowMs: number): RetryResult {
  return db
    .transaction(() => {
      const ids =
        target === 'all-failed' ? (db.prepare(`SELECT id FROM outbox WHERE state = 'failed' ORDER BY id`).pluck().all() as number[]) : target;
      const stateOf = db.prepare('SELECT state FROM outbox WHERE id = ?').pluck();
      const reopen = db.prepare(
        `UPDATE outbox SET state = 'pending', attempts = 0, error_code = NULL, error = NULL WHERE id = ? AND state IN ('failed', 'window_closed')`,
      );
      const windowOf = db
        .prepare(`SELECT ${WINDOW_START} FROM outbox o WHERE o.id = ?`)
        .pluck();
      const reopened: number[] = [];
      const skipped: { id: number; reason: string }[] = [];
      const windowClosed: number[] = [];
      for (const id of ids) {
        const state = stateOf.get(id) as OutboxState | undefined;
        if (state === undefined) skipped.push({ id, reason: 'no such row' });
        else if (reopen.run(id).changes === 0) skipped.push({ id, reason: state === 'sent' ? 'already sent' : `still ${state} (the server is on it)` });
        else {
          reopened.push(id);
          const start = windowOf.get(id) as number | null;
          if (typeof start === 'number' && start + windowMs <= now) windowClosed.push(id);
        }
      }
      return { reopened, skipped, windowClosed };
    })
    .immediate();
}
