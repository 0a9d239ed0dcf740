/**
 * What waits in the shared database for the numbers a process serves, in one query: stored
 * messages not yet processed (and when the oldest arrived) and replies not yet sent, per number
 * and in all. It is also the database check of `/healthz` (it fails when PostgreSQL does) and
 * feeds the depth gauges of `/metrics`.
 */
import type { PgPool } from './pool.js';

/** The backlog of one number (or of all), across the cluster. */
export interface NumberBacklog {
  /** Messages stored and not yet processed. */
  readonly queueDepth: number;
  /** When the oldest of them was received (ms), if one waits. */
  readonly oldestUnprocessedAt: number | undefined;
  /** Outbox rows not yet sent (pending or being retried). */
  readonly outboxDepth: number;
}

/** The backlog in all, and per number (every number asked about, 0 when nothing waits). */
export interface Backlog extends NumberBacklog {
  readonly byNumber: ReadonlyMap<string, NumberBacklog>;
}

const QUERY = `
SELECT n.number_id,
       (SELECT count(*) FROM inbound WHERE processed_at IS NULL AND number_id = n.number_id)::text AS queue,
       (SELECT min(received_at) FROM inbound WHERE processed_at IS NULL AND number_id = n.number_id)::text AS oldest,
       (SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending') AND number_id = n.number_id)::text AS outbox
  FROM unnest($1::text[]) AS n(number_id)`;

/** An empty backlog for `numbers`. */
export function emptyBacklog(numbers: readonly string[]): Backlog {
  const none: NumberBacklog = { queueDepth: 0, oldestUnprocessedAt: undefined, outboxDepth: 0 };
  return { ...none, byNumber: new Map(numbers.map((n) => [n, none])) };
}

/** Reads the backlog of `numbers`; rejects after `timeoutMs` (a database that does not answer is a failing one). */
export async function readBacklog(pool: PgPool, numbers: readonly string[], timeoutMs: number): Promise<Backlog> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([pool.query<{ number_id: string; queue: string; oldest: string | null; outbox: string }>(QUERY, [numbers]), timeout]);
    const byNumber = new Map<string, NumberBacklog>();
    let queueDepth = 0;
    let outboxDepth = 0;
    let oldest: number | undefined;
    for (const row of result.rows) {
      const entry: NumberBacklog = {
        queueDepth: Number(row.queue),
        oldestUnprocessedAt: row.oldest === null ? undefined : Number(row.oldest),
        outboxDepth: Number(row.outbox),
      };
      byNumber.set(row.number_id, entry);
      queueDepth += entry.queueDepth;
      outboxDepth += entry.outboxDepth;
      if (entry.oldestUnprocessedAt !== undefined && (oldest === undefined || entry.oldestUnprocessedAt < oldest)) oldest = entry.oldestUnprocessedAt;
    }
    return { queueDepth, oldestUnprocessedAt: oldest, outboxDepth, byNumber };
  } finally {
    clearTimeout(timer);
  }
}
