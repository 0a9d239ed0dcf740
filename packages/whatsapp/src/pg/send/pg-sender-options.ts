/** What `PgSender` is given (its numbers and options) and what it reports (`health()`). */
import type { Logger } from '../../ops/log.js';
import type { ServeMetrics } from '../../ops/metrics.js';
import type { SendFn } from '../../send/graph-client.js';
import type { SenderHealth } from '../../send/sender-options.js';

/** One business number this process sends for. */
export interface PgSenderBot {
  /** The `phone_number_id` (the outbox rows' `number_id`). */
  readonly numberId: string;
  /** Sends one body through the Graph API for this number (send/graph-client.ts `graphSender`). */
  readonly client: SendFn;
  /** The number's WHATSAPP_SEND_RATE: messages per second, for the whole cluster. */
  readonly rate: number;
  /** The bot's name in the deployment (the `bot` label of the per-number metrics; `''` when none). */
  readonly name?: string;
}

/** What `/healthz` reads of sending (the SQLite sender's shape). */
export type SendingHealth = SenderHealth;

export interface PgSenderOptions {
  readonly bots: readonly PgSenderBot[];
  /** Unique per running process (e.g. host:pid:random): written into the leases it holds. */
  readonly processId: string;
  readonly log: Logger;
  readonly metrics: ServeMetrics;
  /** How long a claimed row is this process's (default 30 s); must exceed a send's deadline. */
  readonly leaseMs?: number;
  /** First retry delay, doubling (default 500 ms). */
  readonly retryBaseMs?: number;
  /** Longest delay between two attempts of one row (default 5 min). */
  readonly retryCapMs?: number;
  /** The safety poll (default 2 s): claims for every number and refreshes the health figures. */
  readonly pollMs?: number;
  /**
   * Least time between two claims for one number (default 10 ms): replies committed meanwhile are
   * claimed together, so a busy number costs at most 100 claims a second per process, not one per
   * turn (an idle number's first reply is claimed at once).
   */
  readonly claimGapMs?: number;
  /**
   * Least time between two looks at every citizen of a number started by notifications (default
   * 100 ms): under load every commit of every process notifies, and the look walks every citizen
   * with something open, while this process's own replies are claimed citizen by citizen at once.
   */
  readonly notifiedGapMs?: number;
  /** Concurrent HTTP requests of this process (default 64); slow ones hold at most half. */
  readonly maxInFlight?: number;
  /** A request in flight longer than this is slow (default 3 s). */
  readonly slowAfterMs?: number;
  /** The customer-service window (default 24 h). */
  readonly windowMs?: number;
  /** Jitter source (default `Math.random`). */
  readonly random?: () => number;
}

/**
 * The bucket's size: a fifth of a second's worth (at least 1). Sends in any stretch of t seconds
 * stay within rate × (t + 0.2) — a second never carries more than 1.2 × the rate, even right after
 * an idle spell — while claims still take several tokens at a time.
 */
export function burstOf(rate: number): number {
  return Math.max(1, rate / 5);
}
