import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lowWaterMark, openDatabase } from '../src/store/db.js';
import type { Db } from '../src/store/db.js';
import { GroupCommitter } from '../src/store/group-commit.js';
import { InboundStore } from '../src/store/inbound-store.js';
import type { InboundMessage } from '../src/webhook/types.js';

const message = (n: number): InboundMessage => ({
  wamid: `wamid.MARK${n}`,
  from: `91980000${String(n % 7).padStart(4, '0')}`,
  phoneNumberId: '1',
  timestamp: n,
  type: 'text',
  inbound: { kind: 'text', text: String(n) },
  errors: [],
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-marks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function storeAll(store: InboundStore, from: number, to: number): Promise<number[]> {
  const stored = await store.store(Array.from({ length: to - from + 1 }, (_, i) => message(from + i)), []);
  return stored.map((s) => s.seq);
}

const mark = (db: Db, seq: number) => db.prepare('INSERT INTO processed (seq, processed_at) VALUES (?, 1)').run(seq);
const progress = (db: Db) => db.prepare('SELECT processed_below FROM progress').pluck().get() as number | undefined;

describe('processed marks', () => {
  it('finds the messages without a mark, in order, whatever the low-water mark says', async () => {
    const db = openDatabase(join(dir, 'a.db'));
    const store = new InboundStore(db, new GroupCommitter(db));
    const seqs = await storeAll(store, 1, 10);
    for (const seq of [seqs[0], seqs[1], seqs[2], seqs[4], seqs[9]]) mark(db, seq as number);
    const advance = lowWaterMark(db);
    const before = store.unprocessed().map((m) => m.message.wamid);
    expect(before).toEqual(['wamid.MARK4', 'wamid.MARK6', 'wamid.MARK7', 'wamid.MARK8', 'wamid.MARK9']);
    advance();
    expect(progress(db)).toBe(seqs[3]); // the first unprocessed: everything below it is done
    expect(store.unprocessed().map((m) => m.message.wamid)).toEqual(before);
    expect(store.depth()).toBe(5);
    db.close();
  });

  it('moves the low-water mark past the last message when all are processed', async () => {
    const db = openDatabase(join(dir, 'b.db'));
    const store = new InboundStore(db, new GroupCommitter(db));
    const advance = lowWaterMark(db);
    advance();
    expect(progress(db)).toBe(1); // an empty table: nothing below 1
    const seqs = await storeAll(store, 1, 4);
    for (const seq of seqs) mark(db, seq);
    advance();
    expect(progress(db)).toBe((seqs[3] as number) + 1);
    expect(store.depth()).toBe(0);
    const later = await storeAll(store, 5, 6); // new messages land above the mark
    expect(store.unprocessed().map((m) => m.seq)).toEqual(later);
    advance();
    expect(progress(db)).toBe(later[0]);
    db.close();
  });

  it('migrates a file written with inbound.processed_at and its partial index, once', () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE inbound (seq INTEGER PRIMARY KEY, wamid TEXT NOT NULL UNIQUE, user TEXT NOT NULL, type TEXT NOT NULL,
        message TEXT NOT NULL, received_at INTEGER NOT NULL, processed_at INTEGER, error TEXT);
      CREATE INDEX inbound_unprocessed ON inbound (seq) WHERE processed_at IS NULL;`);
    const insert = old.prepare('INSERT INTO inbound (wamid, user, type, message, received_at, processed_at, error) VALUES (?, ?, ?, ?, 0, ?, ?)');
    insert.run('wamid.OLD1', '919800000001', 'text', JSON.stringify(message(1)), 5, null);
    insert.run('wamid.OLD2', '919800000001', 'text', JSON.stringify(message(2)), null, null);
    insert.run('wamid.OLD3', '919800000001', 'text', JSON.stringify(message(3)), 6, 'engine failed');
    old.close();

    for (let open = 0; open < 2; open += 1) {
      const db = openDatabase(path);
      const store = new InboundStore(db, new GroupCommitter(db));
      expect(store.unprocessed().map((m) => m.seq)).toEqual([2]);
      expect(db.prepare('SELECT seq, processed_at, error FROM processed ORDER BY seq').all()).toEqual([
        { seq: 1, processed_at: 5, error: null },
        { seq: 3, processed_at: 6, error: 'engine failed' },
      ]);
      expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'inbound_unprocessed'`).pluck().get()).toBe(0);
      db.close();
    }
  });
});
