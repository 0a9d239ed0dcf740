/** Time as the sender sees it: injected, so tests can fire timers early, late, or in any order. */

/** A timer handle, opaque to the sender. */
export type TimerHandle = unknown;

/** The clock and timers the sender uses. */
export interface SenderClock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /** Calls `fn` after about `ms` milliseconds (possibly a little early or late). */
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** The real clock: `Date.now`, `setTimeout`, `clearTimeout`. */
export const systemClock: SenderClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
