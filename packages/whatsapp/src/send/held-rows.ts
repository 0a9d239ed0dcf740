/**
 * The outbox rows the sender holds in memory: a queue per citizen (their replies keep their
 * order), the ids held, and the highest id ever held — every open row up to it is, or was, held.
 */
import type { OutboxRow } from '../store/outbox-store.js';

/** A held row and when it was queued (the sender's clock). */
export interface Held {
  readonly row: OutboxRow;
  readonly since: number;
}

/** Per-citizen queues of held rows. */
export class HeldRows {
  private readonly queues = new Map<string, Held[]>();
  private readonly ids = new Set<number>();
  private upTo = 0;

  /** Rows held. */
  get size(): number {
    return this.ids.size;
  }

  /** The highest id ever held. */
  get highestId(): number {
    return this.upTo;
  }

  holds(id: number): boolean {
    return this.ids.has(id);
  }

  /** Whether `user` has rows queued. */
  queued(user: string): boolean {
    return this.queues.has(user);
  }

  /** Adds `row` after its citizen's other rows; returns true when they had none queued. */
  push(row: OutboxRow, now: number): boolean {
    this.ids.add(row.id);
    this.upTo = Math.max(this.upTo, row.id);
    const held: Held = { row, since: now };
    const queue = this.queues.get(row.user);
    if (queue !== undefined) {
      queue.push(held);
      return false;
    }
    this.queues.set(row.user, [held]);
    return true;
  }

  /** The citizen's next row. */
  head(user: string): Held | undefined {
    return this.queues.get(user)?.[0];
  }

  /** Replaces the citizen's next row (after a failed attempt: its count of attempts). */
  updateHead(user: string, row: OutboxRow): void {
    const queue = this.queues.get(user);
    const head = queue?.[0];
    if (queue !== undefined && head !== undefined && head.row.id === row.id) queue[0] = { ...head, row };
  }

  /** Drops the citizen's next row; returns it, and whether more rows are queued for them. */
  shift(user: string): { readonly dropped: Held | undefined; readonly more: boolean } {
    const queue = this.queues.get(user);
    const dropped = queue?.shift();
    if (dropped !== undefined) this.ids.delete(dropped.row.id);
    const more = queue !== undefined && queue.length > 0;
    if (!more) this.queues.delete(user);
    return { dropped, more };
  }

  /** When the oldest row at the head of a queue was queued, or `undefined` when none is held. */
  oldestSince(): number | undefined {
    let oldest: number | undefined;
    for (const queue of this.queues.values()) {
      const since = queue[0]?.since;
      if (since !== undefined && (oldest === undefined || since < oldest)) oldest = since;
    }
    return oldest;
  }
}
