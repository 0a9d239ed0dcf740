/** The outbox: rendered WhatsApp bodies waiting to be sent, and what became of them. */
import type { Db } from './db.js';

/** One outbound body to send. */
export interface OutboxRow {
  readonly id: number;
  readonly user: string;
  readonly body: string;
  readonly attempts: number;
}

export type OutboxEnd = 'sent' | 'failed' | 'window_closed';

/** Reads and updates outbox rows. Rows are created only by `TurnCommitter` (with the turn). */
export class OutboxStore {
  private readonly selectOpen;
  private readonly markSendingStmt;
  private readonly markSentStmt;
  private readonly markEndStmt;
  private readonly countOpen;

  constructor(db: Db) {
    this.selectOpen = db.prepare(
      `SELECT id, user, body, attempts FROM outbox WHERE state IN ('pending', 'sending') ORDER BY id`,
    );
    this.markSendingStmt = db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?`);
    this.markSentStmt = db.prepare(`UPDATE outbox SET state = 'sent', wamid = ?, sent_at = ? WHERE id = ?`);
    this.markEndStmt = db.prepare(`UPDATE outbox SET state = ?, error_code = ?, error = ? WHERE id = ?`);
    this.countOpen = db.prepare(`SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')`).pluck();
  }

  /** Rows not yet sent, oldest first; `sending` rows were cut short by a crash and go out again. */
  open(): OutboxRow[] {
    return this.selectOpen.all() as OutboxRow[];
  }

  /** Records that an attempt starts now. */
  markSending(id: number): void {
    this.markSendingStmt.run(id);
  }

  markSent(id: number, wamid: string, now: number): void {
    this.markSentStmt.run(wamid, now, id);
  }

  /** Records a final failure (`failed`) or a closed customer-service window. */
  markGivenUp(id: number, state: Exclude<OutboxEnd, 'sent'>, code: number | null, error: string): void {
    this.markEndStmt.run(state, code, error, id);
  }

  depth(): number {
    return this.countOpen.get() as number;
  }
}
