import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GroupCommitter } from '../src/store/group-commit.js';
import { WriteLock } from '../src/store/write-lock.js';

describe('group commit', () => {
  it('commits a turn’s writes together; a failing write is undone alone and only it is rejected', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const group = new GroupCommitter(db, new WriteLock());
    const results = await Promise.allSettled([
      group.commit(() => insert.run('a').changes),
      group.commit(() => {
        insert.run('half of a failing write');
        throw new Error('this write fails');
      }),
      group.commit(() => insert.run('c').changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT v FROM t ORDER BY id').pluck().all()).toEqual(['a', 'c']);
    expect(await group.commit(() => insert.run('d').changes)).toBe(1);
    db.close();
  });
});
