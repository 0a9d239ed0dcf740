/**
 * A write lock shared by the threads that write the same SQLite file (the HTTP thread and the
 * processing worker). SQLite's own lock stays the guarantee; this one only decides who goes
 * first, so that a thread finding the file busy waits on a futex and wakes the moment the other
 * commits, instead of SQLite's busy handler sleeping for whole milliseconds (1, 2, 5, … ms).
 *
 * The wait does not block the thread (`whenFree`, used by `GroupCommitter`): while the other
 * thread commits, this one goes on reading and parsing requests, which join the batch it commits
 * next. (Blocked instead, the HTTP thread spent 5–9% of a loaded second asleep, ~1.5 ms a wait.)
 */

export class WriteLock {
  private readonly cell: Int32Array;

  /**
   * Pass the `buffer` of another thread's lock to share it. `takeOverMs`: how long to wait for
   * the other thread before taking the lock over (it died holding it; SQLite then arbitrates).
   */
  constructor(
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4),
    readonly takeOverMs = 5_000,
  ) {
    this.cell = new Int32Array(buffer);
  }

  /** Takes the lock if it is free; false (and nothing changed) when another thread holds it. */
  tryAcquire(): boolean {
    return Atomics.compareExchange(this.cell, 0, 0, 1) === 0;
  }

  /** Takes the lock whoever holds it: for a holder that has been gone for `takeOverMs`. */
  takeOver(): void {
    Atomics.store(this.cell, 0, 1);
  }

  release(): void {
    Atomics.store(this.cell, 0, 0);
    Atomics.notify(this.cell, 0);
  }

  /**
   * Resolves when the lock is (or was, for an instant) free, or after `timeoutMs`, without
   * blocking this thread: try `tryAcquire` again then.
   */
  whenFree(timeoutMs: number): Promise<'ok' | 'not-equal' | 'timed-out'> {
    const waited = Atomics.waitAsync(this.cell, 0, 1, timeoutMs);
    if (!waited.async) return Promise.resolve(waited.value);
    // A pending waitAsync alone does not keep the event loop alive (a thread closing down would
    // exit with its last batch unwritten): a timer does, until the wait ends.
    const keepAlive = setTimeout(() => undefined, timeoutMs + 1_000);
    return waited.value.finally(() => clearTimeout(keepAlive));
  }
}
