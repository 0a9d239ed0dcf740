/** The outbox: rendered WhatsApp bodies waiting to be sent, and what became of them. */
import type { Db } from './db.js';
import type { GroupCommitter } from './group-commit.js';

/** One outbound body to send. */
export interface OutboxRow {
  readonly id: number;
  readonly user: string;
  readonly body: string;
  readonly attempts: number;
  /**
   * When the citizen's message that caused this reply was sent (WhatsApp's `timestamp`, in ms):
   * the customer-service window is counted from it. Absent when not read yet (rows fresh from
   * the processor); the sender reads it on the first failure.
   */
  readonly windowStart?: number;
}

/**
 * How an outbox row ended. `window_closed`: the 24-hour customer-service window closed before the
 * reply could go out — Meta said so (131047), or the sender was still retrying when it closed.
 */
export type OutboxEnd = 'sent' | 'failed' | 'window_closed';

/** Every state a row can be in (`sending`: tried at least once, will be tried again). */
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'window_closed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** States whose rows are still to be sent (SQL list). */
export const OPEN = `('pending', 'sending')`;
/** The window start of outbox row `o`, in ms (SQL; the inbound message's `timestamp` is Unix seconds). */
export const WINDOW_START = `(SELECT json_extract(i.message, '$.timestamp') * 1000 FROM inbound i WHERE i.seq = o.inbound_seq)`;

interface RawRow {
  readonly id: number;
  readonly user: string;
  readonly body: string;
  readonly attempts: number;
  readonly windowStart: number | null;
}

const toRow = (r: RawRow): OutboxRow => ({
  id: r.id,
  user: r.user,
  body: r.body,
  attempts: r.attempts,
  ...(typeof r.windowStart === 'number' && Number.isFinite(r.windowStart) ? { windowStart: r.windowStart } : {}),
});

/** Reads and updates outbox rows. Rows are created only by `Processor` (in the turn's transaction). */
export class OutboxStore {
  private readonly selectOpenAfter;
  private readonly selectOpenIdsUpTo;
  private readonly selectRow;
  private readonly selectWindowStart;
  private readonly markSentStmt;
  private readonly markAttemptStmt;
  private readonly markEndStmt;
  private readonly countOpen;

  constructor(
    db: Db,
    private readonly group: GroupCommitter,
  ) {
    this.selectOpenAfter = db.prepare(
      `SELECT o.id, o.user, o.body, o.attempts, ${WINDOW_START} AS windowStart
         FROM outbox o WHERE o.state IN ${OPEN} AND o.id > ? ORDER BY o.id LIMIT ?`,
    );
    this.selectOpenIdsUpTo = db.prepare(`SELECT id FROM outbox WHERE state IN ${OPEN} AND id <= ? ORDER BY id`).pluck();
    this.selectRow = db.prepare(
      `SELECT o.id, o.user, o.body, o.attempts, ${WINDOW_START} AS windowStart FROM outbox o WHERE o.id = ? AND o.state IN ${OPEN}`,
    );
    this.selectWindowStart = db.prepare(`SELECT ${WINDOW_START} FROM outbox o WHERE o.id = ?`).pluck();
    this.markSentStmt = db.prepare(`UPDATE outbox SET state = 'sent', wamid = ?, sent_at = ?, attempts = ? WHERE id = ?`);
    this.markEndStmt = db.prepare(`UPDATE outbox SET state = ?, error_code = ?, error = ?, attempts = ? WHERE id = ?`);
    this.markAttemptStmt = db.prepare(`UPDATE outbox SET state = 'sending', attempts = ?, error_code = ?, error = ? WHERE id = ?`);
    this.countOpen = db.prepare(`SELECT count(*) FROM outbox WHERE state IN ${OPEN}`).pluck();
  }

  /**
   * At most `limit` rows not yet sent whose id is above `afterId`, oldest first; `sending` rows
   * failed at least once and go out again.
   */
  openAfter(afterId: number, limit: number): OutboxRow[] {
    return (this.selectOpenAfter.all(afterId, limit) as RawRow[]).map(toRow);
  }

  /** Ids of the rows not yet sent, up to `upToId` (the sender compares them with what it holds). */
  openIdsUpTo(upToId: number): number[] {
    return this.selectOpenIdsUpTo.all(upToId) as number[];
  }

  /** The row `id` if it is still to be sent. */
  openRow(id: number): OutboxRow | undefined {
    const raw = this.selectRow.get(id) as RawRow | undefined;
    return raw === undefined ? undefined : toRow(raw);
  }

  /** When the customer-service window of row `id` opened (ms), if its inbound message says. */
  windowStart(id: number): number | undefined {
    const value = this.selectWindowStart.get(id) as number | null | undefined;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }

  /** Records a failed attempt that will be retried (group-committed). */
  markRetrying(id: number, attempts: number, code: number | null, error: string): Promise<unknown> {
    return this.group.commit(() => this.markAttemptStmt.run(attempts, code, error, id));
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
