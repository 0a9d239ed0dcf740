/**
 * Drains the PostgreSQL outbox together with every other process on the database.
 *
 * - **Claims** (outbox-claims.ts): one statement takes the due rows that are first in their
 *   citizen's line, `FOR UPDATE SKIP LOCKED`, as many as the number's shared token bucket grants,
 *   and leases them to this process (`claimed_by`, `lease_until = now + leaseMs`). A citizen has at
 *   most one row in flight in the cluster, so their replies reach Meta in order.
 * - **Sends** happen outside the transaction; the outcome is written only while the lease is still
 *   this process's (outbox-marks.ts): `sent` with the wamid, a retry (attempts + 1, due again after
 *   the backoff, lease cleared), or an end (`failed`, `window_closed`) — decided exactly as the
 *   SQLite sender does (send/classify.ts `afterFailure`, the 24-hour window of send/windows.ts).
 * - **Rate**: the bucket in `send_rate` is shared (send-rate.ts): all processes together stay
 *   within WHATSAPP_SEND_RATE for a number; a throughput error pauses the number for all of them.
 * - **Takeover**: a row whose lease ran out (its process was killed, or lost the database) is
 *   claimable again. Its send may have reached Meta before the process died: that reply is then
 *   sent twice. The duplicate window is the lease (default 30 s, longer than a send's deadline).
 * - **Wake-ups**: `LISTEN samvad_outbox` (the processor NOTIFYs after committing rows), a timer for
 *   the next retry, token or lease expiry, the outcome of a send (the citizen's next row), and a
 *   slow poll as a safety net — nothing polls fast; an idle cluster costs one small query per
 *   number every few seconds. In-flight requests are bounded by `Slots`, as in the SQLite sender.
 */
import { throttled } from '../../ops/throttle.js';
import { afterFailure, classifySendFailure, givenUp } from '../../send/classify.js';
import { systemClock } from '../../send/clock.js';
import type { SenderClock, TimerHandle } from '../../send/clock.js';
import type { SendOutcome } from '../../send/graph-client.js';
import { MarkBook } from '../../send/marks.js';
import type { Mark } from '../../send/marks.js';
import { Slots } from '../../send/slots.js';
import { CUSTOMER_SERVICE_WINDOW_MS } from '../../send/windows.js';
import { describePgError } from '../pg-error.js';
import type { PgPool } from '../pool.js';
import { claimRows, releaseLeases } from './outbox-claims.js';
import type { Claim, ClaimedRow } from './outbox-claims.js';
import { OutboxListener } from './outbox-listener.js';
import { OutboxMarks } from './outbox-marks.js';
import { Lane } from './lane.js';
import { readOutboxWatch } from './outbox-watch.js';
import type { OutboxWatch } from './outbox-watch.js';
import type { PgSenderOptions, SendingHealth } from './pg-sender-options.js';
import { ensureBucket, msUntil, pauseNumber } from './send-rate.js';

export { burstOf } from './pg-sender-options.js';
export type { PgSenderBot, PgSenderOptions, SendingHealth } from './pg-sender-options.js';

/** Rows asked for in one claim at most. */
const MAX_CLAIM = 100;
/** When tokens run short, wait for this share of a second's worth before claiming again (batches claims at high rates). */
const TOKEN_BATCH_S = 0.02;

/** The PostgreSQL outbox drainer of one process (see the file comment). */
export class PgSender {
  private readonly lanes: Lane[];
  private readonly byNumber: Map<string, Lane>;
  private readonly slots: Slots;
  /** Slots promised to claims under way. */
  private reserved = 0;
  private readonly clock: SenderClock = systemClock;
  private readonly random: () => number;
  private readonly writer: OutboxMarks;
  private readonly marks: MarkBook;
  private readonly listener: OutboxListener;
  /** Rows whose send is under way. */
  private readonly inFlight = new Set<number>();
  /** The lane of each row claimed and not yet marked. */
  private readonly rowLane = new Map<number, { readonly lane: Lane; readonly citizen: string }>();
  /** Claims under way, and number pauses being written (their retry mark follows): awaited by stop(). */
  private readonly claims = new Set<Promise<void>>();
  private readonly pauses = new Set<Promise<void>>();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly claimGapMs: number;
  private readonly notifiedGapMs: number;
  private readonly windowMs: number;
  private pollTimer: TimerHandle | undefined;
  private watch: OutboxWatch | undefined;
  private dbError: string | undefined;
  private failuresInARow = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly pool: PgPool,
    private readonly options: PgSenderOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 2_000;
    this.claimGapMs = options.claimGapMs ?? 10;
    this.notifiedGapMs = options.notifiedGapMs ?? 100;
    this.windowMs = options.windowMs ?? CUSTOMER_SERVICE_WINDOW_MS;
    this.random = options.random ?? Math.random;
    this.lanes = options.bots.map((bot) => new Lane(bot, this.clock));
    this.byNumber = new Map(this.lanes.map((lane) => [lane.numberId, lane]));
    this.slots = new Slots(options.maxInFlight ?? 64, options.slowAfterMs ?? 3_000);
    this.writer = new OutboxMarks(pool, options.processId, (id, mark) => this.leaseLost(id, mark));
    this.marks = new MarkBook(
      (id, mark) => this.writer.write(id, mark).then(() => this.marked(id, mark)),
      this.clock,
      { retryBaseMs: 200, retryCapMs: 10_000, random: this.random },
      (error, pending) => throttled(options.log, 'error', 'outbox.write_failed').report({ error: describePgError(error), unwritten: pending }),
      () => this.pumpAll(),
    );
    this.listener = new OutboxListener(pool, {
      retryMs: this.pollMs,
      onWake: (numberId) => this.notify(numberId),
      onProblem: (error) => throttled(options.log, 'warn', 'send.listen_failed').report({ error: describePgError(error) }),
    });
  }

  /** Starts claiming: creates the numbers' rate rows, listens, claims what is due (a database failure is logged and retried). */
  async start(): Promise<void> {
    try {
      for (const lane of this.lanes) await ensureBucket(this.pool, lane.numberId, lane.limit);
    } catch (error) {
      this.claimFailed(error); // the claims create missing rows themselves
    }
    await this.listener.start();
    this.poll();
  }

  /**
   * Rows were committed: by this process for `citizen` of `numberId` (claimed at once, that
   * citizen's first open row only), or by any process for `numberId` (a notification: a look at
   * every citizen of the number, at most every `notifiedGapMs`), or for any number.
   */
  notify(numberId?: string, citizen?: string): void {
    if (numberId === undefined) return this.pumpAll();
    const lane = this.byNumber.get(numberId);
    if (lane === undefined) return; // a number another deployment sends for
    if (citizen !== undefined) {
      lane.citizens.add(citizen);
      return this.run(lane);
    }
    const wait = lane.lastFullAt + this.notifiedGapMs - this.clock.now();
    if (wait > 0) return this.wakeIn(lane, wait); // notifications arriving meanwhile are one look
    this.pump(lane);
  }

  /** How sending is going, for `/healthz` (no database access: the figures of the last poll). */
  health(): SendingHealth {
    return {
      held: this.watch?.open ?? this.slots.size,
      oldestHeldMs: this.watch?.oldestMs ?? 0,
      unwrittenMarks: this.marks.pending,
      writeError: this.marks.failing ?? this.dbError,
      stalled: this.watch?.abandoned ?? 0,
      failuresInARow: this.failuresInARow,
    };
  }

  /**
   * Stops claiming, lets the sends in flight finish and their outcomes be written, then gives back
   * the leases of rows it claimed but did not send, so other processes take them at once.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer !== undefined) this.clock.clearTimer(this.pollTimer);
    this.pollTimer = undefined;
    for (const lane of this.lanes) lane.quiet();
    await this.listener.stop();
    while (this.claims.size > 0) await Promise.allSettled([...this.claims]);
    if (this.slots.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    while (this.pauses.size > 0) await Promise.allSettled([...this.pauses]);
    await this.writer.settled();
    this.marks.stop();
    // Rows whose sent or end mark could not be written keep their lease: it runs out on its own.
    const unwritten = [...this.rowLane.keys()].filter((id) => this.marks.endPending(id));
    try {
      const released = await releaseLeases(this.pool, this.options.processId, unwritten);
      if (released > 0) this.options.log.log('info', 'send.leases_released', { rows: released });
    } catch (error) {
      this.options.log.log('warn', 'send.release_failed', { error: describePgError(error), leaseMs: this.leaseMs });
    }
  }

  private pumpAll(): void {
    for (const lane of this.lanes) this.pump(lane);
  }

  /** Looks at every citizen of `lane`'s number (see `run`). */
  private pump(lane: Lane): void {
    lane.full = true;
    this.run(lane);
  }

  /**
   * Claims what `lane` wants — every citizen's first open row, or only those of `lane.citizens` —
   * unless a claim runs (then after it), the claim gap has not passed (then once it has: what is
   * wanted meanwhile is one claim) or no slot is free (then when one frees).
   */
  private run(lane: Lane): void {
    if (this.stopped || lane.claiming) return;
    if (!lane.full && lane.citizens.size === 0) return;
    const now = this.clock.now();
    const gap = lane.lastClaimAt + this.claimGapMs - now;
    if (gap > 0) {
      lane.soon(gap, () => this.run(lane));
      return;
    }
    const room = Math.min(MAX_CLAIM, this.slots.room(now) - this.reserved);
    if (room <= 0) {
      lane.wantsSlots = true;
      const freeIn = this.slots.nextFreeIn(now);
      if (freeIn !== undefined) this.wakeIn(lane, freeIn);
      return; // otherwise a send ending frees a slot and pumps
    }
    lane.claiming = true;
    lane.wantsSlots = false;
    lane.lastClaimAt = now;
    if (lane.full) lane.lastFullAt = now;
    const citizens = lane.full ? undefined : [...lane.citizens];
    lane.full = false;
    lane.citizens.clear();
    this.reserved += room;
    const request = {
      numberId: lane.numberId,
      processId: this.options.processId,
      limit: room,
      rate: lane.limit,
      leaseMs: this.leaseMs,
      ...(citizens !== undefined ? { citizens } : {}),
    };
    const done = claimRows(this.pool, request).then(
      (claim) => this.claimed(lane, claim, room),
      (error: unknown) => {
        this.claimFailed(error);
        this.wakeIn(lane, this.pollMs);
      },
    );
    const tracked = done.finally(() => {
      this.reserved -= room;
      lane.claiming = false;
      this.claims.delete(tracked);
      this.run(lane); // what was wanted while it ran
      // The slots this claim reserved are free again: another number that found none claims now (a
      // claim that found nothing to send ends no send, and no send's end would pump it).
      for (const waiting of this.lanes) if (waiting !== lane && waiting.wantsSlots) this.run(waiting);
    });
    this.claims.add(tracked);
  }

  private claimed(lane: Lane, claim: Claim, asked: number): void {
    this.dbError = undefined;
    const now = this.clock.now();
    for (const row of claim.rows) {
      // Still this process's (a send or its outcome under way past the lease): the claim renewed the lease, nothing more.
      if (this.inFlight.has(row.id) || this.marks.endPending(row.id)) continue;
      this.rowLane.set(row.id, { lane, citizen: row.citizen });
      if (this.stopped) continue; // not sent: stop() gives its lease back
      this.attempt(lane, row, now);
    }
    if (claim.rows.length < claim.found) {
      const want = Math.min(claim.found - claim.rows.length, Math.max(1, lane.limit.rate * TOKEN_BATCH_S));
      this.wakeIn(lane, msUntil(claim.tokensLeft, want, lane.limit.rate));
    } else if (claim.found >= asked) {
      lane.full = true; // possibly more due: claim again (or, slots full, when one frees)
    }
    if (claim.nextInMs !== undefined) this.wakeIn(lane, claim.nextInMs);
  }

  private claimFailed(error: unknown): void {
    this.dbError = describePgError(error);
    throttled(this.options.log, 'error', 'send.claim_failed').report({ error: this.dbError });
  }

  private attempt(lane: Lane, row: ClaimedRow, now: number): void {
    if (row.takenFrom !== undefined) {
      this.options.log.log('warn', 'send.taken_over', { user: row.citizen, outbox: row.id, from: row.takenFrom, attempts: row.attempts });
    }
    if (now >= row.windowStart + this.windowMs) {
      // Read after the window closed (a backlog, an outage): WhatsApp would refuse it.
      this.end(row, row.attempts, 'window_closed', null, 'the 24-hour customer-service window closed before the reply could be sent', 'window_closed');
      return;
    }
    this.slots.take(row.id, now);
    this.inFlight.add(row.id);
    lane.send(row.body).then(
      (outcome) => this.settle(lane, row, outcome),
      (error: unknown) => this.settle(lane, row, { ok: false, message: `send failed: ${error instanceof Error ? error.message : String(error)}` }),
    );
  }

  private settle(lane: Lane, row: ClaimedRow, outcome: SendOutcome): void {
    this.slots.release(row.id);
    this.inFlight.delete(row.id);
    const attempts = row.attempts + 1;
    if (outcome.ok) {
      this.failuresInARow = 0;
      this.marks.record(row.id, { kind: 'sent', wamid: outcome.wamid, at: Date.now(), attempts });
      this.options.metrics.sent.inc();
      this.options.metrics.numberSent.inc(lane.labels);
    } else {
      this.failed(lane, row, attempts, outcome);
    }
    if (this.stopped) {
      if (this.slots.size === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      return;
    }
    for (const waiting of this.lanes) if (waiting.wantsSlots) this.run(waiting);
  }

  private failed(lane: Lane, row: ClaimedRow, attempts: number, outcome: Extract<SendOutcome, { ok: false }>): void {
    this.failuresInARow += 1;
    const code = outcome.code ?? outcome.status ?? 0;
    const now = this.clock.now();
    const policy = { baseMs: this.options.retryBaseMs ?? 500, capMs: this.options.retryCapMs ?? 300_000, random: this.random };
    const verdict = classifySendFailure(outcome.status, outcome.code);
    const next = afterFailure(verdict, attempts, now, row.windowStart + this.windowMs, policy);
    switch (next.kind) {
      case 'retry': {
        this.options.metrics.retries.inc({ code: String(code) });
        const fields = { user: row.citizen, outbox: row.id, code, status: outcome.status, attempts, error: outcome.message };
        this.options.log.log('warn', 'send.retry', { ...fields, scope: next.scope, delayMs: next.delayMs });
        const mark: Mark = { kind: 'retrying', attempts, code: outcome.code ?? null, error: outcome.message, retryInMs: next.delayMs };
        if (next.scope !== 'number') return this.marks.record(row.id, mark);
        // The whole number waits, in every process: the bucket is emptied before the row is let go.
        const pause = pauseNumber(this.pool, lane.numberId, lane.limit, next.delayMs)
          .catch((error: unknown) => this.claimFailed(error))
          .finally(() => {
            this.pauses.delete(pause);
            this.marks.record(row.id, mark);
          });
        this.pauses.add(pause);
        return;
      }
      case 'end': {
        const given = givenUp(next, outcome);
        this.end(row, attempts, given.state, given.code, given.error, given.metric);
        this.options.metrics.numberFailures.inc(lane.labels);
        return;
      }
      default: {
        const never: never = next;
        throw new Error(`unknown decision ${JSON.stringify(never)}`);
      }
    }
  }

  /** Gives a row up for good. `metric`: the label counted in `samvad_outbound_failures_total`. */
  private end(row: ClaimedRow, attempts: number, state: 'failed' | 'window_closed', code: number | null, error: string, metric: number | string): void {
    this.marks.record(row.id, { kind: 'ended', state, code, error, attempts });
    this.options.metrics.failures.inc({ code: String(metric) });
    const fields = { user: row.citizen, outbox: row.id, code: code ?? undefined, attempts, error };
    this.options.log.log('error', state === 'window_closed' ? 'send.window_closed' : 'send.failed', fields);
  }

  /** A mark was written (or found the row taken over): the citizen's next row may go, or the retry is due later. */
  private marked(id: number, mark: Mark): void {
    const held = this.rowLane.get(id);
    this.rowLane.delete(id);
    if (held === undefined || this.stopped) return;
    if (mark.kind === 'retrying') return this.wakeIn(held.lane, mark.retryInMs ?? 0);
    held.lane.citizens.add(held.citizen); // the citizen's next row, if any
    this.run(held.lane);
  }

  private leaseLost(id: number, mark: Mark): void {
    this.options.log.log('warn', 'send.lease_lost', {
      outbox: id,
      outcome: mark.kind,
      leaseMs: this.leaseMs,
      note: 'another process took the row over after this lease ran out; it sends the reply again, so the citizen may receive it twice',
    });
  }

  /** The safety net: claims for every number and refreshes the health figures, every `pollMs`. */
  private poll(): void {
    this.pollTimer = undefined;
    if (this.stopped) return;
    this.pumpAll();
    readOutboxWatch(
      this.pool,
      this.lanes.map((lane) => lane.numberId),
      this.leaseMs + 2 * this.pollMs,
    ).then(
      (watch) => {
        this.watch = watch;
      },
      (error: unknown) => this.claimFailed(error),
    );
    if (this.pollMs > 0) this.pollTimer = this.clock.setTimer(() => this.poll(), this.pollMs);
  }

  /** Makes sure `lane` claims in `ms` at the latest. */
  private wakeIn(lane: Lane, ms: number): void {
    if (!this.stopped) lane.wakeIn(ms, () => this.pump(lane));
  }
}
