/** The outbox: rendered WhatsApp bodies waiting to be sent, and what became of them. */
import type { Db } from './db.js';
import type { GroupCommitter } from './group-commit.js';

/** One outbound body to send. */
export interface OutboxRow {
  readonly id: number;
  readonly user: string;
  readonly body: string;
  readonly attempts: number;
}

export type OutboxEnd = 'sent' | 'failed' | 'window_closed';

/** Reads and updates outbox rows. Rows are created only by `Processor` (in the turn's transaction). */
export class OutboxStore {
  private readonly selectOpenAfter;
  private readonly markSentStmt;
  private readonly markAttemptStmt;
  private readonly markEndStmt;
  private readonly countOpen;

  constructor(
    db: Db,
    private readonly group: GroupCommitter,
  ) {
    this.selectOpenAfter = db.prepare(
      `SELECT id, user, body, attempts FROM outbox WHERE state IN ('pending', 'sending') AND id > ? ORDER BY id LIMIT ?`,
    );
    this.markSentStmt = db.prepare(`UPDATE outbox SET state = 'sent', wamid = ?, sent_at = ?, attempts = ? WHERE id = ?`);
    this.markEndStmt = db.prepare(`UPDATE outbox SET state = ?, error_code = ?, error = ?, attempts = ? WHERE id = ?`);
    this.markAttemptStmt = db.prepare(`UPDATE outbox SET state = 'sending', attempts = ? WHERE id = ?`);
    this.countOpen = db.prepare(`SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')`).pluck();
  }

  /**
   * At most `limit` rows not yet sent whose id is above `afterId`, oldest first; `sending` rows
   * failed at least once and go out again.
   */
  openAfter(afterId: number, limit: number): OutboxRow[] {
    return this.selectOpenAfter.all(afterId, limit) as OutboxRow[];
  }

  /** Records a failed attempt that will be retried (group-committed). */
  markRetrying(id: number, attempts: number): Promise<unknown> {
    return this.group.commit(() => this.markAttemptStmt.run(attempts, id));
  }

  /** Records the wamid Meta returned (group-committed). */
  markSent(id: number, wamid: string, now: number, attempts: number): Promise<unknown> {
    return this.group.commit(() => this.markSentStmt.run(wamid, now, attempts, id));
  }

  /** Records a final failure (`failed`) or a closed customer-service window (group-committed). */
  markGivenUp(id: number, state: Exclude<OutboxEnd, 'sent'>, code: number | null, error: string, attempts: number): Promise<unknown> {
    return this.group.commit(() => this.markEndStmt.run(state, code, error, attempts, id));
  }

  depth(): number {
    return this.countOpen.get() as number;
  }
}
