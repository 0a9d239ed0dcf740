import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WriteLock } from '../src/store/write-lock.js';

describe('write lock', () => {
  it('runs the write holding the lock and releases it, also when the write throws', () => {
    const lock = new WriteLock();
    const shared = new WriteLock(lock.buffer);
    expect(lock.hold(() => new Int32Array(lock.buffer)[0])).toBe(1);
    expect(() => shared.hold(() => { throw new Error('rolled back'); })).toThrow('rolled back');
    expect(new Int32Array(lock.buffer)[0]).toBe(0);
    expect(shared.hold(() => 'second writer')).toBe('second writer');
  });

  it('takes the lock over from a holder that never releases it (a crashed thread)', () => {
    const dead = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(dead, 0, 1);
    const lock = new WriteLock(dead.buffer as SharedArrayBuffer, 20);
    const started = Date.now();
    expect(lock.hold(() => 'written')).toBe('written');
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(Atomics.load(dead, 0)).toBe(0);
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
