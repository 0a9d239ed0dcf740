/** Backoff waits that `stop` can end early: the SQLite and the PostgreSQL processor share them. */

/** A set of waits in progress; `wakeAll` ends every one of them now. */
export class BackoffSleeps {
  private readonly sleepers = new Set<() => void>();

  /** Resolves after `ms`, or sooner when `wakeAll` is called. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** Ends every wait in progress. */
  wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}
