/**
 * Drains the outbox: one message in flight per citizen (their replies keep their order), citizens
 * in parallel, a token bucket for the number's throughput, backoff with jitter on transient errors.
 */
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import type { OutboxRow, OutboxStore } from '../store/outbox-store.js';
import { backoffMs, classifySendFailure } from './classify.js';
import type { SendFn } from './graph-client.js';
import { TokenBucket } from './token-bucket.js';

export interface SenderOptions {
  /** Messages per second. */
  readonly rate: number;
  /** Concurrent HTTP requests at most. */
  readonly maxInFlight?: number;
  /** First retry delay; doubles per attempt. */
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
  /** Attempts before a retryable failure is given up. */
  readonly maxAttempts?: number;
  /**
   * Rows held in memory at most (default 10,000). Beyond it rows stay in the outbox only and are
   * read back, oldest first, as the held ones go out: a backlog (replies made faster than the
   * number's rate allows) costs disk, not heap.
   */
  readonly maxHeld?: number;
}

/** The outbox drainer. `enqueue` rows after they are committed; `start` resumes open rows. */
export class Sender {
  private readonly queues = new Map<string, OutboxRow[]>();
  /** Rows in `queues`. */
  private held = 0;
  /** The highest outbox id ever put in `queues`: every open row up to it is (or was) held. */
  private heldUpTo = 0;
  /** Open rows above `heldUpTo` exist only in the outbox (the memory limit was reached). */
  private spilled = false;
  private readonly maxHeld: number;
  /** Citizens with something to send and nothing in flight, in arrival order. */
  private readonly ready = new Set<string>();
  private readonly bucket: TokenBucket;
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private pausedUntil = 0;
  private wakeAt = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly outbox: OutboxStore,
    private readonly send: SendFn,
    private readonly log: Logger,
    private readonly metrics: ServeMetrics,
    private readonly options: SenderOptions,
  ) {
    this.bucket = new TokenBucket(options.rate, Math.max(1, options.rate), Date.now());
    this.maxHeld = Math.max(1, options.maxHeld ?? 10_000);
  }

  /** Starts sending the rows a previous run left unsent; returns how many there are. */
  start(): number {
    const open = this.outbox.depth();
    this.spilled = open > 0;
    this.refill();
    this.pump();
    return open;
  }

  /** Queues rows that were just committed. */
  enqueue(rows: readonly OutboxRow[]): void {
    for (const row of rows) {
      if (row.id <= this.heldUpTo) continue; // already read back from the outbox
      if (this.spilled || this.held >= this.maxHeld) {
        this.spilled = true; // stays in the outbox until `refill` reaches it, after the older ones
        continue;
      }
      this.push(row);
    }
    if (this.spilled && this.held <= this.maxHeld / 2) this.refill();
    this.pump();
  }

  /** Stops starting new sends; resolves when the in-flight ones are done. */
  stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Reads spilled rows back, oldest first, up to the memory limit. */
  private refill(): void {
    const room = this.maxHeld - this.held;
    if (!this.spilled || room <= 0) return;
    let rows: OutboxRow[];
    try {
      rows = this.outbox.openAfter(this.heldUpTo, room);
    } catch (error) {
      return this.dbFailed(error); // tried again when the next held row goes out
    }
    for (const row of rows) this.push(row);
    if (rows.length < room) this.spilled = false; // every open row is held now
  }

  private push(row: OutboxRow): void {
    this.held += 1;
    this.heldUpTo = Math.max(this.heldUpTo, row.id);
    const queue = this.queues.get(row.user);
    if (queue === undefined) {
      this.queues.set(row.user, [row]);
      this.ready.add(row.user);
    } else {
      queue.push(row);
    }
  }

  private pump(): void {
    const maxInFlight = this.options.maxInFlight ?? 64;
    while (!this.stopped && this.ready.size > 0 && this.inFlight < maxInFlight) {
      const now = Date.now();
      if (now < this.pausedUntil) return this.wakeIn(this.pausedUntil - now);
      const wait = this.bucket.take(now);
      if (wait > 0) return this.wakeIn(wait);
      const user = this.ready.values().next().value as string;
      this.ready.delete(user);
      const row = this.queues.get(user)?.[0];
      if (row !== undefined) void this.attempt(row);
    }
  }

  private wakeIn(ms: number): void {
    const at = Date.now() + ms;
    if (this.wakeAt > Date.now() && this.wakeAt <= at) return;
    this.wakeAt = at;
    this.later(ms, () => this.pump());
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private async attempt(row: OutboxRow): Promise<void> {
    this.inFlight += 1;
    const attempts = row.attempts + 1;
    const outcome = await this.send(row.body);
    this.inFlight -= 1;
    if (outcome.ok) {
      void this.outbox.markSent(row.id, outcome.wamid, Date.now(), attempts).catch((e: unknown) => this.dbFailed(e));
      this.metrics.sent.inc();
      this.next(row.user);
    } else {
      const verdict = classifySendFailure(outcome.status, outcome.code);
      const code = outcome.code ?? outcome.status ?? 0;
      const fields = { user: row.user, outbox: row.id, code, status: outcome.status, attempts, error: outcome.message };
      if (verdict.kind === 'retry' && attempts < (this.options.maxAttempts ?? 8)) {
        const delay = backoffMs(attempts, this.options.retryBaseMs ?? 500, this.options.retryCapMs ?? 60_000);
        if (verdict.scope === 'number') this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
        this.metrics.retries.inc({ code: String(code) });
        this.log.log('warn', 'send.retry', { ...fields, scope: verdict.scope, delayMs: delay });
        (this.queues.get(row.user) ?? [])[0] = { ...row, attempts };
        void this.outbox.markRetrying(row.id, attempts).catch((e: unknown) => this.dbFailed(e));
        this.later(delay, () => this.requeue(row.user));
      } else {
        const windowClosed = verdict.kind === 'window-closed';
        void this.outbox
          .markGivenUp(row.id, windowClosed ? 'window_closed' : 'failed', outcome.code ?? null, outcome.message, attempts)
          .catch((e: unknown) => this.dbFailed(e));
        this.metrics.failures.inc({ code: String(code) });
        this.log.log('error', windowClosed ? 'send.window_closed' : 'send.failed', fields);
        this.next(row.user);
      }
    }
    if (this.inFlight === 0 && this.stopped) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    this.pump();
  }

  /** Drops the head row of `user` and makes them ready again if more is queued. */
  private next(user: string): void {
    const queue = this.queues.get(user);
    if (queue?.shift() !== undefined) this.held -= 1;
    if (queue === undefined || queue.length === 0) this.queues.delete(user);
    else this.ready.add(user);
    if (this.spilled && this.held <= this.maxHeld / 2) this.refill();
  }

  private dbFailed(error: unknown): void {
    this.log.log('error', 'outbox.write_failed', { error: error instanceof Error ? error.message : String(error) });
  }

  private requeue(user: string): void {
    if (this.queues.has(user)) this.ready.add(user);
    this.pump();
  }
}
