import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GroupCommitter } from '../src/store/group-commit.js';
import { WriteLock } from '../src/store/write-lock.js';

/** An in-memory table `t (id, v)`, its insert, and a group committer on it (`lock`: a fresh one by default). */
function table(lock = new WriteLock()) {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  return { db, insert, group: new GroupCommitter(db, lock) };
}

describe('group commit', () => {
  it('commits a turn’s writes together; a failing write is undone alone and only it is rejected', async () => {
    const { db, insert, group } = table();
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

  it('fails the whole batch when SQLite rolled the whole transaction back (a full disk can): no write commits on its own', async () => {
    const { db, insert, group } = table();
    const results = await Promise.allSettled([
      group.commit(() => insert.run('a').changes),
      group.commit(() => {
        db.exec('ROLLBACK'); // what SQLite does by itself on some SQLITE_FULL / SQLITE_IOERR
        throw new Error('database or disk is full');
      }),
      group.commit(() => insert.run('c').changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(db.prepare('SELECT v FROM t ORDER BY id').pluck().all()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    expect(await group.commit(() => insert.run('d').changes)).toBe(1);
    db.close();
  });

  it('waits for a busy lock without blocking the thread, and writes requested meanwhile join one transaction', async () => {
    const lock = new WriteLock();
    const other = new WriteLock(lock.buffer); // the other thread's handle on the same lock
    expect(other.tryAcquire()).toBe(true);
    const { db, insert, group } = table(lock);
    const transactions: number[] = [];
    const write = (v: string) => group.commit(() => {
      transactions.push(Number(db.prepare('SELECT count(*) FROM t').pluck().get()));
      return insert.run(v).changes;
    });
    let settled = 0;
    const first = write('a').then((n) => ((settled += 1), n));
    await new Promise((r) => setTimeout(r, 20)); // the event loop runs: nothing is blocked
    const second = write('b').then((n) => ((settled += 1), n));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(0); // not committed while the other holds the lock
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    other.release();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(db.prepare('SELECT v FROM t ORDER BY id').pluck().all()).toEqual(['a', 'b']);
    expect(transactions).toEqual([0, 1]); // both ran in the batch committed once the lock was free
    expect(lock.tryAcquire()).toBe(true); // released after the commit
    db.close();
  });

  it('takes the lock over from a holder that never releases it', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
    const dead = new WriteLock();
    expect(dead.tryAcquire()).toBe(true); // held by a thread that then crashed
    const group = new GroupCommitter(db, new WriteLock(dead.buffer, 30));
    const started = Date.now();
    expect(await group.commit(() => db.prepare("INSERT INTO t VALUES ('written')").run().changes)).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(dead.tryAcquire()).toBe(true); // and released it afterwards
    db.close();
  });
});
