/**
 * Inbound messages and statuses: stored before the webhook is answered, de-duplicated by wamid,
 * written in group commits (see `GroupCommitter`).
 */
import { UNPROCESSED } from './db.js';
import type { Db } from './db.js';
import type { GroupCommitter } from './group-commit.js';
import type { InboundMessage, StatusUpdate } from '../webhook/types.js';

/** A stored inbound message awaiting (or done with) processing. */
export interface StoredInbound {
  readonly seq: number;
  readonly message: InboundMessage;
  /** `message` as stored (JSON): what is handed to the worker, a string being cheap to copy. */
  readonly json: string;
}

/** Writes inbound rows durably and reads back what is still unprocessed. */
export class InboundStore {
  private readonly insertMessage;
  private readonly insertStatus;
  private readonly selectUnprocessed;
  private readonly countUnprocessed;
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
  }

  /**
   * Stores messages and statuses; resolves once they are committed, with the messages that were
   * new (a wamid already stored is a duplicate delivery and is left out).
   */
  store(messages: readonly InboundMessage[], statuses: readonly StatusUpdate[]): Promise<StoredInbound[]> {
    const now = Date.now();
    return this.group.commit(() => this.write(messages, statuses, now));
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
