/**
 * Processes stored inbound messages: per citizen in FIFO order, one at a time; citizens in
 * parallel. Each message ends in ONE transaction that writes the session, inserts the rendered
 * replies into the outbox and marks the message processed — so a message is never answered twice
 * and never lost, whatever moment the process dies at. A turn that stops at a `call` stores the
 * call in that same transaction (calls/: the call worker makes it, and its result comes back as a
 * stored message processed like any other).
 *
 * When that transaction fails because the store does (disk full, I/O error, busy file), the same
 * message is tried again with backoff until it commits: the citizen's later messages wait behind
 * it, in order. A bug in the engine (or any other error) is recorded on the message, which is then
 * done with, so one bad turn cannot block a citizen forever.
 */
import type { Inbound, Outbound } from '@samvad/runtime';
import type { NewCall } from '../calls/call-request.js';
import { sqliteCallInsert } from '../calls/sqlite-calls.js';
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import type { RenderLabels } from '../render/labels.js';
import { backoffMs } from '../send/classify.js';
import type { Db } from '../store/db.js';
import type { GroupCommitter } from '../store/group-commit.js';
import type { StoredInbound } from '../store/inbound-store.js';
import type { OutboxRow } from '../store/outbox-store.js';
import { describeStoreError, isTransientStoreError } from '../store/store-error.js';
import { BackoffSleeps } from './backoff-sleeps.js';
import { logNoReply, renderTurn, reportStale } from './turn-output.js';

/** A prepared turn: what to say, in which language, and how to persist the new session. */
export interface PreparedTurn {
  readonly outbound: readonly Outbound[];
  readonly lang: string;
  /** The adapter's words in `lang` from the graph's messages (default: the built-in ones). */
  readonly labels?: RenderLabels;
  /** The call the turn stopped at: stored in the processing transaction, made by the call worker. */
  readonly call?: NewCall;
  /** Writes the new session; called inside the processing transaction (must be synchronous). */
  readonly commit: () => void;
  /** Called once the transaction that ran `commit` has committed. */
  readonly committed?: () => void;
}

/** Runs the conversation for one message (the runtime behind an interface). */
export interface TurnEngine {
  prepare(user: string, inbound: Inbound, now: number): Promise<PreparedTurn>;
}

/** How the processor treats old messages and failing writes. */
export interface ProcessorOptions {
  /** A message older than this (WhatsApp's `timestamp`) updates the session but gets no reply. */
  readonly replyMaxAgeMs: number;
  /** First delay before a failed write is tried again; doubles per failure, up to `retryCapMs`. */
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
  /** Called after a commit that stored a call (the call worker's `notify`). */
  readonly onCall?: () => void;
}

/** What `/healthz` needs to know about processing. */
export interface ProcessingHealth {
  /** Messages held in memory, waiting or being processed. */
  readonly queued: number;
  /** The longest any citizen's next message has been waiting to be done (ms; 0 when none waits). */
  readonly longestWaitMs: number;
  /** Citizens whose message is being retried after a failed write. */
  readonly retrying: number;
  /** For how long writes have been failing (ms), when some are. */
  readonly failingForMs?: number;
  /** The last failure, one line. */
  readonly error?: string;
}

interface Queue {
  readonly items: StoredInbound[];
  /** When the head of `items` became the head (ms). */
  headSince: number;
}

const DEFAULTS: ProcessorOptions = { replyMaxAgeMs: 23 * 3600 * 1000 };

/** Per-citizen FIFO processing of stored inbound messages. */
export class Processor {
  private readonly queues = new Map<string, Queue>();
  private readonly markProcessed;
  private readonly insertOutbox;
  private readonly insertCall;
  private active = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  /** Backoff waits in progress (ended early by `stop`). */
  private readonly sleeps = new BackoffSleeps();
  /** Citizens whose head message failed to commit, since when, and why. */
  private readonly retrying = new Map<string, { since: number; error: string }>();

  constructor(
    db: Db,
    private readonly group: GroupCommitter,
    private readonly engine: () => TurnEngine,
    private readonly onOutbox: (rows: readonly OutboxRow[]) => void,
    private readonly log: Logger,
    private readonly metrics: ServeMetrics,
    private readonly options: ProcessorOptions = DEFAULTS,
  ) {
    this.markProcessed = db.prepare('INSERT INTO processed (processed_at, error, seq) VALUES (?, ?, ?) ON CONFLICT (seq) DO NOTHING');
    this.insertOutbox = db.prepare('INSERT INTO outbox (user, inbound_seq, body, created_at) VALUES (?, ?, ?, ?)');
    this.insertCall = sqliteCallInsert(db);
  }

  /** Queues stored messages (already committed) for processing. */
  enqueue(items: readonly StoredInbound[]): void {
    for (const item of items) {
      const user = item.message.from;
      const queue = this.queues.get(user);
      if (queue !== undefined) {
        queue.items.push(item);
        continue;
      }
      this.queues.set(user, { items: [item], headSince: Date.now() });
      this.drain(user).catch((error: unknown) =>
        this.log.log('error', 'process.crashed', { user, error: error instanceof Error ? error.message : String(error) }),
      );
    }
  }

  /** Messages queued in memory (stored, not yet processed). */
  depth(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.items.length;
    return n;
  }

  /** Whether the queues move: how long the longest wait is, and whether writes are failing. */
  health(now = Date.now()): ProcessingHealth {
    let queued = 0;
    let longestWaitMs = 0;
    for (const q of this.queues.values()) {
      queued += q.items.length;
      longestWaitMs = Math.max(longestWaitMs, now - q.headSince);
    }
    let failing: { since: number; error: string } | undefined;
    for (const f of this.retrying.values()) if (failing === undefined || f.since < failing.since) failing = f;
    return {
      queued,
      longestWaitMs,
      retrying: this.retrying.size,
      ...(failing !== undefined ? { failingForMs: now - failing.since, error: failing.error } : {}),
    };
  }

  /**
   * Stops taking the next message (and ends backoff waits); resolves when the messages being
   * processed are committed. What was not processed stays stored, for the next start.
   */
  stop(): Promise<void> {
    this.stopped = true;
    this.sleeps.wakeAll();
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(user: string): Promise<void> {
    const queue = this.queues.get(user);
    this.active += 1;
    try {
      let failures = 0;
      while (!this.stopped && queue !== undefined && queue.items.length > 0) {
        const item = queue.items[0] as StoredInbound;
        try {
          await this.processOne(item);
          if (failures > 0) this.log.log('info', 'process.store_recovered', { user, wamid: item.message.wamid, attempts: failures + 1 });
        } catch (error) {
          if (isTransientStoreError(error)) {
            failures += 1;
            await this.retryLater(user, item, failures, error);
            continue; // the same message again, unless stopping
          }
          // Not even the failure could be recorded, and retrying would not help: leave the message
          // stored (processed on the next start; /healthz reports it waiting) and go on.
          this.log.log('error', 'process.crashed', { user, wamid: item.message.wamid, error: describeStoreError(error) });
        }
        failures = 0;
        this.retrying.delete(user);
        queue.items.shift();
        queue.headSince = Date.now();
      }
    } finally {
      this.retrying.delete(user);
      if (queue === undefined || queue.items.length === 0 || this.stopped) this.queues.delete(user);
      this.active -= 1;
      if (this.active === 0 && this.stopped) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Records a failed write of `user`'s head message and waits (with backoff) before the retry. */
  private async retryLater(user: string, item: StoredInbound, failures: number, error: unknown): Promise<void> {
    const detail = describeStoreError(error);
    const since = this.retrying.get(user)?.since ?? Date.now();
    this.retrying.set(user, { since, error: detail });
    const delayMs = backoffMs(failures, this.options.retryBaseMs ?? 100, this.options.retryCapMs ?? 5_000);
    this.metrics.processStoreFailures.inc();
    this.log.log(failures === 1 ? 'error' : 'warn', 'process.store_failed', { user, wamid: item.message.wamid, attempt: failures, retryInMs: delayMs, error: detail });
    await this.sleeps.sleep(delayMs);
  }

  /**
   * Processes one message. Throws only when nothing was committed: a transient store error (the
   * caller retries) or a failure to record an engine error.
   */
  private async processOne(stored: StoredInbound): Promise<void> {
    const { seq, message } = stored;
    const user = message.from;
    if (message.inbound === null) {
      const marked = await this.group.commit(() => this.markProcessed.run(Date.now(), null, seq).changes === 1);
      if (marked) logNoReply(this.log, message);
      return;
    }
    const started = performance.now();
    let turn: PreparedTurn;
    try {
      turn = await this.engine().prepare(user, message.inbound, Date.now());
    } catch (error) {
      if (isTransientStoreError(error)) throw error; // reading the session failed: try again
      // A bug in the engine must not block this citizen forever: record it and move on.
      const detail = error instanceof Error ? error.message : String(error);
      await this.group.commit(() => this.markProcessed.run(Date.now(), detail, seq));
      this.log.log('error', 'turn.failed', { user, wamid: message.wamid, error: detail });
      return;
    }
    this.metrics.stepSeconds.observe((performance.now() - started) / 1000);
    const now = Date.now();
    const rendered = renderTurn(message, turn, now, this.options.replyMaxAgeMs);
    const bodies = rendered.bodies;
    let wroteSession = false;
    const rows = await this.group.commit(() => {
      // Marked first: a message already processed (it cannot happen, but if it did) gets no second answer.
      if (this.markProcessed.run(now, null, seq).changes === 0) return [];
      turn.commit();
      // The call is stored with the turn that made it: made once, whatever happens next.
      if (turn.call !== undefined) {
        this.insertCall(turn.call, { citizen: user, inboundSeq: seq, windowStart: message.timestamp > 0 ? message.timestamp * 1000 : now, now });
      }
      wroteSession = true;
      const created: OutboxRow[] = bodies.map((body) => {
        const info = this.insertOutbox.run(user, seq, body, now);
        return { id: Number(info.lastInsertRowid), user, body, attempts: 0 };
      });
      return created;
    });
    if (wroteSession) turn.committed?.();
    if (wroteSession) reportStale(this.log, this.metrics, message, rendered, turn.outbound.length);
    if (wroteSession && turn.call !== undefined) this.options.onCall?.();
    this.onOutbox(rows);
  }
}
