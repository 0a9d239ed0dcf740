/**
 * The processing and sending connections' PostgreSQL backends run at the worker's lower priority
 * when PostgreSQL runs on this machine (pg/backend-priority.ts) — and nothing else is ever reniced.
 */
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lowerBackendPriority } from '../src/pg/backend-priority.js';
import { createPool } from '../src/pg/pool.js';
import type { PgClient, PgPool } from '../src/pg/pool.js';
import { startTestPostgres, TEST_PG_URL_ENV } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';

let db: TestPostgres;
let pool: PgPool;
beforeAll(async () => {
  db = await startTestPostgres();
  pool = createPool(db.url, { max: 2, applicationName: 'priority-test' });
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await db?.stop();
});

/** The niceness of process `pid` (field 19 of /proc/<pid>/stat). */
const niceOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);

describe.runIf(process.platform === 'linux')('the backends of processing connections, on this machine', () => {
  it.runIf(process.env[TEST_PG_URL_ENV] === undefined)('run at the niceness asked for; the backends of other connections are left alone', async () => {
    const reniced: PgClient = await pool.connect();
    const other: PgClient = await pool.connect();
    try {
      expect(lowerBackendPriority(reniced, 6)).toBeUndefined();
      const pidOf = async (c: PgClient) => Number((await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
      expect(niceOf(await pidOf(reniced))).toBe(6);
      expect(niceOf(await pidOf(other))).toBe(0);
    } finally {
      reniced.release();
      other.release();
    }
  });

  it('a process id that is not this connection’s backend (another machine’s) is never reniced', () => {
    // As if the server were elsewhere: its backend's id is a local process's (this test's own), whose title has no such port.
    const lookalike = { processID: process.pid, connection: { stream: { localPort: 54321 } } } as unknown as PgClient;
    const before = getPriority(process.pid);
    expect(lowerBackendPriority(lookalike, 9)).toBe('PostgreSQL runs on another machine');
    expect(getPriority(process.pid)).toBe(before);
    const socket = { processID: process.pid, connection: { stream: {} } } as unknown as PgClient;
    expect(lowerBackendPriority(socket, 9)).toBe('the connection has no TCP port to recognise its backend by');
    expect(lowerBackendPriority(socket, 0)).toBeUndefined(); // nice 0: nothing to do
  });
});
