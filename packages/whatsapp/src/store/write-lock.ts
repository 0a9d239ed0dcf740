/**
 * A write lock shared by the threads that write the same SQLite file (the HTTP thread and the
 * processing worker). SQLite's own lock stays the guarantee; this one only decides who goes
 * first, so that a thread finding the file busy waits on a futex and wakes the moment the other
 * commits, instead of SQLite's busy handler sleeping for whole milliseconds (1, 2, 5, … ms).
 */

/** How long to wait for the other thread before writing anyway (SQLite then arbitrates). */
const GIVE_UP_MS = 5_000;

export class WriteLock {
  private readonly cell: Int32Array;

  /** Pass the `buffer` of another thread's lock to share it. */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.cell = new Int32Array(buffer);
  }

  /** Runs `write` holding the lock. */
  hold<T>(write: () => T): T {
    const held = this.acquire();
    try {
      return write();
    } finally {
      if (held) {
        Atomics.store(this.cell, 0, 0);
        Atomics.notify(this.cell, 0, 1);
      }
    }
  }

  private acquire(): boolean {
    const deadline = Date.now() + GIVE_UP_MS;
    while (Atomics.compareExchange(this.cell, 0, 0, 1) !== 0) {
      const left = deadline - Date.now();
      // A holder that died (a crashed worker) must not stop the other thread for good.
      if (left <= 0) return false;
      Atomics.wait(this.cell, 0, 1, left);
    }
    return true;
  }
}
