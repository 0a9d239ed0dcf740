/** What became of a round's messages in serve's SQLite file (see `ReplyCheck`). */
import { openOutboxFile } from '../../packages/whatsapp/src/store/outbox-admin.js';
import type { ReplyCounts, ReplyLatency } from './load.js';

/** The last inbound sequence number in the file (0 when empty): a round's messages come after it. */
export function sqliteLastSeq(dbPath: string): number {
  const db = openOutboxFile(dbPath, false);
  try {
    return (db?.prepare('SELECT coalesce(max(seq), 0) FROM inbound').pluck().get() as number | undefined) ?? 0;
  } finally {
    db?.close();
  }
}

/** The counts of the messages stored after `afterSeq`. */
export function sqliteCounts(dbPath: string, afterSeq: number): ReplyCounts {
  const db = openOutboxFile(dbPath, false);
  if (db === undefined) throw new Error(`no database at ${dbPath}`);
  try {
    const count = (sql: string) => db.prepare(sql).pluck().get(afterSeq) as number;
    const stored = count('SELECT count(*) FROM inbound WHERE seq > ?');
    const unprocessed = count('SELECT count(*) FROM inbound i WHERE i.seq > ? AND NOT EXISTS (SELECT 1 FROM processed p WHERE p.seq = i.seq)');
    const turnErrors = count('SELECT count(*) FROM processed WHERE seq > ? AND error IS NOT NULL');
    // (outbox has no index on inbound_seq: NOT IN builds one for the subquery, NOT EXISTS would scan per message)
    const withoutReply = db
      .prepare('SELECT count(*) FROM inbound WHERE seq > ? AND seq NOT IN (SELECT inbound_seq FROM outbox WHERE inbound_seq > ?)')
      .pluck()
      .get(afterSeq, afterSeq) as number;
    const replies = count('SELECT count(*) FROM outbox WHERE inbound_seq > ?');
    const repliesNotSent = count(`SELECT count(*) FROM outbox WHERE inbound_seq > ? AND state != 'sent'`);
    return { stored, unprocessed, turnErrors, withoutReply, replies, repliesNotSent };
  } finally {
    db.close();
  }
}

/** How long the messages stored after `afterSeq` waited for their reply (see pgReplyLatency), ms. */
export function sqliteReplyLatency(dbPath: string, afterSeq: number): ReplyLatency {
  const db = openOutboxFile(dbPath, false);
  if (db === undefined) throw new Error(`no database at ${dbPath}`);
  try {
    const waits = db
      .prepare(`SELECT o.sent_at - i.received_at FROM outbox o JOIN inbound i ON i.seq = o.inbound_seq WHERE i.seq > ? AND o.state = 'sent' ORDER BY 1`)
      .pluck()
      .all(afterSeq) as number[];
    const at = (q: number) => waits[Math.min(waits.length - 1, Math.max(0, Math.ceil(q * waits.length) - 1))] ?? NaN;
    return { p50ms: at(0.5), p99ms: at(0.99) };
  } finally {
    db.close();
  }
}
