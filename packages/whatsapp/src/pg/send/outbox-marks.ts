/**
 * Writes what became of each attempt to the PostgreSQL outbox — only while this process still
 * holds the row's lease (`claimed_by` is this process): a row another process took over after the
 * lease ran out is left to that process. Sent marks arriving together are written in one
 * statement (many replies settle in the same moment under load).
 *
 * A retry clears the lease (any process may take the row when it is due). A finished row (sent,
 * failed, window_closed) keeps `claimed_by` and `lease_until`: which process sent it, and when it
 * was claimed (`lease_until` − the lease) — the leases of rows no longer open mean nothing else.
 */
import type { Mark, MarkWriter } from '../../send/marks.js';
import type { PgPool } from '../pool.js';
import { DB_NOW_MS } from './db-time.js';
import { OPEN_STATES } from './outbox-claims.js';

/** Called for a mark that found its row no longer leased to this process. */
export type LeaseLost = (id: number, mark: Mark) => void;

interface SentWaiting {
  readonly id: number;
  readonly mark: Extract<Mark, { kind: 'sent' }>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const MARK_SENT = `
  UPDATE outbox o SET state = 'sent', wamid = v.wamid, sent_at = v.at, attempts = v.attempts
    FROM (SELECT unnest($1::bigint[]) AS id, unnest($2::text[]) AS wamid, unnest($3::bigint[]) AS at, unnest($4::int[]) AS attempts) v
   WHERE o.id = v.id AND o.claimed_by = $5 AND o.state IN ${OPEN_STATES}
  RETURNING o.id`;

const MARK_RETRYING = `
  UPDATE outbox SET state = 'sending', attempts = $3, error_code = $4, error = $5,
                    due_at = ${DB_NOW_MS} + $6::bigint, claimed_by = NULL, lease_until = NULL
   WHERE id = $1 AND claimed_by = $2 AND state IN ${OPEN_STATES}`;

const MARK_ENDED = `
  UPDATE outbox SET state = $3, attempts = $4, error_code = $5, error = $6
   WHERE id = $1 AND claimed_by = $2 AND state IN ${OPEN_STATES}`;

/** The outbox writes of one process. */
export class OutboxMarks {
  private sentBatch: SentWaiting[] = [];
  private flushScheduled = false;
  /** Writes on their way (awaited by `settled`). */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: PgPool,
    private readonly processId: string,
    private readonly onLeaseLost: LeaseLost,
  ) {}

  /** The `MarkWriter` for `MarkBook`: resolves once written (or found taken over), rejects when the database refused. */
  readonly write: MarkWriter = (id, mark) => {
    const written = this.writeOne(id, mark);
    this.inFlight.add(written);
    const forget = () => this.inFlight.delete(written);
    written.then(forget, forget);
    return written;
  };

  /** Resolves when every write started so far has ended (either way). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async writeOne(id: number, mark: Mark): Promise<void> {
    switch (mark.kind) {
      case 'sent':
        return new Promise<void>((resolve, reject) => {
          this.sentBatch.push({ id, mark, resolve, reject });
          if (this.flushScheduled) return;
          this.flushScheduled = true;
          setImmediate(() => this.flushSent());
        });
      case 'retrying': {
        const result = await this.pool.query(MARK_RETRYING, [id, this.processId, mark.attempts, mark.code, mark.error, Math.max(0, Math.round(mark.retryInMs ?? 0))]);
        if (result.rowCount === 0) this.onLeaseLost(id, mark);
        return;
      }
      case 'ended': {
        const result = await this.pool.query(MARK_ENDED, [id, this.processId, mark.state, mark.attempts, mark.code, mark.error]);
        if (result.rowCount === 0) this.onLeaseLost(id, mark);
        return;
      }
      default: {
        const never: never = mark;
        throw new Error(`unknown mark ${JSON.stringify(never)}`);
      }
    }
  }

  private flushSent(): void {
    this.flushScheduled = false;
    const batch = this.sentBatch;
    this.sentBatch = [];
    if (batch.length === 0) return;
    const params = [batch.map((w) => w.id), batch.map((w) => w.mark.wamid), batch.map((w) => w.mark.at), batch.map((w) => w.mark.attempts), this.processId];
    this.pool.query<{ id: string }>({ name: 'samvad_outbox_mark_sent', text: MARK_SENT, values: params }).then(
      (result) => {
        const written = new Set(result.rows.map((r) => Number(r.id)));
        for (const waiting of batch) {
          if (!written.has(waiting.id)) this.onLeaseLost(waiting.id, waiting.mark);
          waiting.resolve();
        }
      },
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    );
  }
}
