import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WriteLock } from '../src/store/write-lock.js';

describe('write lock', () => {
  it('lets one holder at a time take it, through any handle on the same buffer', () => {
    const lock = new WriteLock();
    const shared = new WriteLock(lock.buffer);
    expect(lock.tryAcquire()).toBe(true);
    expect(shared.tryAcquire()).toBe(false);
    expect(new Int32Array(lock.buffer)[0]).toBe(1);
    lock.release();
    expect(shared.tryAcquire()).toBe(true);
    shared.release();
    expect(new Int32Array(lock.buffer)[0]).toBe(0);
  });

  it('wakes a waiter when the holder releases, and says when the lock was already free', async () => {
    const lock = new WriteLock();
    const other = new WriteLock(lock.buffer);
    expect(await lock.whenFree(1_000)).toBe('not-equal'); // free: nothing to wait for
    expect(other.tryAcquire()).toBe(true);
    const started = Date.now();
    setTimeout(() => other.release(), 30);
    expect(await lock.whenFree(5_000)).toBe('ok');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lock.tryAcquire()).toBe(true);
    lock.release();
  });

  it('times out a wait on a holder that never releases (a crashed thread), which can then be taken over', async () => {
    const lock = new WriteLock(undefined, 20);
    expect(new WriteLock(lock.buffer).tryAcquire()).toBe(true); // and that thread dies
    expect(await lock.whenFree(lock.takeOverMs)).toBe('timed-out');
    expect(lock.tryAcquire()).toBe(false);
    lock.takeOver();
    lock.release();
    expect(lock.tryAcquire()).toBe(true);
  });

  it('keeps the process alive while a thread waits for the lock asynchronously', () => {
    const lockUrl = new URL('../src/store/write-lock.ts', import.meta.url).href;
    // A child whose only pending work is a wait for a lock that is never released: it must stay
    // alive until the wait times out (a closing thread would otherwise exit with its last batch unwritten).
    const script = `
      const { WriteLock } = await import(${JSON.stringify(lockUrl)});
      const lock = new WriteLock(undefined, 200);
      new WriteLock(lock.buffer).tryAcquire();
      const waited = await lock.whenFree(200);
      console.log('woke:' + waited);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('woke:timed-out');
  });
});
