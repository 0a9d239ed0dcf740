/**
 * Processes stored inbound messages: per citizen in FIFO order, one at a time; citizens in
 * parallel. Each message ends in ONE transaction that writes the session, inserts the rendered
 * replies into the outbox and marks the message processed — so a message is never answered twice
 * and never lost, whatever moment the process dies at.
 */
import type { Inbound, Outbound } from '@samvad/runtime';
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import { renderJson } from '../render/render-json.js';
import type { Db } from '../store/db.js';
import type { GroupCommitter } from '../store/group-commit.js';
import type { StoredInbound } from '../store/inbound-store.js';
import type { OutboxRow } from '../store/outbox-store.js';

/** A prepared turn: what to say, in which language, and how to persist the new session. */
export interface PreparedTurn {
  readonly outbound: readonly Outbound[];
  readonly lang: string;
  /** Writes the new session; called inside the processing transaction (must be synchronous). */
  readonly commit: () => void;
  /** Called once the transaction that ran `commit` has committed. */
  readonly committed?: () => void;
}

/** Runs the conversation for one message (the runtime behind an interface). */
export interface TurnEngine {
  prepare(user: string, inbound: Inbound, now: number): Promise<PreparedTurn>;
}

/** Per-citizen FIFO processing of stored inbound messages. */
export class Processor {
  private readonly queues = new Map<string, StoredInbound[]>();
  private readonly markProcessed;
  private readonly insertOutbox;
  private active = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    db: Db,
    private readonly group: GroupCommitter,
    private readonly engine: () => TurnEngine,
    private readonly onOutbox: (rows: readonly OutboxRow[]) => void,
    private readonly log: Logger,
    private readonly metrics: ServeMetrics,
  ) {
    this.markProcessed = db.prepare('INSERT INTO processed (processed_at, error, seq) VALUES (?, ?, ?) ON CONFLICT (seq) DO NOTHING');
    this.insertOutbox = db.prepare('INSERT INTO outbox (user, inbound_seq, body, created_at) VALUES (?, ?, ?, ?)');
  }

  /** Queues stored messages (already committed) for processing. */
  enqueue(items: readonly StoredInbound[]): void {
    for (const item of items) {
      const user = item.message.from;
      const queue = this.queues.get(user);
      if (queue !== undefined) {
        queue.push(item);
        continue;
      }
      this.queues.set(user, [item]);
      this.drain(user).catch((error: unknown) =>
        this.log.log('error', 'process.crashed', { user, error: error instanceof Error ? error.message : String(error) }),
      );
    }
  }

  /** Messages queued in memory (stored, not yet processed). */
  depth(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Stops taking the next message; resolves when the messages being processed are committed. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(user: string): Promise<void> {
    const queue = this.queues.get(user);
    this.active += 1;
    try {
      while (!this.stopped && queue !== undefined && queue.length > 0) {
        const item = queue[0] as StoredInbound;
        await this.processOne(item);
        queue.shift();
      }
    } finally {
      if (queue === undefined || queue.length === 0) this.queues.delete(user);
      this.active -= 1;
      if (this.active === 0 && this.stopped) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  private async processOne({ seq, message }: StoredInbound): Promise<void> {
    const user = message.from;
    if (message.inbound === null) {
      await this.group.commit(() => this.markProcessed.run(Date.now(), null, seq));
      return;
    }
    const started = performance.now();
    let turn: PreparedTurn;
    try {
      turn = await this.engine().prepare(user, message.inbound, Date.now());
    } catch (error) {
      // A bug in the engine must not block this citizen forever: record it and move on.
      const detail = error instanceof Error ? error.message : String(error);
      await this.group.commit(() => this.markProcessed.run(Date.now(), detail, seq));
      this.log.log('error', 'turn.failed', { user, wamid: message.wamid, error: detail });
      return;
    }
    this.metrics.stepSeconds.observe((performance.now() - started) / 1000);
    const bodies = turn.outbound.flatMap((o) => renderJson(o, user, turn.lang));
    const now = Date.now();
    let wroteSession = false;
    const rows = await this.group.commit(() => {
      // Marked first: a message already processed (it cannot happen, but if it did) gets no second answer.
      if (this.markProcessed.run(now, null, seq).changes === 0) return [];
      turn.commit();
      wroteSession = true;
      const created: OutboxRow[] = bodies.map((body) => {
        const info = this.insertOutbox.run(user, seq, body, now);
        return { id: Number(info.lastInsertRowid), user, body, attempts: 0 };
      });
      return created;
    });
    if (wroteSession) turn.committed?.();
    this.onOutbox(rows);
  }
}
