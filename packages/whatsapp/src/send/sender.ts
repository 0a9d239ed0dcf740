/**
 * Drains the outbox: one message in flight per citizen (their replies keep their order), citizens
 * in parallel, a token bucket for the number's throughput, capped backoff with jitter on
 * transient errors for as long as the citizen's 24-hour window is open.
 *
 * The invariant that keeps replies moving: whenever a citizen has a row to send and nothing in
 * flight, either an attempt starts now or a timer is set that will try again (the wake-up timer
 * for the rate limit, a pause or full slots; the citizen's retry timer after a failure). A slow
 * poll of the outbox is the safety net for rows this process does not hold (written by another
 * process, or reopened by `samvad outbox retry`).
 */
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import type { OutboxRow, OutboxStore } from '../store/outbox-store.js';
import { backoffMs, classifySendFailure } from './classify.js';
import { systemClock } from './clock.js';
import type { SenderClock, TimerHandle } from './clock.js';
import type { SendFn, SendOutcome } from './graph-client.js';
import { MarkBook } from './marks.js';
import type { Mark } from './marks.js';
import { Slots } from './slots.js';
import { TokenBucket } from './token-bucket.js';

/** WhatsApp's customer-service window: free-form replies only within 24 h of the citizen's message. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

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

interface Held {
  row: OutboxRow;
  /** When this sender queued it (its clock). */
  readonly since: number;
}

/** The outbox drainer. `enqueue` rows after they are committed; `start` resumes open rows. */
export class Sender {
  private readonly queues = new Map<string, Held[]>();
  /** Ids of the rows in `queues`. */
  private readonly heldIds = new Set<number>();
  /** The highest outbox id ever held: every open row up to it is (or was) held. */
  private heldUpTo = 0;
  /** Open rows above `heldUpTo` exist only in the outbox (the memory limit was reached). */
  private spilled = false;
  private readonly maxHeld: number;
  /** Citizens with something to send, nothing in flight and no retry pending, in arrival order. */
  private readonly ready = new Set<string>();
  /** Citizens waiting for a retry timer. */
  private readonly backingOff = new Map<string, TimerHandle>();
  /** Window starts read from the outbox for rows that failed (fresh rows do not carry one). */
  private readonly windowStarts = new Map<number, number>();
  /** Citizens with an attempt in flight. */
  private readonly sending = new Set<string>();
  private readonly bucket: TokenBucket;
  private readonly slots: Slots;
  private readonly marks: MarkBook;
  private readonly clock: SenderClock;
  private readonly random: () => number;
  private pausedUntil = 0;
  private wakeTimer: TimerHandle | undefined;
  private wakeAt = 0;
  private pollTimer: TimerHandle | undefined;
  private refillFailed = false;
  private readError: string | undefined;
  private failuresInARow = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly outbox: SenderStore,
    private readonly send: SendFn,
    private readonly log: Logger,
    private readonly metrics: ServeMetrics,
    private readonly options: SenderOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.bucket = new TokenBucket(options.rate, Math.max(1, options.rate), this.clock.now());
    this.slots = new Slots(options.maxInFlight ?? 64, options.slowAfterMs ?? 3_000);
    this.maxHeld = Math.max(1, options.maxHeld ?? 10_000);
    this.marks = new MarkBook(
      (id, mark) => this.writeMark(id, mark),
      this.clock,
      { retryBaseMs: options.writeRetryBaseMs ?? 200, retryCapMs: options.writeRetryCapMs ?? 10_000, random: this.random },
      (error, pending) => this.log.log('error', 'outbox.write_failed', { error: message(error), unwritten: pending }),
      () => this.retryReads(),
    );
  }

  /** Starts sending the rows a previous run left unsent; returns how many there are. */
  start(): number {
    let open = 0;
    try {
      open = this.outbox.depth();
    } catch (error) {
      this.readFailed(error);
    }
    this.spilled = true;
    this.refill();
    this.pump();
    this.schedulePoll();
    return open;
  }

  /** Queues rows that were just committed. */
  enqueue(rows: readonly OutboxRow[]): void {
    for (const row of rows) {
      if (row.id <= this.heldUpTo) continue; // already read back from the outbox
      if (this.spilled || this.heldIds.size >= this.maxHeld) {
        this.spilled = true; // stays in the outbox until `refill` reaches it, after the older ones
        continue;
      }
      this.push(row);
    }
    if (this.spilled && this.heldIds.size <= this.maxHeld / 2) this.refill();
    this.pump();
  }

  /** Stops starting new sends; resolves when the in-flight ones are done. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.wakeTimer !== undefined) this.clock.clearTimer(this.wakeTimer);
    if (this.pollTimer !== undefined) this.clock.clearTimer(this.pollTimer);
    for (const timer of this.backingOff.values()) this.clock.clearTimer(timer);
    this.wakeTimer = undefined;
    this.pollTimer = undefined;
    this.backingOff.clear();
    this.marks.stop();
    if (this.slots.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** How sending is going, for `/healthz` (cheap: no database access). */
  health(): SenderHealth {
    const now = this.clock.now();
    let oldest = now;
    for (const queue of this.queues.values()) oldest = Math.min(oldest, queue[0]?.since ?? now);
    const stalled = this.stopped || this.wakeTimer !== undefined || this.slots.size > 0 ? 0 : this.ready.size;
    return {
      held: this.heldIds.size,
      oldestHeldMs: now - oldest,
      unwrittenMarks: this.marks.pending,
      writeError: this.marks.failing ?? this.readError,
      stalled,
      failuresInARow: this.failuresInARow,
    };
  }

  /** Reads spilled rows back, oldest first, up to the memory limit. */
  private refill(): void {
    const room = this.maxHeld - this.heldIds.size;
    if (!this.spilled || room <= 0) return;
    let rows: OutboxRow[];
    try {
      rows = this.outbox.openAfter(this.heldUpTo, room);
    } catch (error) {
      this.refillFailed = true;
      return this.readFailed(error); // tried again on the write-retry timer
    }
    this.refillFailed = false;
    this.readError = undefined;
    for (const row of rows) if (!this.marks.endPending(row.id)) this.push(row);
    if (rows.length < room) this.spilled = false; // every open row is held now
  }

  /** The safety net: open rows up to `heldUpTo` that this sender neither holds nor is marking. */
  private poll(): void {
    this.pollTimer = undefined;
    if (this.stopped) return;
    const stalled = this.health().stalled;
    if (stalled > 0) this.log.log('error', 'send.stalled', { citizens: stalled }); // a bug: the poll's pump below recovers it
    this.spilled = true; // rows committed but not handed over (or written by another process)
    this.refill();
    let ids: number[] = [];
    try {
      ids = this.outbox.openIdsUpTo(this.heldUpTo);
      for (const id of ids) {
        if (this.heldIds.has(id) || this.marks.endPending(id)) continue;
        const row = this.outbox.openRow(id);
        if (row === undefined) continue;
        this.log.log('info', 'send.picked_up', { user: row.user, outbox: row.id, attempts: row.attempts });
        this.push(row);
      }
    } catch (error) {
      this.readFailed(error);
    }
    this.pump();
    this.schedulePoll();
  }

  private schedulePoll(): void {
    const every = this.options.pollMs ?? 5_000;
    if (every <= 0 || this.stopped || this.pollTimer !== undefined) return;
    this.pollTimer = this.clock.setTimer(() => this.poll(), every);
  }

  private push(row: OutboxRow): void {
    this.heldIds.add(row.id);
    this.heldUpTo = Math.max(this.heldUpTo, row.id);
    const held: Held = { row, since: this.clock.now() };
    const queue = this.queues.get(row.user);
    if (queue === undefined) {
      this.queues.set(row.user, [held]);
      this.ready.add(row.user);
    } else {
      queue.push(held);
    }
  }

  /** Starts every attempt allowed now; otherwise makes sure a timer will call it again. */
  private pump(): void {
    while (!this.stopped && this.ready.size > 0) {
      const now = this.clock.now();
      if (!this.slots.free(now)) {
        const freeIn = this.slots.nextFreeIn(now);
        if (freeIn !== undefined) this.wakeIn(freeIn);
        return; // otherwise a request in flight ends (at the latest at its deadline) and pumps
      }
      if (now < this.pausedUntil) return this.wakeIn(this.pausedUntil - now);
      const wait = this.bucket.take(now);
      if (wait > 0) return this.wakeIn(wait);
      const user = this.ready.values().next().value as string;
      this.ready.delete(user);
      const held = this.queues.get(user)?.[0];
      if (held !== undefined) this.attempt(held.row, now);
    }
  }

  /** Makes sure `pump` runs in `ms` at the latest. */
  private wakeIn(ms: number): void {
    const delay = Math.max(1, Math.ceil(ms));
    const at = this.clock.now() + delay;
    if (this.wakeTimer !== undefined) {
      if (this.wakeAt <= at) return; // the timer already set fires sooner
      this.clock.clearTimer(this.wakeTimer);
    }
    this.wakeAt = at;
    this.wakeTimer = this.clock.setTimer(() => {
      // Forgotten before anything else: if pump finds the bucket still dry (a timer may fire
      // a millisecond early), it sets a new timer instead of trusting this spent one.
      this.wakeTimer = undefined;
      this.pump();
    }, delay);
  }

  private attempt(row: OutboxRow, now: number): void {
    const windowEnd = this.windowEnd(row, false);
    if (windowEnd !== undefined && now >= windowEnd) {
      // Read back after the window closed (a backlog, a restart): WhatsApp would refuse it.
      this.end(row, row.attempts, 'window_closed', null, 'the 24-hour customer-service window closed before the reply could be sent', 'window_closed');
      return;
    }
    this.sending.add(row.user);
    this.slots.take(row.id, now);
    this.send(row.body).then(
      (outcome) => this.settle(row, outcome),
      (error: unknown) => this.settle(row, { ok: false, message: `send failed: ${message(error)}` }),
    );
  }

  private settle(row: OutboxRow, outcome: SendOutcome): void {
    this.slots.release(row.id);
    this.sending.delete(row.user);
    const attempts = row.attempts + 1;
    if (outcome.ok) {
      this.failuresInARow = 0;
      this.marks.record(row.id, { kind: 'sent', wamid: outcome.wamid, at: this.clock.now(), attempts });
      this.metrics.sent.inc();
      this.next(row.user);
    } else {
      this.failed(row, attempts, outcome);
    }
    if (this.slots.size === 0 && this.stopped) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    this.pump();
  }

  private failed(row: OutboxRow, attempts: number, outcome: Extract<SendOutcome, { ok: false }>): void {
    this.failuresInARow += 1;
    const verdict = classifySendFailure(outcome.status, outcome.code);
    const code = outcome.code ?? outcome.status ?? 0;
    const fields = { user: row.user, outbox: row.id, code, status: outcome.status, attempts, error: outcome.message };
    switch (verdict.kind) {
      case 'retry': {
        const now = this.clock.now();
        let delay = backoffMs(attempts, this.options.retryBaseMs ?? 500, this.options.retryCapMs ?? 300_000, this.random);
        const windowEnd = this.windowEnd(row, true);
        if (windowEnd !== undefined) {
          const left = windowEnd - now;
          if (left <= 1_000) {
            const why = `the 24-hour customer-service window closed while retrying (last error: ${outcome.message})`;
            this.end(row, attempts, 'window_closed', outcome.code ?? null, why, 'window_closed');
            return;
          }
          delay = Math.min(delay, left - 1_000); // one last try just before it closes
        }
        if (verdict.scope === 'number') this.pausedUntil = Math.max(this.pausedUntil, now + delay);
        this.metrics.retries.inc({ code: String(code) });
        this.log.log('warn', 'send.retry', { ...fields, scope: verdict.scope, delayMs: delay });
        const queue = this.queues.get(row.user);
        const head = queue?.[0];
        if (queue !== undefined && head !== undefined) queue[0] = { ...head, row: { ...row, attempts } };
        this.marks.record(row.id, { kind: 'retrying', attempts, code: outcome.code ?? null, error: outcome.message });
        this.backOff(row.user, delay);
        return;
      }
      case 'window-closed':
      case 'permanent': {
        const state = verdict.kind === 'window-closed' ? 'window_closed' : 'failed';
        this.end(row, attempts, state, outcome.code ?? null, outcome.message, code);
        return;
      }
      default: {
        const never: never = verdict;
        throw new Error(`unknown verdict ${JSON.stringify(never)}`);
      }
    }
  }

  /** Gives a row up for good and moves on to the citizen's next one. */
  /** `metric`: the label counted in `samvad_outbound_failures_total` (default the code, else the state). */
  private end(row: OutboxRow, attempts: number, state: 'failed' | 'window_closed', code: number | null, error: string, metric?: number | string): void {
    this.marks.record(row.id, { kind: 'ended', state, code, error, attempts });
    this.metrics.failures.inc({ code: String(metric ?? code ?? state) });
    const fields = { user: row.user, outbox: row.id, code: code ?? undefined, attempts, error };
    this.log.log('error', state === 'window_closed' ? 'send.window_closed' : 'send.failed', fields);
    this.next(row.user);
  }

  private backOff(user: string, delay: number): void {
    const timer = this.clock.setTimer(() => {
      this.backingOff.delete(user);
      if (this.queues.has(user) && !this.sending.has(user)) this.ready.add(user);
      this.pump();
    }, Math.max(1, delay));
    this.backingOff.set(user, timer);
  }

  /** Drops the head row of `user` and makes them ready again if more is queued. */
  private next(user: string): void {
    const queue = this.queues.get(user);
    const head = queue?.shift();
    if (head !== undefined) {
      this.heldIds.delete(head.row.id);
      this.windowStarts.delete(head.row.id);
    }
    if (queue === undefined || queue.length === 0) this.queues.delete(user);
    else this.ready.add(user);
    if (this.spilled && this.heldIds.size <= this.maxHeld / 2) this.refill();
  }

  /**
   * When the row's customer-service window closes (ms), if known. Rows read back from the outbox
   * carry its start; for fresh rows it is read once, on their first failure (`read`).
   */
  private windowEnd(row: OutboxRow, read: boolean): number | undefined {
    let start = row.windowStart ?? this.windowStarts.get(row.id);
    if (start === undefined && read) {
      try {
        start = this.outbox.windowStart(row.id);
      } catch (error) {
        this.readFailed(error); // unknown for now: keep retrying, read again on the next failure
      }
      if (start !== undefined) this.windowStarts.set(row.id, start);
    }
    return start === undefined ? undefined : start + (this.options.windowMs ?? CUSTOMER_SERVICE_WINDOW_MS);
  }

  private writeMark(id: number, mark: Mark): Promise<unknown> {
    switch (mark.kind) {
      case 'sent':
        return this.outbox.markSent(id, mark.wamid, mark.at, mark.attempts);
      case 'retrying':
        return this.outbox.markRetrying(id, mark.attempts, mark.code, mark.error);
      case 'ended':
        return this.outbox.markGivenUp(id, mark.state, mark.code, mark.error, mark.attempts);
      default: {
        const never: never = mark;
        return Promise.reject(new Error(`unknown mark ${JSON.stringify(never)}`));
      }
    }
  }

  private readFailed(error: unknown): void {
    this.readError = message(error);
    this.marks.retrySoon(error); // its retry round calls retryReads
  }

  private retryReads(): void {
    if (this.stopped) return;
    if (this.refillFailed) {
      this.refill();
      this.pump();
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
