/**
 * The PostgreSQL connection pool of `samvad serve` (`SAMVAD_DB=postgres://…`). A connection URL is
 * checked before anything connects; an error names the setting and shows the URL with its password
 * replaced, never the password itself.
 */
import pg from 'pg';
import { checkPostgresUrl } from './url.js';

export { checkPostgresUrl, isPostgresUrl, redactUrl } from './url.js';

/** A `pg` pool (the type callers use). */
export type PgPool = pg.Pool;
/** One connection checked out of a pool, or a dedicated client. */
export type PgClient = pg.PoolClient;

/** Pool settings. */
export interface PoolOptions {
  /** Most connections this pool opens (default 10). */
  readonly max?: number;
  /** `application_name` PostgreSQL shows in `pg_stat_activity` (default `samvad`). */
  readonly applicationName?: string;
  /**
   * Plan every prepared statement once, for any values (`plan_cache_mode=force_generic_plan`).
   * PostgreSQL otherwise keeps re-planning a statement whose generic plan it estimates dearer than
   * the plans for the values at hand — the sender's claims, planned anew on almost every call.
   */
  readonly genericPlans?: boolean;
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
    ...(options.genericPlans === true ? { options: '-c plan_cache_mode=force_generic_plan' } : {}),
  });
  // An idle client losing its connection emits 'error' on the pool: without a listener it would crash the process.
  pool.on('error', (error) => onError?.(error));
  return pool;
}
