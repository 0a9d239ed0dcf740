/**
 * `samvad outbox list|retry` on PostgreSQL (`--db postgres://…` or `SAMVAD_DB`): the same listing
 * and retry as the SQLite file's (store/outbox-admin.ts), over every number in the database (each
 * row names its number). A reopened row is announced with NOTIFY, so running processes send it at
 * once — in its citizen's order: it goes before that citizen's later replies still waiting.
 */
import { maskPhone } from '../../ops/mask.js';
import type { OutboxEntry, OutboxFilter, OutboxListing, RetryResult } from '../../store/outbox-admin.js';
import { OUTBOX_STATES } from '../../store/outbox-store.js';
import type { OutboxState } from '../../store/outbox-store.js';
import { STATE_WHERE } from '../../store/outbox-where.js';
import { createPool } from '../pool.js';
import type { PgPool } from '../pool.js';
import { inTransaction } from '../transaction.js';
import { OUTBOX_CHANNEL } from '../turn-transaction.js';
import { OPEN_STATES } from './outbox-claims.js';

export { isPostgresUrl, redactUrl } from '../url.js';

/** A small pool for one `samvad outbox` command (the URL is checked first: a bad one throws its sentence). */
export function openPgOutbox(url: string): PgPool {
  return createPool(url, { max: 2, applicationName: 'samvad outbox' }, () => undefined);
}

const WHERE: Record<OutboxFilter, string> = {
  ...STATE_WHERE,
  open: `state IN ${OPEN_STATES}`,
  unsent: `state <> 'sent'`,
  all: 'true',
};

interface RawEntry {
  id: string;
  number_id: string;
  state: OutboxState;
  citizen: string;
  attempts: number;
  error_code: number | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
  window_start: string;
}

/** The newest `limit` rows matching `filter`, oldest first, with counts by state (every number). */
export async function listPgOutbox(pool: PgPool, filter: OutboxFilter, limit: number): Promise<OutboxListing> {
  const where = WHERE[filter];
  const [rows, matching, counts] = await Promise.all([
    pool.query<RawEntry>(
      `SELECT id, number_id, state, citizen, attempts, error_code, error, created_at, sent_at, window_start
         FROM outbox WHERE ${where} ORDER BY id DESC LIMIT $1`,
      [limit],
    ),
    pool.query<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE ${where}`),
    pool.query<{ state: OutboxState; n: string }>('SELECT state, count(*) AS n FROM outbox GROUP BY state'),
  ]);
  const byState = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
  for (const { state, n } of counts.rows) byState[state] = Number(n);
  return {
    rows: rows.rows.reverse().map(
      (r): OutboxEntry => ({
        id: Number(r.id),
        numberId: r.number_id,
        state: r.state,
        to: maskPhone(r.citizen),
        attempts: r.attempts,
        errorCode: r.error_code,
        error: r.error,
        createdAt: Number(r.created_at),
        sentAt: r.sent_at === null ? null : Number(r.sent_at),
        windowStart: Number(r.window_start),
      }),
    ),
    matching: Number(matching.rows[0]?.n ?? 0),
    counts: byState,
  };
}

/**
 * Sets given-up rows (`failed`, `window_closed`) back to `pending`, due now and unleased — the rows
 * `ids`, or every `failed` row (`'all-failed'`) — in one transaction, then NOTIFYs the senders.
 */
export async function retryPgOutbox(pool: PgPool, target: readonly number[] | 'all-failed', now: number, windowMs: number): Promise<RetryResult> {
  return inTransaction(pool, async (client) => {
    const ids =
      target === 'all-failed'
        ? (await client.query<{ id: string }>(`SELECT id FROM outbox WHERE state = 'failed' ORDER BY id`)).rows.map((r) => Number(r.id))
        : target;
    const reopened: number[] = [];
    const skipped: { id: number; reason: string }[] = [];
    const windowClosed: number[] = [];
    const numbers = new Set<string>();
    for (const id of ids) {
      const found = await client.query<{ state: OutboxState }>('SELECT state FROM outbox WHERE id = $1 FOR UPDATE', [id]);
      const state = found.rows[0]?.state;
      if (state === undefined) {
        skipped.push({ id, reason: 'no such row' });
        continue;
      }
      const done = await client.query<{ number_id: string; window_start: string }>(
        `UPDATE outbox SET state = 'pending', attempts = 0, error_code = NULL, error = NULL, due_at = $2, claimed_by = NULL, lease_until = NULL
          WHERE id = $1 AND state IN ('failed', 'window_closed')
         RETURNING number_id, window_start`,
        [id, now],
      );
      const row = done.rows[0];
      if (row === undefined) {
        skipped.push({ id, reason: state === 'sent' ? 'already sent' : `still ${state} (the server is on it)` });
        continue;
      }
      reopened.push(id);
      numbers.add(row.number_id);
      if (Number(row.window_start) + windowMs <= now) windowClosed.push(id);
    }
    for (const numberId of numbers) await client.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, numberId]);
    return { reopened, skipped, windowClosed };
  });
}
