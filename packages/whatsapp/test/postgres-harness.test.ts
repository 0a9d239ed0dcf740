/** The test PostgreSQL harness itself: a real server, one fresh database per call. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { waitFor } from './support/webhook-bodies.js';
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

  it('stops the server and removes its data directory when the worker process is killed (kill -9)', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'samvad-pg-harness-'));
    const script = join(scratch, 'worker.mts');
    // A stand-in for a test worker: starts the embedded server, says where it is, and dies without a word.
    writeFileSync(
      script,
      `import pg from ${JSON.stringify(resolve(import.meta.dirname, '../node_modules/pg/lib/index.js'))};
import { startTestPostgres } from ${JSON.stringify(resolve(import.meta.dirname, 'support/postgres.ts'))};
const db = await startTestPostgres();
const client = new pg.Client({ connectionString: db.url });
await client.connect();
const dir = (await client.query("SELECT setting FROM pg_settings WHERE name = 'data_directory'")).rows[0].setting;
await client.end();
process.stdout.write(JSON.stringify({ url: db.url, dir }) + '\\n', () => process.kill(process.pid, 'SIGKILL'));
`,
    );
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: resolve(import.meta.dirname, '../../..'),
        env: { ...process.env, SAMVAD_TEST_PG_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => void (out += chunk.toString('utf8')));
      const signal = await new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, sig) => done(sig)));
      expect(signal, out).toBe('SIGKILL');
      const { url, dir } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { url: string; dir: string };
      expect(existsSync(dir)).toBe(true);
      await waitFor('the orphaned server to stop and its data directory to go', async () => {
        const up = await query(url, 'SELECT 1').then(() => true, () => false);
        return !up && !existsSync(dir) ? true : undefined;
      }, 45_000);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
