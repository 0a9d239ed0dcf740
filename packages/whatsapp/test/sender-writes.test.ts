/**
 * The outbox's database fails for a while (disk full): the sender must not send a reply twice
 * because its sent-mark could not be written, must write every mark once the database is back,
 * must read spilled rows back on its own (no other row going out to trigger it), and must say
 * so in `health()` meanwhile. A real SQLite file behind a store whose writes and reads can be
 * made to fail the way better-sqlite3 fails on a full disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@samvad/whatsapp';
import type { LogFields, Logger } from '../src/ops/log.js';
import { createMetrics } from '../src/ops/metrics.js';
import { Sender } from '../src/send/sender.js';
import type { SenderStore } from '../src/send/sender.js';
import { openDatabase } from '../src/store/db.js';
import type { Db } from '../src/store/db.js';
import { GroupCommitter } from '../src/store/group-commit.js';
import { OutboxStore } from '../src/store/outbox-store.js';
import type { OutboxRow } from '../src/store/outbox-store.js';
import { recordingSend } from './support/recording-send.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-sender-writes-'));
  db = openDatabase(join(dir, 'samvad.db'));
  db.pragma('foreign_keys = OFF');
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** SQLite's error on a full disk, as better-sqlite3 throws it. */
const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

/** A real OutboxStore whose writes (and, if asked, reads) fail while `down` is true. */
function failingStore(real: OutboxStore, state: { down: boolean; readsToo: boolean; writes: number; failed: number }): SenderStore {
  const write =
    <A extends unknown[]>(fn: (...args: A) => Promise<unknown>) =>
    (...args: A): Promise<unknown> => {
      state.writes += 1;
      if (state.down) {
        state.failed += 1;
        return Promise.reject(diskFull());
      }
      return fn(...args);
    };
  const read =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      if (state.down && state.readsToo) throw diskFull();
      return fn(...args);
    };
  return {
    depth: () => real.depth(),
    openAfter: read((after: number, limit: number) => real.openAfter(after, limit)),
    openIdsUpTo: read((upTo: number) => real.openIdsUpTo(upTo)),
    openRow: read((id: number) => real.openRow(id)),
    windowStart: read((id: number) => real.windowStart(id)),
    markSent: write((id: number, wamid: string, now: number, attempts: number) => real.markSent(id, wamid, now, attempts)),
    markRetrying: write((id: number, attempts: number, code: number | null, error: string) => real.markRetrying(id, attempts, code, error)),
    markGivenUp: write((id: number, s: 'failed' | 'window_closed', code: number | null, error: string, attempts: number) =>
      real.markGivenUp(id, s, code, error, attempts),
    ),
  };
}

const until = async (what: string, done: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

function setup(options: { maxHeld?: number; readsToo?: boolean } = {}) {
  const real = new OutboxStore(db, new GroupCommitter(db));
  const state = { down: false, readsToo: options.readsToo ?? false, writes: 0, failed: 0 };
  const insert = db.prepare(`INSERT INTO outbox (user, inbound_seq, body, created_at) VALUES (?, 0, ?, 0)`);
  const { sent, send } = recordingSend();
  const events: { event: string; fields: LogFields }[] = [];
  const log: Logger = { log: (_level, event, fields = {}) => void events.push({ event, fields }) };
  const sender = new Sender(failingStore(real, state), send, log ?? silentLogger, createMetrics(() => ({ outbox: 0, queue: 0 })), {
    rate: 1e6,
    maxHeld: options.maxHeld ?? 10_000,
    pollMs: 30, // the safety-net poll runs often here: it must not pick up rows whose sent-mark is unwritten
    writeRetryBaseMs: 20,
    writeRetryCapMs: 100,
  });
  const commit = (rows: [user: string, body: string][]): OutboxRow[] =>
    rows.map(([user, body]) => ({ id: Number(insert.run(user, body).lastInsertRowid), user, body, attempts: 0 }));
  const states = () => db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state ORDER BY state').all();
  return { real, state, sender, sent, commit, states, events };
}

describe('sender while the outbox cannot be written', () => {
  it('sends each reply once while its sent-mark fails, writes the marks when the disk frees, reports it in health()', async () => {
    const { real, state, sender, sent, commit, states, events } = setup();
    sender.start();
    state.down = true;
    const rows = commit(Array.from({ length: 12 }, (_, i): [string, string] => [`u${i % 3}`, `m${i}`]));
    sender.enqueue(rows);
    await until('every reply sent', () => sent.length >= 12);
    await until('a failed mark retried', () => state.failed > 12);
    // Down for a while longer: the safety-net poll runs several times and must not resend anything.
    await new Promise((r) => setTimeout(r, 200));
    expect([...sent].sort()).toEqual(rows.map((r) => r.body).sort());
    const sick = sender.health();
    expect(sick.writeError).toContain('disk is full');
    expect(sick.unwrittenMarks).toBe(12);
    expect(real.depth()).toBe(12); // nothing written yet
    expect(events.some((e) => e.event === 'outbox.write_failed')).toBe(true);

    state.down = false;
    await until('every mark written', () => real.depth() === 0);
    expect(states()).toEqual([{ state: 'sent', n: 12 }]);
    expect(sender.health()).toMatchObject({ unwrittenMarks: 0, writeError: undefined, held: 0 });
    await new Promise((r) => setTimeout(r, 100));
    expect(sent).toHaveLength(12); // still no second send
    await sender.stop();
  });

  it('a failed read-back of spilled rows is retried on a timer, with no other row going out to trigger it', async () => {
    const { real, state, sender, sent, commit } = setup({ maxHeld: 2, readsToo: true });
    sender.start();
    // 2 rows held, 8 spilled to the outbox; the disk fails before the held ones have gone out.
    state.down = true;
    sender.enqueue(commit(Array.from({ length: 10 }, (_, i): [string, string] => [`u${i % 2}`, `r${i}`])));
    await until('the held rows sent', () => sent.length >= 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(sent).toHaveLength(2); // reads fail: nothing more can be read back
    expect(sender.health().writeError).toContain('disk is full');
    state.down = false; // nothing else happens: the sender must come back on its own
    await until('every row sent and marked', () => sent.length >= 10 && real.depth() === 0);
    expect([...sent].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`).sort());
    await sender.stop();
  });
});
