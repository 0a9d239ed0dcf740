/**
 * A write lock shared by the threads that write the same SQLite file (the HTTP thread and the
 * processing worker). SQLite's own lock stays the guarantee; this one only decides who goes
 * first, so that a thread finding the file busy waits on a futex and wakes the moment the other
 * commits, instead of SQLite's busy handler sleeping for whole milliseconds (1, 2, 5, … ms).
 */

export class WriteLock {
  private readonly cell: Int32Array;

  /**
   * Pass the `buffer` of another thread's lock to share it. `takeOverMs`: how long to wait for
   * the other thread before taking the lock over (it died holding it; SQLite then arbitrates).
   */
  constructor(
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4),
    private readonly takeOverMs = 5_000,
  ) {
    this.cell = new Int32Array(buffer);
  }

  /** Runs `write` holding the lock. */
  hold<T>(write: () => T): T {
    this.acquire();
    try {
      return write();
    } finally {
      Atomics.store(this.cell, 0, 0);
      Atomics.notify(this.cell, 0, 1);
    }
  }

  private acquire(): void {
    const deadline = Date.now() + this.takeOverMs;
    while (Atomics.compareExchange(this.cell, 0, 0, 1) !== 0) {
      const left = deadline - Date.now();
      if (left <= 0) {
        // The holder died holding it (a crashed worker): take the lock over rather than wait for good.
        Atomics.store(this.cell, 0, 1);
        return;
      }
      Atomics.wait(this.cell, 0, 1, left);
    }
  }
}
