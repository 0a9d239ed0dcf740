import { describe, expect, it } from 'vitest';
import { silentLogger } from '@samvad/whatsapp';
import { createMetrics } from '../src/ops/metrics.js';
import { Sender } from '../src/send/sender.js';
import { openDatabase } from '../src/store/db.js';
import { GroupCommitter } from '../src/store/group-commit.js';
import { OutboxStore } from '../src/store/outbox-store.js';
import type { OutboxRow } from '../src/store/outbox-store.js';
import { recordingSend } from './support/recording-send.js';

/** An outbox with `held` rows at most in memory, and a send function that records what it sends. */
function setup(maxHeld: number) {
  const db = openDatabase(':memory:');
  db.pragma('foreign_keys = OFF');
  const outbox = new OutboxStore(db, new GroupCommitter(db));
  const insert = db.prepare(`INSERT INTO outbox (user, inbound_seq, body, created_at) VALUES (?, 0, ?, 0)`);
  const { sent, send } = recordingSend();
  const sender = new Sender(outbox, send, silentLogger, createMetrics(() => ({ outbox: 0, queue: 0 })), { rate: 1e6, maxHeld });
  /** Commits rows the way the processor does, then hands them to the sender. */
  const commit = (rows: [user: string, body: string][]): OutboxRow[] =>
    rows.map(([user, body]) => ({ id: Number(insert.run(user, body).lastInsertRowid), user, body, attempts: 0 }));
  return { db, outbox, sender, sent, commit };
}

const until = async (done: () => boolean) => {
  for (let i = 0; i < 1000 && !done(); i += 1) await new Promise((r) => setTimeout(r, 2));
};

describe('sender backlog', () => {
  it('keeps at most maxHeld rows in memory and still sends every row once, in order per citizen', async () => {
    const { db, outbox, sender, sent, commit } = setup(4);
    const rows: [string, string][] = [];
    for (let i = 0; i < 30; i += 1) rows.push([`u${i % 3}`, `m${i}`]);
    // Committed in three batches while the sender is busy: most rows spill to the outbox.
    for (let b = 0; b < 3; b += 1) sender.enqueue(commit(rows.slice(b * 10, b * 10 + 10)));
    await until(() => sent.length >= 30);
    await until(() => outbox.depth() === 0);
    expect([...sent].sort()).toEqual(rows.map(([, body]) => body).sort());
    for (const user of ['u0', 'u1', 'u2']) {
      const mine = rows.filter(([u]) => u === user).map(([, body]) => body);
      expect(sent.filter((body) => mine.includes(body))).toEqual(mine);
    }
    expect(outbox.depth()).toBe(0);
    await sender.stop();
    db.close();
  });

  it('resumes a backlog left by a previous run page by page', async () => {
    const first = setup(3);
    const left = first.commit(Array.from({ length: 10 }, (_, i): [string, string] => [`u${i % 2}`, `left${i}`]));
    expect(left).toHaveLength(10);
    const resumed = first.sender.start();
    expect(resumed).toBe(10);
    await until(() => first.sent.length >= 10 && first.outbox.depth() === 0);
    expect([...first.sent].sort()).toEqual(left.map((r) => r.body).sort());
    await first.sender.stop();
    first.db.close();
  });
});
