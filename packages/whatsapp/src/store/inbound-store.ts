/**
 * Inbound messages and statuses: stored before the webhook is answered, de-duplicated by wamid,
 * written in group commits (every write requested in one event-loop tick shares a transaction).
 */
import type { Db } from './db.js';
import type { InboundMessage, StatusUpdate } from '../webhook/types.js';

/** A stored inbound message awaiting (or done with) processing. */
export interface StoredInbound {
  readonly seq: number;
  readonly message: InboundMessage;
}

interface Pending {
  readonly messages: readonly InboundMessage[];
  readonly statuses: readonly StatusUpdate[];
  readonly resolve: (fresh: StoredInbound[]) => void;
  readonly reject: (error: unknown) => void;
}

/** Writes inbound rows durably and reads back what is still unprocessed. */
export class InboundStore {
  private readonly insertMessage;
  private readonly insertStatus;
  private readonly selectUnprocessed;
  private readonly countUnprocessed;
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {
    this.insertMessage = db.prepare(
      `INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (wamid) DO NOTHING`,
    );
    this.insertStatus = db.prepare(
      `INSERT INTO statuses (wamid, status, recipient, timestamp, error_code, error) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (wamid, status) DO NOTHING`,
    );
    this.selectUnprocessed = db.prepare('SELECT seq, message FROM inbound WHERE processed_at IS NULL ORDER BY seq');
    this.countUnprocessed = db.prepare('SELECT count(*) AS n FROM inbound WHERE processed_at IS NULL').pluck();
  }

  /**
   * Stores messages and statuses; resolves once they are committed, with the messages that were
   * new (a wamid already stored is a duplicate delivery and is left out).
   */
  store(messages: readonly InboundMessage[], statuses: readonly StatusUpdate[]): Promise<StoredInbound[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ messages, statuses, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Every stored message not yet processed, oldest first (crash recovery). */
  unprocessed(): StoredInbound[] {
    const rows = this.selectUnprocessed.all() as { seq: number; message: string }[];
    return rows.map((r) => ({ seq: r.seq, message: JSON.parse(r.message) as InboundMessage }));
  }

  /** How many stored messages still wait for processing. */
  depth(): number {
    return this.countUnprocessed.get() as number;
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    const now = Date.now();
    try {
      const results = this.db.transaction(() => batch.map((p) => this.write(p, now)))();
      batch.forEach((p, i) => p.resolve(results[i] ?? []));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  private write(p: Pending, now: number): StoredInbound[] {
    const fresh: StoredInbound[] = [];
    for (const m of p.messages) {
      const info = this.insertMessage.run(m.wamid, m.from, m.type, JSON.stringify(m), now);
      if (info.changes === 1) fresh.push({ seq: Number(info.lastInsertRowid), message: m });
    }
    for (const s of p.statuses) {
      const error = s.errors[0];
      this.insertStatus.run(s.wamid, s.status, s.recipient, s.timestamp, error?.code ?? null, error?.details ?? error?.title ?? null);
    }
    return fresh;
  }
}
