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
import type { OutboxRow } from '../store/outbox-store.js';
import { afterFailure, classifySendFailure, givenUp } from './classify.js';
import { systemClock } from './clock.js';
import type { SenderClock, TimerHandle } from './clock.js';
import type { SendFn, SendOutcome } from './graph-client.js';
import { HeldRows } from './held-rows.js';
import { CUSTOMER_SERVICE_WINDOW_MS, Windows } from './windows.js';
import { MarkBook, markWriter } from './marks.js';
import type { SenderHealth, SenderOptions, SenderStore } from './sender-options.js';
import { Slots } from './slots.js';
import { TokenBucket } from './token-bucket.js';

export { CUSTOMER_SERVICE_WINDOW_MS } from './windows.js';

export type { SenderHealth, SenderOptions, SenderStore } from './sender-options.js';

/** The outbox drainer. `enqueue` rows after they are committed; `start` resumes open rows. */
export class Sender {
  private readonly held = new HeldRows();
  /** Open rows above `held.highestId` exist only in the outbox (the memory limit was reached). */
  private spilled = false;
  private readonly maxHeld: number;
  /** Citizens with something to send, nothing in flight and no retry pending, in arrival order. */
  private readonly ready = new Set<string>();
  /** Citizens waiting for a retry timer. */
  private readonly backingOff = new Map<string, TimerHandle>();
  private readonly windows: Windows;
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
      markWriter(outbox),
      this.clock,
      { retryBaseMs: options.writeRetryBaseMs ?? 200, retryCapMs: options.writeRetryCapMs ?? 10_000, random: this.random },
      (error, pending) => this.log.log('error', 'outbox.write_failed', { error: message(error), unwritten: pending }),
      () => this.retryReads(),
    );
    this.windows = new Windows(options.windowMs ?? CUSTOMER_SERVICE_WINDOW_MS, (id) => outbox.windowStart(id), (error) => this.readFailed(error));
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
      if (row.id <= this.held.highestId) continue; // already read back from the outbox
      if (this.spilled || this.held.size >= this.maxHeld) {
        this.spilled = true; // stays in the outbox until `refill` reaches it, after the older ones
        continue;
      }
      this.push(row);
    }
    if (this.spilled && this.held.size <= this.maxHeld / 2) this.refill();
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
    const stalled = this.stopped || this.wakeTimer !== undefined || this.slots.size > 0 ? 0 : this.ready.size;
    return {
      held: this.held.size,
      oldestHeldMs: now - (this.held.oldestSince() ?? now),
      unwrittenMarks: this.marks.pending,
      writeError: this.marks.failing ?? this.readError,
      stalled,
      failuresInARow: this.failuresInARow,
    };
  }

  /** Reads spilled rows back, oldest first, up to the memory limit. */
  private refill(): void {
    const room = this.maxHeld - this.held.size;
    if (!this.spilled || room <= 0) return;
    let rows: OutboxRow[];
    try {
      rows = this.outbox.openAfter(this.held.highestId, room);
    } catch (error) {
      this.refillFailed = true;
      return this.readFailed(error); // tried again on the write-retry timer
    }
    this.refillFailed = false;
    this.readError = undefined;
    for (const row of rows) if (!this.marks.endPending(row.id)) this.push(row);
    if (rows.length < room) this.spilled = false; // every open row is held now
  }

  /** The safety net: open rows up to the highest held id that this sender neither holds nor is marking. */
  private poll(): void {
    this.pollTimer = undefined;
    if (this.stopped) return;
    const stalled = this.health().stalled;
    if (stalled > 0) this.log.log('error', 'send.stalled', { citizens: stalled }); // a bug: the poll's pump below recovers it
    this.spilled = true; // rows committed but not handed over (or written by another process)
    this.refill();
    let ids: number[] = [];
    try {
      ids = this.outbox.openIdsUpTo(this.held.highestId);
      for (const id of ids) {
        if (this.held.holds(id) || this.marks.endPending(id)) continue;
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
    if (this.held.push(row, this.clock.now())) this.ready.add(row.user);
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
      const head = this.held.head(user);
      if (head !== undefined) this.attempt(head.row, now);
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
    const windowEnd = this.windows.end(row, false);
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
    const code = outcome.code ?? outcome.status ?? 0;
    const now = this.clock.now();
    const policy = { baseMs: this.options.retryBaseMs ?? 500, capMs: this.options.retryCapMs ?? 300_000, random: this.random };
    const verdict = classifySendFailure(outcome.status, outcome.code);
    const next = afterFailure(verdict, attempts, now, verdict.kind === 'retry' ? this.windows.end(row, true) : undefined, policy);
    switch (next.kind) {
      case 'retry': {
        if (next.scope === 'number') this.pausedUntil = Math.max(this.pausedUntil, now + next.delayMs);
        this.metrics.retries.inc({ code: String(code) });
        const fields = { user: row.user, outbox: row.id, code, status: outcome.status, attempts, error: outcome.message };
        this.log.log('warn', 'send.retry', { ...fields, scope: next.scope, delayMs: next.delayMs });
        this.held.updateHead(row.user, { ...row, attempts });
        this.marks.record(row.id, { kind: 'retrying', attempts, code: outcome.code ?? null, error: outcome.message });
        this.backOff(row.user, next.delayMs);
        return;
      }
      case 'end': {
        const given = givenUp(next, outcome);
        this.end(row, attempts, given.state, given.code, given.error, given.metric);
        return;
      }
      default: {
        const never: never = next;
        throw new Error(`unknown decision ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Gives a row up for good and moves on to the citizen's next one. `metric`: the label counted in
   * `samvad_outbound_failures_total` (default the code, else the state).
   */
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
      if (this.held.queued(user) && !this.sending.has(user)) this.ready.add(user);
      this.pump();
    }, Math.max(1, delay));
    this.backingOff.set(user, timer);
  }

  /** Drops the head row of `user` and makes them ready again if more is queued. */
  private next(user: string): void {
    const { dropped, more } = this.held.shift(user);
    if (dropped !== undefined) this.windows.forget(dropped.row.id);
    if (more) this.ready.add(user);
    if (this.spilled && this.held.size <= this.maxHeld / 2) this.refill();
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
