/**
 * What became of each attempt, written to the outbox — and written again, with backoff, for as
 * long as the database refuses it (disk full, I/O error, busy). Until its mark is written, a sent
 * row is remembered here so it is never sent a second time by this process.
 */
import type { OutboxStore } from '../store/outbox-store.js';
import type { SenderClock, TimerHandle } from './clock.js';
import { backoffMs } from './classify.js';

/** One outcome to record for an outbox row. */
export type Mark =
  | { readonly kind: 'sent'; readonly wamid: string; readonly at: number; readonly attempts: number }
  | {
      readonly kind: 'retrying';
      readonly attempts: number;
      readonly code: number | null;
      readonly error: string;
      /** When the row is due again, ms after the write (the PostgreSQL outbox stores it; the SQLite sender keeps its timer in memory). */
      readonly retryInMs?: number;
    }
  | {
      readonly kind: 'ended';
      readonly state: 'failed' | 'window_closed';
      readonly code: number | null;
      readonly error: string;
      readonly attempts: number;
    };

/** Writes one mark; rejects when the database did not take it. */
export type MarkWriter = (id: number, mark: Mark) => Promise<unknown>;

/** The outbox writes a `MarkWriter` needs. */
export type MarkStore = Pick<OutboxStore, 'markSent' | 'markRetrying' | 'markGivenUp'>;

/** Writes marks to `store` (each group-committed). */
export function markWriter(store: MarkStore): MarkWriter {
  return (id, mark) => {
    switch (mark.kind) {
      case 'sent':
        return store.markSent(id, mark.wamid, mark.at, mark.attempts);
      case 'retrying':
        return store.markRetrying(id, mark.attempts, mark.code, mark.error);
      case 'ended':
        return store.markGivenUp(id, mark.state, mark.code, mark.error, mark.attempts);
      default: {
        const never: never = mark;
        return Promise.reject(new Error(`unknown mark ${JSON.stringify(never)}`));
      }
    }
  };
}

interface Entry {
  readonly mark: Mark;
  writing: boolean;
}

export interface MarkBookOptions {
  readonly retryBaseMs: number;
  readonly retryCapMs: number;
  readonly random: () => number;
}

/** The marks not yet written, retried on a timer until they are. */
export class MarkBook {
  private readonly entries = new Map<number, Entry>();
  private timer: TimerHandle | undefined;
  private failuresInARow = 0;
  private lastError: string | undefined;
  private stopped = false;

  constructor(
    private readonly write: MarkWriter,
    private readonly clock: SenderClock,
    private readonly options: MarkBookOptions,
    private readonly onFailure: (error: unknown, pending: number) => void,
    /** Called after a retry round, so the owner can retry its own reads too. */
    private readonly onRetryRound: () => void,
  ) {}

  /** Records `mark` for row `id` (replacing a mark of the same row not yet written). */
  record(id: number, mark: Mark): void {
    const entry: Entry = { mark, writing: false };
    this.entries.set(id, entry);
    this.issue(id, entry);
  }

  /** Whether `id` has an ending mark (sent or given up) not yet written. */
  endPending(id: number): boolean {
    const entry = this.entries.get(id);
    return entry !== undefined && entry.mark.kind !== 'retrying';
  }

  /** Marks not yet written. */
  get pending(): number {
    return this.entries.size;
  }

  /** The last write error, while writes keep failing (`undefined` once one succeeds). */
  get failing(): string | undefined {
    return this.lastError;
  }

  /** Schedules a retry round (e.g. after a failed read of the owner's). */
  retrySoon(error: unknown): void {
    this.failed(error);
  }

  /** No more retry rounds (marks still pending are written by the next run, or never: see docs). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private issue(id: number, entry: Entry): void {
    entry.writing = true;
    this.write(id, entry.mark).then(
      () => {
        entry.writing = false;
        this.failuresInARow = 0;
        this.lastError = undefined;
        if (this.entries.get(id) !== entry) return; // a newer mark of this row is on its way
        this.entries.delete(id);
      },
      (error: unknown) => {
        entry.writing = false;
        this.failed(error);
      },
    );
  }

  private failed(error: unknown): void {
    this.failuresInARow += 1;
    this.lastError = error instanceof Error ? error.message : String(error);
    this.onFailure(error, this.entries.size);
    if (this.timer !== undefined || this.stopped) return;
    const delay = backoffMs(this.failuresInARow, this.options.retryBaseMs, this.options.retryCapMs, this.options.random);
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      for (const [id, entry] of this.entries) if (!entry.writing) this.issue(id, entry);
      this.onRetryRound();
    }, Math.max(1, delay));
  }
}
