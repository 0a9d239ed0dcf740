/**
 * WhatsApp's 24-hour customer-service window of each reply: free-form messages reach a citizen
 * only within 24 h of their last message. Counted — conservatively — from WhatsApp's timestamp of
 * the message that caused the reply (a later message of the same citizen would reopen it).
 */
import type { OutboxRow } from '../store/outbox-store.js';

/** The customer-service window. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Window starts of held rows: carried by rows read back from the outbox, else read on demand. */
export class Windows {
  /** Starts read for rows that did not carry one (fresh rows, read on their first failure). */
  private readonly starts = new Map<number, number>();

  constructor(
    private readonly lengthMs: number,
    /** Reads a row's window start; may throw (the database failing). */
    private readonly read: (id: number) => number | undefined,
    private readonly onReadFailed: (error: unknown) => void,
  ) {}

  /**
   * When the row's window closes (ms), if known. `read`: look it up when the row does not carry
   * it (once; a failed read is tried again next time — unknown means "keep trying").
   */
  end(row: OutboxRow, read: boolean): number | undefined {
    let start = row.windowStart ?? this.starts.get(row.id);
    if (start === undefined && read) {
      try {
        start = this.read(row.id);
      } catch (error) {
        this.onReadFailed(error);
      }
      if (start !== undefined) this.starts.set(row.id, start);
    }
    return start === undefined ? undefined : start + this.lengthMs;
  }

  /** Forgets a row that is no longer held. */
  forget(id: number): void {
    this.starts.delete(id);
  }
}
