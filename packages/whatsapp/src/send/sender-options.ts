/** What the sender is given (its store and options) and what it reports (`health()`). */
import type { OutboxStore } from '../store/outbox-store.js';
import type { SenderClock } from './clock.js';

/** The part of the outbox the sender uses (an interface, so tests can wrap a real store). */
export type SenderStore = Pick<
  OutboxStore,
  'depth' | 'openAfter' | 'openIdsUpTo' | 'openRow' | 'windowStart' | 'markSent' | 'markRetrying' | 'markGivenUp'
>;

export interface SenderOptions {
  /** Messages per second. */
  readonly rate: number;
  /** Concurrent HTTP requests (default 64); slow requests may hold at most half of them. */
  readonly maxInFlight?: number;
  /** A request in flight longer than this is slow (default 3 s). */
  readonly slowAfterMs?: number;
  /** First retry delay; doubles per attempt (default 500 ms). */
  readonly retryBaseMs?: number;
  /** Longest delay between two attempts of one row (default 5 min). */
  readonly retryCapMs?: number;
  /** The customer-service window (default 24 h): past it a reply ends as `window_closed`. */
  readonly windowMs?: number;
  /**
   * Rows held in memory at most (default 10,000). Beyond it rows stay in the outbox only and are
   * read back, oldest first, as the held ones go out: a backlog (replies made faster than the
   * number's rate allows) costs disk, not heap.
   */
  readonly maxHeld?: number;
  /** How often the outbox is polled for open rows this sender does not hold (default 5 s; 0 = never). */
  readonly pollMs?: number;
  /** First delay before a failed outbox write is tried again (default 200 ms, doubling to 10 s). */
  readonly writeRetryBaseMs?: number;
  readonly writeRetryCapMs?: number;
  /** Clock and timers (default the system's). */
  readonly clock?: SenderClock;
  /** Jitter source (default `Math.random`). */
  readonly random?: () => number;
}

/** What `/healthz` needs to know about sending. */
export interface SenderHealth {
  /** Rows held in memory, not yet sent or given up. */
  readonly held: number;
  /** Age (ms) of the oldest held row since it was queued; 0 when none is held. */
  readonly oldestHeldMs: number;
  /** Outbox writes (sent, retry and end marks) not yet written; rows waiting for one are not resent. */
  readonly unwrittenMarks: number;
  /** The last outbox read or write failed (its message), or `undefined` when they succeed. */
  readonly writeError: string | undefined;
  /** Citizens with a row due and neither an attempt nor a timer scheduled: always 0 unless a bug. */
  readonly stalled: number;
  /** Consecutive failed attempts across all citizens (0 after any success): the Graph API is failing. */
  readonly failuresInARow: number;
}
