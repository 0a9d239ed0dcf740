/**
 * Telling a failing store from a bug. SQLite reports a full disk, an I/O error, a busy or locked
 * file, or memory exhaustion with these result codes (better-sqlite3 puts the extended code, e.g.
 * `SQLITE_IOERR_WRITE`, on `SqliteError.code`): the same write can succeed later, so the caller
 * retries it. Anything else (a constraint, a bug in the engine) would fail the same way again.
 */
import Database from 'better-sqlite3';

const TRANSIENT = ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_NOMEM', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL', 'SQLITE_READONLY'];

/** True for an error of the database itself that may go away (disk full, I/O, busy, locked, …). */
export function isTransientStoreError(error: unknown): boolean {
  if (!(error instanceof Database.SqliteError)) return false;
  const code = error.code;
  return TRANSIENT.some((prefix) => code === prefix || code.startsWith(`${prefix}_`));
}

/** One line for a log: the SQLite code (when there is one) and the message. */
export function describeStoreError(error: unknown): string {
  if (error instanceof Database.SqliteError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Applies `SAMVAD_DB_MAX_MB` to one connection (SQLite's `max_page_count` is per connection):
 * past it, a write that needs a new page fails with `SQLITE_FULL`, like a full disk.
 */
export function capDatabaseSize(db: Database.Database, maxMb: number | undefined): void {
  if (maxMb === undefined) return;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`max_page_count = ${Math.max(1, Math.floor((maxMb * 1024 * 1024) / pageSize))}`);
}
