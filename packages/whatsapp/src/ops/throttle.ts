/**
 * A repeated event logged at most once per interval: the first occurrence is written at once; the
 * ones in the next `everyMs` are counted and the next line written after it says how many were
 * held back (`suppressed`). A full disk fails every delivery, and one line per delivery would
 * bury the cause (and fill the disk's logs) — the metric still counts each one.
 */
import type { LogFields, LogLevel, Logger } from './log.js';

export class ThrottledEvent {
  private lastAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly log: Logger,
    private readonly level: LogLevel,
    private readonly event: string,
    private readonly everyMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Logs this occurrence, or counts it when one was logged less than `everyMs` ago. */
  report(fields: LogFields = {}): void {
    const now = this.now();
    if (now - this.lastAt < this.everyMs) {
      this.suppressed += 1;
      return;
    }
    this.log.log(this.level, this.event, this.suppressed > 0 ? { ...fields, suppressed: this.suppressed } : fields);
    this.lastAt = now;
    this.suppressed = 0;
  }
}

const perLogger = new WeakMap<Logger, Map<string, ThrottledEvent>>();

/** The one throttle of `event` for `log` (created on first use, at `level`). */
export function throttled(log: Logger, level: LogLevel, event: string): ThrottledEvent {
  let events = perLogger.get(log);
  if (events === undefined) {
    events = new Map();
    perLogger.set(log, events);
  }
  let throttle = events.get(event);
  if (throttle === undefined) {
    throttle = new ThrottledEvent(log, level, event);
    events.set(event, throttle);
  }
  return throttle;
}
