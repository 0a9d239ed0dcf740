import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/session/session.js';
import { MemorySessionStore } from '../../src/store/memory-store.js';
import type { SessionStore } from '../../src/store/session-store.js';
import { SqliteSessionStore } from '../../src/store/sqlite-store.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samvad-store-'));
  dirs.push(dir);
  return join(dir, 'sessions.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const session = (node: string, updatedAt = 1000): Session => ({
  v: 1,
  node,
  lang: 'hi',
  vars: { district: 'जालना' },
  history: ['home'],
  graphHash: `sha256:${'a'.repeat(64)}`,
  createdAt: 1000,
  updatedAt,
  misses: 0,
  pending: { kind: 'rows', rows: [{ id: 'gr-1', fields: { title: 'शासन निर्णय' } }] },
});

describe.each([
  ['MemorySessionStore', (): SessionStore => new MemorySessionStore()],
  ['SqliteSessionStore (file)', (): SessionStore => new SqliteSessionStore(tempFile())],
])('%s', (_name, open) => {
  it('reads back what was put, and nothing for an unknown id', async () => {
    const store = open();
    await store.put('919800000001', session('revenue'));
    expect(await store.get('919800000001')).toEqual(session('revenue'));
    expect(await store.get('919800000002')).toBeUndefined();
    await store.close();
  });

  it('replaces a session on a second put', async () => {
    const store = open();
    await store.put('u', session('home', 1));
    await store.put('u', session('health', 2));
    expect((await store.get('u'))?.node).toBe('health');
    await store.close();
  });

  it('deletes a session, and deleting an absent one is not an error', async () => {
    const store = open();
    await store.put('u', session('home'));
    await store.delete('u');
    await store.delete('never-stored');
    expect(await store.get('u')).toBeUndefined();
    await store.close();
  });

  it('returns a copy, so changing it does not change the store', async () => {
    const store = open();
    await store.put('u', session('home'));
    const read = (await store.get('u')) as { vars: Record<string, string> };
    read.vars['district'] = 'changed';
    expect((await store.get('u'))?.vars['district']).toBe('जालना');
    await store.close();
  });
});

describe('SqliteSessionStore specifics', () => {
  it('persists across reopening the file', async () => {
    const file = tempFile();
    const first = new SqliteSessionStore(file);
    await first.put('u', session('revenue'));
    await first.close();
    const second = new SqliteSessionStore(file);
    expect(await second.get('u')).toEqual(session('revenue'));
    await second.close();
  });

  it('shares a host database: putSync inside the host transaction commits or rolls back with it', () => {
    const db = new Database(tempFile());
    db.exec('CREATE TABLE inbox (id TEXT PRIMARY KEY)');
    const store = new SqliteSessionStore(db);
    const handle = db.transaction((messageId: string, fail: boolean) => {
      db.prepare('INSERT INTO inbox (id) VALUES (?)').run(messageId);
      store.putSync('u', session(messageId));
      if (fail) throw new Error('host failure');
    });
    handle('wamid.1', false);
    expect(() => handle('wamid.2', true)).toThrow('host failure');
    expect(store.getSync('u')?.node).toBe('wamid.1');
    void store.close();
    expect(db.open).toBe(true);
    db.close();
  });

  it('uses WAL journaling on a file it opens', async () => {
    const store = new SqliteSessionStore(tempFile());
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await store.close();
  });
});

describe('SqliteSessionStore locking', () => {
  it("with locking 'exclusive' still reads back what it wrote, and keeps other connections out", async () => {
    const file = tempFile();
    const store = new SqliteSessionStore(file, { locking: 'exclusive' });
    await store.put('u', session('revenue'));
    expect((await store.get('u'))?.node).toBe('revenue');
    const other = new Database(file, { timeout: 10 });
    expect(() => other.prepare('SELECT count(*) FROM sessions').get()).toThrow(/locked/);
    other.close();
    await store.close();
  });
});
