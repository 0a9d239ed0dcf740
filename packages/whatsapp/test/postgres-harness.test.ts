/** The test PostgreSQL harness itself: a real server, one fresh database per call. */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';

const opened: TestPostgres[] = [];
afterAll(async () => {
  for (const db of opened) await db.stop();
});

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('startTestPostgres', () => {
  it('starts a real PostgreSQL on 127.0.0.1 that accepts connections', async () => {
    const db = await startTestPostgres();
    opened.push(db);
    expect(new URL(db.url).hostname).toBe('127.0.0.1');
    const { rows } = await query(db.url, 'SELECT version() AS v, current_database() AS d');
    expect(String(rows[0].v)).toMatch(/^PostgreSQL \d+/);
    expect(new URL(db.url).pathname).toBe(`/${String(rows[0].d)}`);
  });

  it('gives every call its own empty database, and stop() drops it', async () => {
    const a = await startTestPostgres();
    const b = await startTestPostgres();
    opened.push(a, b);
    expect(a.url).not.toBe(b.url);
    await query(a.url, 'CREATE TABLE only_in_a (x int); INSERT INTO only_in_a VALUES (1)');
    const inB = await query(b.url, "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'only_in_a'");
    expect(inB.rows[0].n).toBe(0);
    const inA = await query(a.url, 'SELECT x FROM only_in_a');
    expect(inA.rows).toEqual([{ x: 1 }]);

    await a.stop();
    await expect(query(a.url, 'SELECT 1')).rejects.toThrow(/does not exist/);
  });
});
