/**
 * Inbound messages and statuses: stored before the webhook is answered, de-duplicated by wamid,
 * written in group commits (see `GroupCommitter`).
 */
import { UNPROCESSED } from './db.js';
import type { Db } from './db.js';
import type { GroupCommitter } from './group-commit.js';
import { describeStoreError } from './store-error.js';
import type { InboundMessage, StatusUpdate } from '../webhook/types.js';

/** A stored inbound message awaiting (or done with) processing. */
export interface StoredInbound {
  readonly seq: number;
  readonly message: InboundMessage;
  /** `message` as stored (JSON): what is handed to the worker, a string being cheap to copy. */
  readonly json: string;
}

/** Whether the last writes of deliveries failed (for `/healthz`). */
export interface InboundWriteHealth {
  /** When writes started failing, if none succeeded since (ms since the epoch). */
  readonly failingSince?: number;
  /** When the last write failed (ms since the epoch). */
  readonly lastFailure?: number;
  /** That failure, one line. */
  readonly error?: string;
}

/** Writes inbound rows durably and reads back what is still unprocessed. */
export class InboundStore {
  private readonly insertMessage;
  private readonly insertStatus;
  private readonly selectUnprocessed;
  private readonly countUnprocessed;
  private readonly selectOldestUnprocessed;
  private failure: { since: number; last: number; error: string } | undefined;
  constructor(
    db: Db,
    private readonly group: GroupCommitter,
  ) {
    this.insertMessage = db.prepare(
      `INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (wamid) DO NOTHING`,
    );
    this.insertStatus = db.prepare(
      `INSERT INTO statuses (wamid, status, recipient, timestamp, error_code, error) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (wamid, status) DO NOTHING`,
    );
    this.selectUnprocessed = db.prepare(`SELECT i.seq, i.message FROM ${UNPROCESSED} ORDER BY i.seq`);
    this.countUnprocessed = db.prepare(`SELECT count(*) FROM ${UNPROCESSED}`).pluck();
    this.selectOldestUnprocessed = db.prepare(`SELECT i.received_at FROM ${UNPROCESSED} ORDER BY i.seq LIMIT 1`).pluck();
  }

  /**
   * Stores messages and statuses; resolves once they are committed, with the messages that were
   * new (a wamid already stored is a duplicate delivery and is left out).
   */
  store(messages: readonly InboundMessage[], statuses: readonly StatusUpdate[]): Promise<StoredInbound[]> {
    if (messages.length === 0 && statuses.length === 0) return Promise.resolve([]);
    const now = Date.now();
    return this.group.commit(() => this.write(messages, statuses, now)).then(
      (fresh) => {
        this.failure = undefined;
        return fresh;
      },
      (error: unknown) => {
        const at = Date.now();
        this.failure = { since: this.failure?.since ?? at, last: at, error: describeStoreError(error) };
        throw error;
      },
    );
  }

  /** Whether deliveries are being stored (the last write failed, none succeeded since). */
  writeHealth(): InboundWriteHealth {
    const f = this.failure;
    return f === undefined ? {} : { failingSince: f.since, lastFailure: f.last, error: f.error };
  }

  /** When the oldest stored message still waiting for processing arrived (ms), if any waits. */
  oldestUnprocessedAt(): number | undefined {
    return (this.selectOldestUnprocessed.get() as number | undefined) ?? undefined;
  }

  /** Every stored message not yet processed, oldest first (crash recovery). */
  unprocessed(): StoredInbound[] {
    const rows = this.selectUnprocessed.all() as { seq: number; message: string }[];
    return rows.map((r) => ({ seq: r.seq, message: JSON.parse(r.message) as InboundMessage, json: r.message }));
  }

  /** How many stored messages still wait for processing. */
  depth(): number {
    return this.countUnprocessed.get() as number;
  }

  private write(messages: readonly InboundMessage[], statuses: readonly StatusUpdate[], now: number): StoredInbound[] {
    const fresh: StoredInbound[] = [];
    for (const m of messages) {
      const json = JSON.stringify(m);
      const info = this.insertMessage.run(m.wamid, m.from, m.type, json, now);
      if (info.changes === 1) fresh.push({ seq: Number(info.lastInsertRowid), message: m, json });
    }
    for (const s of statuses) {
      const error = s.errors[0];
      this.insertStatus.run(s.wamid, s.status, s.recipient, s.timestamp, error?.code ?? null, error?.details ?? error?.title ?? null);
    }
    return fresh;
  }
}
