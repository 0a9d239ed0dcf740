/**
 * The PostgreSQL connection pool of `samvad serve` (`SAMVAD_DB=postgres://…`). A connection URL is
 * checked before anything connects; an error names the setting and shows the URL with its password
 * replaced, never the password itself.
 */
import pg from 'pg';

/** A `pg` pool (the type callers use). */
export type PgPool = pg.Pool;
/** One connection checked out of a pool, or a dedicated client. */
export type PgClient = pg.PoolClient;

/** True when `value` is a PostgreSQL connection URL (`postgres://` or `postgresql://`), not a SQLite path. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value.trim());
}

/** `url` with its password (if any) replaced by `***`: what may appear in logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not parseable: keep only the scheme and the host-ish part before any `@`-separated credentials.
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/**
 * Why `url` cannot be used as `setting` (a sentence naming the setting), or undefined when it can.
 * The password never appears in the sentence.
 */
export function checkPostgresUrl(url: string, setting = 'SAMVAD_DB'): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${setting} is not a valid PostgreSQL URL (expected postgres://user:password@host:5432/database), got "${redactUrl(url)}"`;
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return `${setting} must start with postgres:// or postgresql://, got "${redactUrl(url)}"`;
  }
  if (parsed.hostname === '' && parsed.searchParams.get('host') === null) {
    return `${setting} names no host (expected postgres://user:password@host:5432/database), got "${redactUrl(url)}"`;
  }
  if (parsed.pathname.replace(/^\//, '') === '') {
    return `${setting} names no database (add /<database> after the host), got "${redactUrl(url)}"`;
  }
  return undefined;
}

/** Pool settings. */
export interface PoolOptions {
  /** Most connections this pool opens (default 10). */
  readonly max?: number;
  /** `application_name` PostgreSQL shows in `pg_stat_activity` (default `samvad`). */
  readonly applicationName?: string;
}

/**
 * A pool for `url` (checked with `checkPostgresUrl`; throws its sentence when bad). Nothing connects
 * until the first query. Idle connections that fail (a restarted server) are dropped by the pool and
 * logged by the caller through `onError`.
 */
export function createPool(url: string, options: PoolOptions = {}, onError?: (error: Error) => void): PgPool {
  const problem = checkPostgresUrl(url);
  if (problem !== undefined) throw new Error(problem);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'samvad',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  // An idle client losing its connection emits 'error' on the pool: without a listener it would crash the process.
  pool.on('error', (error) => onError?.(error));
  return pool;
}
