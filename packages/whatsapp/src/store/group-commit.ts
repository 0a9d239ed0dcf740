/**
 * Group commit: every write requested during one event-loop turn runs in ONE SQLite transaction,
 * and one failing write does not undo the others. A caller's promise resolves only after the
 * shared transaction has committed, so "committed" still means committed — it just costs one WAL
 * commit per batch instead of one per write.
 *
 * A batch first runs plainly; only if something in it throws is it rolled back and run again
 * with each write in its own savepoint (a savepoint per write costs ~1.4 µs, and writes almost
 * never fail). Writes must therefore be safe to run again after a rollback: pure SQL, or effects
 * undone or overwritten by running them again.
 */
import type { Db } from './db.js';
import type { WriteLock } from './write-lock.js';

interface Job {
  readonly write: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** Batches writes into one transaction per event-loop turn. */
export class GroupCommitter {
  private jobs: Job[] = [];
  private scheduled = false;
  /** When this committer began waiting for the shared lock (undefined: not waiting). */
  private waitingSince: number | undefined;
  /** Prepared once: better-sqlite3 turns a nested call into a savepoint. */
  private readonly inSavepoint: (write: () => unknown) => unknown;
  private readonly runPlain: (jobs: readonly Job[]) => unknown[];
  private readonly runIsolated: (jobs: readonly Job[], outcomes: Outcome[]) => void;

  /** `lock`: shared with the other threads writing the same file (see `WriteLock`). */
  constructor(
    db: Db,
    private readonly lock?: WriteLock,
  ) {
    this.inSavepoint = db.transaction((write: () => unknown) => write());
    this.runPlain = db.transaction((jobs: readonly Job[]) => jobs.map((job) => job.write()));
    this.runIsolated = db.transaction((jobs: readonly Job[], outcomes: Outcome[]) => {
      for (const job of jobs) {
        try {
          outcomes.push({ ok: true, value: this.inSavepoint(job.write) });
        } catch (error) {
          // A full disk or an I/O error can make SQLite roll back the whole transaction, not just
          // the savepoint: the writes after it would then commit one by one, outside the batch
          // (and be reported as failed). Fail the whole batch instead; every caller retries or 500s.
          if (!db.inTransaction) throw error;
          outcomes.push({ ok: false, error });
        }
      }
    });
  }

  /** Runs `write` inside the next group transaction; resolves with its result after the commit. */
  commit<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Commits every queued write. When the shared lock is busy (the other thread is committing),
   * waits for it asynchronously: writes requested meanwhile join this batch.
   */
  private flush(): void {
    const lock = this.lock;
    if (lock !== undefined && !lock.tryAcquire()) {
      this.waitingSince ??= Date.now();
      if (Date.now() - this.waitingSince < lock.takeOverMs) {
        void lock.whenFree(lock.takeOverMs).then((outcome) => {
          if (outcome !== 'timed-out') this.waitingSince = undefined; // released meanwhile: its holder is alive
          this.flush();
        });
        return;
      }
      lock.takeOver(); // the holder has been gone for takeOverMs: a crashed thread
    }
    this.waitingSince = undefined;
    const jobs = this.jobs;
    this.jobs = [];
    this.scheduled = false;
    try {
      this.commitHeld(jobs);
    } finally {
      lock?.release();
    }
  }

  /** Runs a batch in one transaction (the lock, if any, already held). */
  private commitHeld(jobs: readonly Job[]): void {
    let values: unknown[] | undefined;
    try {
      values = this.runPlain(jobs);
    } catch {
      values = undefined; // rolled back: run again, each write isolated
    }
    if (values !== undefined) {
      jobs.forEach((job, i) => job.resolve(values[i]));
      return;
    }
    const outcomes: Outcome[] = [];
    try {
      this.runIsolated(jobs, outcomes);
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok === true) job.resolve(outcome.value);
      else job.reject(outcome?.error);
    });
  }
}
