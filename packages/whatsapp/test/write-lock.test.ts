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
});
