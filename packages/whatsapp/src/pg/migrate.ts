/**
 * `applyMigrations(pool)`: brings a PostgreSQL database to this code's schema (`MIGRATIONS`).
 *
 * - `samvad_migrations(version, name, applied_at)` records what was applied;
 * - the whole run holds a session-level advisory lock on a fixed key, so several processes starting
 *   together (or `samvad db migrate` next to a starting server) apply each migration once: the
 *   others wait, then find nothing left to do;
 * - each missing migration runs in its own transaction together with its record, so a failure
 *   leaves the database at the previous version, never half-way;
 * - a database whose highest version is newer than this code knows (written by a newer samvad) is
 *   refused with a message saying to upgrade, before anything is changed.
 */
import { MIGRATIONS } from './migrations.js';
import type { Migration } from './migrations.js';
import type { PgPool } from './pool.js';

/** The advisory-lock key every samvad process uses for migrations ('samvad' in ASCII, as a bigint). */
export const MIGRATION_LOCK_KEY = 0x73616d766164n;

/** What `applyMigrations` did. */
export interface MigrationResult {
  /** Versions applied by this call, in order (empty when the database was up to date). */
  readonly applied: readonly number[];
  /** The database's version afterwards. */
  readonly version: number;
}

/** A database written by a newer samvad: it is not touched. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `the database is at schema version ${databaseVersion}, newer than this samvad knows (${knownVersion}): ` +
        `it was migrated by a newer samvad; upgrade samvad on this machine (do not run an older one against it)`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Applies every migration the database lacks, oldest first (see the file comment). */
export async function applyMigrations(pool: PgPool, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationResult> {
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS samvad_migrations (
           version    integer PRIMARY KEY,
           name       text    NOT NULL,
           applied_at bigint  NOT NULL
         )`,
      );
      const done = await client.query<{ version: number }>('SELECT version FROM samvad_migrations ORDER BY version');
      const have = new Set(done.rows.map((r) => Number(r.version)));
      const highest = Math.max(0, ...have);
      if (highest > known) throw new SchemaTooNewError(highest, known);
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (have.has(migration.version)) continue;
        try {
          await client.query('BEGIN');
          await client.query(migration.sql);
          await client.query('INSERT INTO samvad_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const detail = error instanceof Error ? error.message : String(error);
          throw new Error(`migration ${migration.version} (${migration.name}) failed and was rolled back: ${detail}`, { cause: error });
        }
        applied.push(migration.version);
      }
      return { applied, version: Math.max(highest, ...applied) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch(() => {
        broken = true; // the connection is gone (and with it the lock): do not hand it back to the pool
      });
    }
  } finally {
    client.release(broken);
  }
}
