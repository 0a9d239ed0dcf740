/** The sending state of one business number within a process: its client, bucket and wake-up timer. */
import type { SenderClock, TimerHandle } from '../../send/clock.js';
import type { SendFn } from '../../send/graph-client.js';
import { burstOf } from './pg-sender-options.js';
import type { PgSenderBot } from './pg-sender-options.js';
import type { RateLimit } from './send-rate.js';

/** One number's lane: at most one claim at a time, and one timer that makes sure it claims again. */
export class Lane {
  readonly numberId: string;
  readonly send: SendFn;
  readonly limit: RateLimit;
  /** The `number` and `bot` labels of its per-number metrics. */
  readonly labels: { readonly number: string; readonly bot: string };
  /** A claim is under way. */
  claiming = false;
  /** A look at every citizen of the number is wanted (a notification, the poll, a timer, more due). */
  full = false;
  /** Citizens whose first open row is wanted (replies this process committed, a reply it marked). */
  readonly citizens = new Set<string>();
  /** Its last claim was cut short by full slots: claim again when one frees. */
  wantsSlots = false;
  /** When its last claim started (the clock's ms): the next waits for the claim gap. */
  lastClaimAt = Number.NEGATIVE_INFINITY;
  /** When its last look at every citizen started: notifications wait for the notified gap. */
  lastFullAt = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | undefined;
  private timerAt = 0;
  /** The claim gap's timer: runs what is wanted once the gap has passed. */
  private soonTimer: TimerHandle | undefined;

  constructor(
    bot: PgSenderBot,
    private readonly clock: SenderClock,
  ) {
    this.numberId = bot.numberId;
    this.labels = { number: bot.numberId, bot: bot.name ?? '' };
    this.send = bot.client;
    this.limit = { rate: bot.rate, burst: burstOf(bot.rate) };
  }

  /** Makes sure `claim` runs in `ms` at the latest (a timer already due sooner is kept). */
  wakeIn(ms: number, claim: () => void): void {
    const delay = Math.max(1, Math.ceil(ms));
    const at = this.clock.now() + delay;
    if (this.timer !== undefined) {
      if (this.timerAt <= at) return;
      this.clock.clearTimer(this.timer);
    }
    this.timerAt = at;
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined; // forgotten first: the claim sets a new one if it needs one
      claim();
    }, delay);
  }

  /** Makes sure `run` runs in `ms` (a claim gap; a gap timer already set is kept: it is due sooner or as soon). */
  soon(ms: number, run: () => void): void {
    if (this.soonTimer !== undefined) return;
    this.soonTimer = this.clock.setTimer(
      () => {
        this.soonTimer = undefined;
        run();
      },
      Math.max(1, Math.ceil(ms)),
    );
  }

  /** Cancels the timers (stop). */
  quiet(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    if (this.soonTimer !== undefined) this.clock.clearTimer(this.soonTimer);
    this.timer = undefined;
    this.soonTimer = undefined;
  }
}
