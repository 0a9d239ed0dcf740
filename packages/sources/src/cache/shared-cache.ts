/**
 * A per-key cache for slow, fallible loads (a web page): fresh values within a TTL, at most one
 * load in flight per key (concurrent callers share it), the last good value served stale when a
 * load fails, and a short pause after a failure so a broken site is not asked again at once.
 */
import { SourceError } from '../errors.js';

export interface SharedCacheOptions {
  /** How long a loaded value is fresh, in ms. */
  readonly ttlMs: number;
  /** After a failed load, callers get the stale value (or the error) without a new load for this long. */
  readonly retryAfterMs: number;
  /** The clock, in ms (injected in tests). */
  readonly now: () => number;
  /** Names the source in error messages. */
  readonly label: string;
}

/** What `get` found: a value, and the error that made it stale, if it is stale. */
export interface CacheLookup<T> {
  readonly value: T;
  readonly staleBecause?: SourceError;
}

/** Loads a value; must honour `signal` (aborted when no caller is waiting any more). */
export type Loader<T> = (signal: AbortSignal) => Promise<T>;

interface Entry<T> {
  readonly value: T;
  readonly storedAt: number;
}

interface Flight<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

/** See the module comment. One instance per source; keys are URLs. */
export class SharedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly failures = new Map<string, { readonly error: SourceError; readonly at: number }>();
  private readonly flights = new Map<string, Flight<T>>();

  constructor(private readonly options: SharedCacheOptions) {}

  /**
   * The value for `key`: fresh from the cache, or loaded (joining a load already in flight).
   * When the load fails or `signal` aborts, the last good value is returned with `staleBecause`;
   * with no value to fall back on, the load's `SourceError` is thrown.
   */
  async get(key: string, load: Loader<T>, signal: AbortSignal): Promise<CacheLookup<T>> {
    const now = this.options.now();
    const entry = this.entries.get(key);
    if (entry !== undefined && now - entry.storedAt < this.options.ttlMs) return { value: entry.value };
    const failure = this.failures.get(key);
    if (failure !== undefined && now - failure.at < this.options.retryAfterMs) {
      const waitS = Math.ceil((failure.at + this.options.retryAfterMs - now) / 1000);
      const { kind, message } = failure.error;
      return this.fallBack(key, new SourceError(kind, `${message} (not asking again for ${waitS} s)`, { cause: failure.error }));
    }
    try {
      return { value: await this.join(key, load, signal) };
    } catch (error) {
      return this.fallBack(key, toSourceError(error, this.options.label));
    }
  }

  private fallBack(key: string, error: SourceError): CacheLookup<T> {
    const entry = this.entries.get(key);
    if (entry === undefined) throw error;
    return { value: entry.value, staleBecause: error };
  }

  /** Wait for the key's load in flight (starting one if needed), or until `signal` aborts. */
  private join(key: string, load: Loader<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(this.abortedError());
    const flight = this.flights.get(key) ?? this.start(key, load);
    flight.waiters += 1;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        flight.waiters -= 1;
        // Nobody is waiting any more: stop the request rather than finish it for no one.
        if (flight.waiters === 0 && this.flights.get(key) === flight) {
          this.flights.delete(key);
          flight.controller.abort();
        }
        reject(this.abortedError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private start(key: string, load: Loader<T>): Flight<T> {
    const controller = new AbortController();
    // `new Promise` turns a loader that throws synchronously into a rejection like any other.
    const promise = new Promise<T>((resolve) => resolve(load(controller.signal))).then(
      (value) => {
        this.entries.set(key, { value, storedAt: this.options.now() });
        this.failures.delete(key);
        this.settle(key, flight);
        return value;
      },
      (error: unknown) => {
        // A load abandoned by every caller says nothing about the site: do not hold it against it.
        if (!controller.signal.aborted) {
          this.failures.set(key, { error: toSourceError(error, this.options.label), at: this.options.now() });
        }
        this.settle(key, flight);
        throw error;
      },
    );
    const flight: Flight<T> = { promise, controller, waiters: 0 };
    this.flights.set(key, flight);
    return flight;
  }

  private settle(key: string, flight: Flight<T>): void {
    if (this.flights.get(key) === flight) this.flights.delete(key);
  }

  private abortedError(): SourceError {
    return new SourceError('aborted', `${this.options.label}: the caller stopped waiting for the page`);
  }
}

function toSourceError(error: unknown, label: string): SourceError {
  if (error instanceof SourceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SourceError('network', `${label}: ${message}`, { cause: error });
}
