/**
 * Sessions in one SQLite file (better-sqlite3, WAL). Each put is a single `INSERT … ON CONFLICT`
 * statement, so a crash leaves either the old or the new session, never half of one. The
 * WhatsApp server can pass its own `Database` and call `putSync` inside its own transaction.
 */
import Database from 'better-sqlite3';
import type { Session } from '../session/session.js';
import type { SessionStore } from './session-store.js';

type Db = Database.Database;

/** Options of `SqliteSessionStore`. */
export interface SqliteSessionStoreOptions {
  /** Table name (default `sessions`); lets several bots share one file. */
  readonly table?: string;
  /**
   * `exclusive` holds the file's lock for the store's lifetime (SQLite's WAL without shared memory):
   * about twice the write rate, but no other process can open the file meanwhile. Default
   * `normal`. Only applies when the store opens the file itself.
   */
  readonly locking?: 'normal' | 'exclusive';
}

/** A session store in a SQLite file (a path, `:memory:`, or an open database it does not own). */
export class SqliteSessionStore implements SessionStore {
  /** The underlying database (shared with the host when it passed one in). */
  readonly db: Db;
  readonly #owned: boolean;
  readonly #get: Database.Statement<[string], string>;
  readonly #put: Database.Statement<[string, string, number]>;
  readonly #delete: Database.Statement<[string]>;

  constructor(file: string | Db, options: SqliteSessionStoreOptions = {}) {
    const table = options.table ?? 'sessions';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new Error(`invalid session table name "${table}"`);
    this.#owned = typeof file === 'string';
    this.db = typeof file === 'string' ? new Database(file) : file;
    if (this.#owned) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      if (options.locking === 'exclusive') this.db.pragma('locking_mode = EXCLUSIVE');
    }
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID`,
    );
    this.#get = this.db.prepare<[string], string>(`SELECT data FROM ${table} WHERE id = ?`).pluck();
    this.#put = this.db.prepare(
      `INSERT INTO ${table} (id, data, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
    );
    this.#delete = this.db.prepare(`DELETE FROM ${table} WHERE id = ?`);
  }

  /** Reads a session synchronously (undefined when absent or not JSON). */
  getSync(id: string): Session | undefined {
    const data = this.#get.get(id);
    if (data === undefined) return undefined;
    try {
      return JSON.parse(data) as Session;
    } catch {
      return undefined;
    }
  }

  /** Writes a session synchronously in one statement (usable inside the host's transaction). */
  putSync(id: string, session: Session): void {
    this.#put.run(id, JSON.stringify(session), session.updatedAt);
  }

  /** Deletes a session synchronously. */
  deleteSync(id: string): void {
    this.#delete.run(id);
  }

  async get(id: string): Promise<Session | undefined> {
    return this.getSync(id);
  }

  async put(id: string, session: Session): Promise<void> {
    this.putSync(id, session);
  }

  async delete(id: string): Promise<void> {
    this.deleteSync(id);
  }

  /** Closes the database if the store opened it (a shared database stays open). */
  async close(): Promise<void> {
    if (this.#owned && this.db.open) this.db.close();
  }
}
