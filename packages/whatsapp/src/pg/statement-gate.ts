/**
 * `StatementGate`: at most `permits` of a processor's statements in flight at once, the others
 * waiting their turn (first come, first served). PostgreSQL backends working at once beyond the
 * machine's cores do not finish sooner: they contend for the same WAL and index pages and spin on
 * the locks of a backend the scheduler paused. On the 2-core benchmark machine, turns whose
 * statements ran 8 at a time cost PostgreSQL 2.4–2.8× the CPU per acknowledged delivery of 2 at a
 * time, and halved the acknowledgements the HTTP thread could make meanwhile, while the backlog
 * was processed no faster (BENCHMARKS.md, Serve, issue 13). The
 * processor's lanes (batch-lane.ts) are one more than the permits: while one lane's round trip (a
 * batch's commit and claims) runs in PostgreSQL, another's turns run in memory, then it waits here.
 */
import { availableParallelism } from 'node:os';

/**
 * The default: one fewer than the machine's cores, at least 1 — a core is left to acknowledging
 * webhooks (the HTTP thread and its INSERT), as the SQLite worker's lower priority leaves it. On
 * the 2-core benchmark machine 1 at a time acknowledged 1.6–3.7× what 2 did, and processed the
 * backlog about as fast (BENCHMARKS.md, Serve).
 */
export const defaultStatementsInFlight = (): number => Math.max(1, availableParallelism() - 1);

/** At most `permits` tasks at once; the others wait in order. */
export class StatementGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly permits: number) {}

  /** Runs `task` once a permit is free; the permit passes to the next waiting task when it ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.permits) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // handed its permit by a finishing task
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.active -= 1;
    }
  }
}
