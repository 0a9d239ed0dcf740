/**
 * The database's clock, in milliseconds since the epoch (SQL). Leases, due times and the shared
 * token bucket are read and written against this one clock, so processes on machines whose
 * clocks differ still agree on when a lease ran out and how many tokens a number has.
 * `clock_timestamp()`, not `now()`: the time of the statement, not of the transaction's start.
 */
export const DB_NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** A `bigint` column as pg returns it (a string) to a number (ids and ms stay below 2^53). */
export function toNumber(value: string | number | null): number | undefined {
  if (value === null) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}
