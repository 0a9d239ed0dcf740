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

/** Reads and updates outbox rows. Rows are created only by `TurnCommitter` (with the turn). */
export class OutboxStore {
  private readonly selectOpen;
  private readonly markSentStmt;
  private readonly markAttemptStmt;
  private readonly markEndStmt;
  private readonly countOpen;

  constructor(
    db: Db,
    private readonly group: GroupCommitter,
  ) {
    this.selectOpen = db.prepare(
      `SELECT id, user, body, attempts FROM outbox WHERE state IN ('pending', 'sending') ORDER BY id`,
    );
    this.markSentStmt = db.prepare(`UPDATE outbox SET state = 'sent', wamid = ?, sent_at = ?, attempts = ? WHERE id = ?`);
    this.markEndStmt = db.prepare(`UPDATE outbox SET state = ?, error_code = ?, error = ?, attempts = ? WHERE id = ?`);
    this.markAttemptStmt = db.prepare(`UPDATE outbox SET state = 'sending', attempts = ? WHERE id = ?`);
    this.countOpen = db.prepare(`SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')`).pluck();
  }

  /** Rows not yet sent, oldest first; `sending` rows failed at least once and go out again. */
  open(): OutboxRow[] {
    return this.selectOpen.all() as OutboxRow[];
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
