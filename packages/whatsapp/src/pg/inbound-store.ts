/**
 * `PgInboundStore`: a delivery's messages and statuses stored in PostgreSQL before the webhook is
 * answered, de-duplicated by wamid (`ON CONFLICT (wamid) DO NOTHING`).
 *
 * Deliveries arriving together share one round trip: every `store` call made while the previous
 * writes are in flight (or in the same event-loop turn) is written by ONE statement — a data-
 * modifying CTE inserting all their messages and statuses from arrays (`unnest`), which PostgreSQL
 * runs as one transaction — and `pg_notify('samvad_inbound')` in it wakes every process's
 * processor when (and only when) that transaction commits with new messages. A caller is answered
 * only after the commit; if the statement fails, every caller of the batch gets the error (500,
 * Meta retries) and nothing of the batch was stored.
 */
import type { InboundWriteHealth, StoredInbound } from '../store/inbound-store.js';
import type { InboundSink } from '../server/webhook.js';
import type { InboundMessage, StatusUpdate } from '../webhook/types.js';
import { describePgError } from './pg-error.js';
import type { PgPool } from './pool.js';

/** The channel a committed delivery with new messages notifies. */
export const INBOUND_CHANNEL = 'samvad_inbound';
/** At most this many batches are written at once (each holds one connection for one round trip). */
const MAX_IN_FLIGHT = 4;

interface Pending {
  readonly messages: readonly InboundMessage[];
  readonly statuses: readonly StatusUpdate[];
  readonly resolve: (fresh: StoredInbound[]) => void;
  readonly reject: (error: unknown) => void;
}

const INSERT = `
WITH m AS (
  INSERT INTO inbound (wamid, number_id, citizen, type, message, sent_at, received_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
  ON CONFLICT (wamid) DO NOTHING
  RETURNING seq, wamid
), s AS (
  INSERT INTO statuses (number_id, wamid, status, recipient, timestamp, error_code, error)
  SELECT * FROM unnest($8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[], $13::integer[], $14::text[])
  ON CONFLICT (wamid, status) DO NOTHING
)
SELECT m.seq::text AS seq, m.wamid, (SELECT count(*) FROM (SELECT pg_notify('${INBOUND_CHANNEL}', '') FROM m LIMIT 1) n) AS notified FROM m`;

/**
 * WhatsApp's timestamp of `m` in ms (when it was sent): the customer-service window is counted
 * from it. A message without one counts from when it was received.
 */
function sentAt(m: InboundMessage, receivedAt: number): number {
  return Number.isFinite(m.timestamp) && m.timestamp > 0 ? m.timestamp * 1000 : receivedAt;
}

/** Stores deliveries in PostgreSQL (batched; see the file comment). */
export class PgInboundStore implements InboundSink {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private failure: { since: number; last: number; error: string } | undefined;

  constructor(private readonly pool: PgPool) {}

  /** Stores them; resolves once committed, with the messages that were new (duplicates left out). */
  store(messages: readonly InboundMessage[], statuses: readonly StatusUpdate[]): Promise<StoredInbound[]> {
    if (messages.length === 0 && statuses.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ messages, statuses, resolve, reject });
      this.schedule();
    });
  }

  /** Whether deliveries are being stored (the last write failed, none succeeded since). */
  writeHealth(): InboundWriteHealth {
    const f = this.failure;
    return f === undefined ? {} : { failingSince: f.since, lastFailure: f.last, error: f.error };
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    // Calls made in this event-loop turn join the batch.
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
      const batch = this.queue;
      this.queue = [];
      this.inFlight += 1;
      void this.write(batch).finally(() => {
        this.inFlight -= 1;
        this.schedule();
      });
    });
  }

  private async write(batch: readonly Pending[]): Promise<void> {
    const now = Date.now();
    const cols: { m: unknown[][]; s: unknown[][] } = { m: [[], [], [], [], [], [], []], s: [[], [], [], [], [], [], []] };
    const json = new Map<string, string>();
    for (const { messages, statuses } of batch) {
      for (const m of messages) {
        const text = JSON.stringify(m);
        json.set(m.wamid, text);
        [m.wamid, m.phoneNumberId, m.from, m.type, text, sentAt(m, now), now].forEach((v, i) => cols.m[i]?.push(v));
      }
      for (const s of statuses) {
        const error = s.errors[0];
        [s.phoneNumberId, s.wamid, s.status, s.recipient, s.timestamp, error?.code ?? null, error?.details ?? error?.title ?? null].forEach((v, i) => cols.s[i]?.push(v));
      }
    }
    try {
      // Named: planned once per connection (a prepared statement), not per batch.
      const result = await this.pool.query<{ seq: string; wamid: string }>({ name: 'samvad_inbound_insert', text: INSERT, values: [...cols.m, ...cols.s] });
      this.failure = undefined;
      const fresh = new Map(result.rows.map((r) => [r.wamid, Number(r.seq)]));
      for (const pending of batch) {
        const mine: StoredInbound[] = [];
        for (const m of pending.messages) {
          const seq = fresh.get(m.wamid);
          if (seq === undefined) continue;
          fresh.delete(m.wamid); // the same wamid twice in one batch is new for its first caller only
          mine.push({ seq, message: m, json: json.get(m.wamid) ?? JSON.stringify(m) });
        }
        pending.resolve(mine);
      }
    } catch (error) {
      const at = Date.now();
      this.failure = { since: this.failure?.since ?? at, last: at, error: describePgError(error) };
      for (const pending of batch) pending.reject(error);
    }
  }
}
