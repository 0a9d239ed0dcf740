/**
 * The calls table of the SQLite store (schema in store/db.ts). One process owns a SQLite file, so
 * a lease left by a previous run (it died mid-attempt) is void at start: `SqliteCallStore` clears
 * them, and those calls are posted again at once, with the same key.
 */
import type { Db } from '../store/db.js';
import type { GroupCommitter } from '../store/group-commit.js';
import type { NewCall } from './call-request.js';
import { callMessage } from './call-message.js';
import { storedAnswer } from './call-store.js';
import type { CallBacklog, CallFinish, CallStore, ClaimedCall, FinishedCall } from './call-store.js';

/** What the turn's transaction knows about a call besides the call itself. */
export interface CallOrigin {
  readonly citizen: string;
  /** The message whose turn made the call. */
  readonly inboundSeq: number;
  /** WhatsApp's timestamp (ms) of that message: the reply's window is counted from it. */
  readonly windowStart: number;
  readonly now: number;
}

/** Inserts a call; to run inside the turn's transaction (synchronous). */
export type InsertCall = (call: NewCall, origin: CallOrigin) => void;

/** The insert the processor runs in the turn's transaction. */
export function sqliteCallInsert(db: Db): InsertCall {
  const insert = db.prepare(
    `INSERT INTO calls (key, user, bot, endpoint, node, request_id, inbound_seq, window_start, timeout_ms, body, next_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (call, o) => {
    insert.run(call.key, o.citizen, call.bot, call.endpoint, call.node, call.requestId, o.inboundSeq, o.windowStart, call.timeoutMs, call.body, o.now, o.now);
  };
}

interface Row {
  readonly key: string;
  readonly user: string;
  readonly endpoint: string;
  readonly request_id: string;
  readonly body: string;
  readonly timeout_ms: number;
  readonly attempts: number;
  readonly created_at: number;
  readonly window_start: number;
}

/** Pending calls, read by the HTTP thread for `/healthz` (its own connection). */
export function sqliteCallBacklog(db: Db): () => CallBacklog {
  const stmt = db.prepare(`SELECT count(*) AS pending, min(created_at) AS oldest FROM calls WHERE state = 'pending'`);
  return () => {
    const row = stmt.get() as { pending: number; oldest: number | null };
    return { pending: row.pending, oldestAt: row.oldest ?? undefined };
  };
}

/** The SQLite `CallStore` (writes group-committed with the worker's other writes). */
export class SqliteCallStore implements CallStore {
  private readonly selectDue;
  private readonly lease;
  private readonly release;
  private readonly markDone;
  private readonly insertInbound;
  private readonly selectNext;

  constructor(
    db: Db,
    private readonly group: GroupCommitter,
    /** The business number of this server (the synthetic messages' `phoneNumberId`). */
    private readonly numberId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.selectDue = db.prepare(
      `SELECT key, user, endpoint, request_id, body, timeout_ms, attempts + 1 AS attempts, created_at, window_start FROM calls
        WHERE state = 'pending' AND next_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_at LIMIT ?`,
    );
    this.lease = db.prepare(`UPDATE calls SET attempts = ?, lease_until = ? WHERE key = ?`);
    this.release = db.prepare(`UPDATE calls SET next_at = ?, last_error = ?, lease_until = NULL WHERE key = ? AND state = 'pending'`);
    this.markDone = db.prepare(
      `UPDATE calls SET state = 'done', done_at = ?, outcome = ?, last_error = ?, answer = ?, lease_until = NULL
        WHERE key = ? AND state = 'pending'`,
    );
    this.insertInbound = db.prepare(
      `INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (wamid) DO NOTHING`,
    );
    this.selectNext = db
      .prepare(`SELECT min(max(next_at, coalesce(lease_until, 0))) FROM calls WHERE state = 'pending'`)
      .pluck();
    // The previous run's leases died with it.
    db.prepare(`UPDATE calls SET lease_until = NULL WHERE state = 'pending' AND lease_until IS NOT NULL`).run();
  }

  claimDue(limit: number, graceMs: number): Promise<ClaimedCall[]> {
    return this.group.commit(() => {
      const now = this.now();
      const rows = this.selectDue.all(now, now, limit) as Row[];
      return rows.map((r) => {
        this.lease.run(r.attempts, now + r.timeout_ms + graceMs, r.key);
        return {
          key: r.key,
          numberId: this.numberId,
          citizen: r.user,
          endpoint: r.endpoint,
          requestId: r.request_id,
          body: r.body,
          timeoutMs: r.timeout_ms,
          attempts: r.attempts,
          createdAt: r.created_at,
          windowStart: r.window_start,
        };
      });
    });
  }

  async retryLater(call: ClaimedCall, delayMs: number, error: string): Promise<void> {
    await this.group.commit(() => this.release.run(this.now() + delayMs, error, call.key));
  }

  finish(call: ClaimedCall, finish: CallFinish): Promise<FinishedCall | undefined> {
    return this.group.commit(() => {
      const now = this.now();
      const answer = storedAnswer(finish);
      if (this.markDone.run(now, finish.outcome, finish.error ?? null, answer, call.key).changes === 0) return undefined;
      const message = callMessage({ key: call.key, numberId: this.numberId, citizen: call.citizen, requestId: call.requestId, windowStart: call.windowStart, result: finish.result });
      const json = JSON.stringify(message);
      const info = this.insertInbound.run(message.wamid, message.from, message.type, json, now);
      return info.changes === 1 ? { seq: Number(info.lastInsertRowid), json } : undefined;
    });
  }

  async nextDueInMs(): Promise<number | undefined> {
    const at = this.selectNext.get() as number | null;
    return at === null ? undefined : Math.max(0, at - this.now());
  }
}
