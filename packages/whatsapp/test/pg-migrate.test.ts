/** `createPool` / `applyMigrations` against a real PostgreSQL (support/postgres.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, SchemaTooNewError } from '../src/pg/migrate.js';
import { MIGRATIONS } from '../src/pg/migrations.js';
import { checkPostgresUrl, createPool } from '../src/pg/pool.js';
import type { PgPool } from '../src/pg/pool.js';
import { startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';

describe('PostgreSQL migrations', () => {
  let db: TestPostgres;
  let pool: PgPool;
  beforeAll(async () => {
    db = await startTestPostgres();
    pool = createPool(db.url, { max: 4 });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await db?.stop();
  });

  it('applies every migration once, even when several processes start together', async () => {
    const others = [createPool(db.url, { max: 1 }), createPool(db.url, { max: 1 })];
    try {
      const results = await Promise.all([applyMigrations(pool), ...others.map((p) => applyMigrations(p))]);
      const latest = Math.max(...MIGRATIONS.map((m) => m.version));
      // Exactly one of the three applied each version; the others found the work done.
      expect(results.flatMap((r) => r.applied).sort()).toEqual(MIGRATIONS.map((m) => m.version).sort());
      expect(results.map((r) => r.version)).toEqual([latest, latest, latest]);
      const again = await applyMigrations(pool);
      expect(again.applied).toEqual([]);
      const recorded = await pool.query('SELECT version, name FROM samvad_migrations ORDER BY version');
      expect(recorded.rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
      // The tables exist and dedupe by wamid.
      await pool.query(`INSERT INTO inbound (wamid, number_id, citizen, type, message, sent_at, received_at) VALUES ('w1', '1', 'c', 'text', '{}', 0, 0)`);
      const dup = await pool.query(`INSERT INTO inbound (wamid, number_id, citizen, type, message, sent_at, received_at) VALUES ('w1', '1', 'c', 'text', '{}', 0, 0) ON CONFLICT (wamid) DO NOTHING`);
      expect(dup.rowCount).toBe(0);
    } finally {
      await Promise.all(others.map((p) => p.end()));
    }
  });

  it('refuses a database migrated by a newer samvad, without touching it', async () => {
    await applyMigrations(pool);
    await pool.query(`INSERT INTO samvad_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)`);
    try {
      const error = await applyMigrations(pool).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaTooNewError);
      expect(String((error as Error).message)).toMatch(/schema version 999.*upgrade samvad/);
    } finally {
      await pool.query('DELETE FROM samvad_migrations WHERE version = 999');
    }
  });

  it('a failing migration is rolled back whole and named', async () => {
    const bad = [...MIGRATIONS, { version: 500, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT no_such_function()' }];
    await expect(applyMigrations(pool, bad)).rejects.toThrow(/migration 500 \(broken\) failed and was rolled back/);
    const half = await pool.query(`SELECT to_regclass('half_done') AS t`);
    expect(half.rows[0].t).toBeNull();
    const versions = await pool.query('SELECT max(version) AS v FROM samvad_migrations');
    expect(Number(versions.rows[0].v)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
  });
});

describe('SAMVAD_DB as a PostgreSQL URL', () => {
  it('names the setting and never shows the password', () => {
    const problems = [
      checkPostgresUrl('postgres://samvad:hunter2-secret@/samvad'),
      checkPostgresUrl('postgres://samvad:hunter2-secret@db.example.org'),
      checkPostgresUrl('postgres://samvad:hunter2-secret@db.example.org:notaport/x'),
    ];
    for (const problem of problems) {
      expect(problem).toMatch(/^SAMVAD_DB /);
      expect(problem).not.toContain('hunter2-secret');
    }
    expect(checkPostgresUrl('postgres://samvad:pw@127.0.0.1:5432/samvad')).toBeUndefined();
    expect(() => createPool('postgresql://u:hunter2-secret@host')).toThrow(/SAMVAD_DB names no database/);
  });
});
