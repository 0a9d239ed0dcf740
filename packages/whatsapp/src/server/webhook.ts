/**
 * `POST /webhook`: verify, parse, store durably, answer 200 — then hand new messages to the
 * processor. Nothing is processed unless the signature is valid.
 */
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import { throttled } from '../ops/throttle.js';
import type { StoredInbound } from '../store/inbound-store.js';
import { parseWebhook } from '../webhook/parse.js';
import { sortDelivery } from '../webhook/sort.js';
import type { SortedDelivery } from '../webhook/sort.js';
import type { InboundMessage, StatusUpdate } from '../webhook/types.js';
import { verifySignature } from './signature.js';

/** Meta's payloads are at most 3 MB. */
export const MAX_WEBHOOK_BYTES = 3 * 1024 * 1024;

export interface WebhookReply {
  readonly status: 200 | 400 | 401 | 500;
  readonly body: string;
}

/** Where a delivery's messages and statuses are stored (SQLite's `InboundStore`, PostgreSQL's `PgInboundStore`). */
export interface InboundSink {
  /** Stores them durably; resolves with the messages that were new (not duplicates) once committed. */
  store(messages: readonly InboundMessage[], statuses: readonly StatusUpdate[]): Promise<StoredInbound[]>;
}

export interface WebhookDeps {
  readonly appSecret: string;
  /** This server's number(s): messages and statuses for any other are ignored. */
  readonly phoneNumberId: string | readonly string[];
  readonly store: InboundSink;
  readonly log: Logger;
  readonly metrics: ServeMetrics;
  readonly onStored: (fresh: readonly StoredInbound[]) => void;
}

/**
 * Handles one webhook delivery given its raw bytes and signature header. What is valid and for
 * this number is stored (then 200); malformed items and other numbers' items are dropped, counted
 * and logged once per delivery. Only a body that is not a WhatsApp webhook at all gets 400.
 */
export async function handleWebhook(deps: WebhookDeps, raw: Buffer, signature: string | undefined): Promise<WebhookReply> {
  if (!verifySignature(raw, signature, deps.appSecret)) {
    deps.log.log('warn', 'webhook.bad_signature', { bytes: raw.length, present: signature !== undefined });
    return { status: 401, body: 'Unauthorized: X-Hub-Signature-256 is missing or does not match the body' };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { status: 400, body: 'Bad Request: the body is not valid JSON' };
  }
  const parsed = parseWebhook(json);
  if (!parsed.ok) {
    deps.log.log('warn', 'webhook.bad_shape', { error: parsed.error });
    return { status: 400, body: `Bad Request: ${parsed.error}` };
  }
  const delivery = sortDelivery(parsed.events, typeof deps.phoneNumberId === 'string' ? deps.phoneNumberId : new Set(deps.phoneNumberId));
  reportDropped(deps, delivery);
  let fresh: StoredInbound[];
  try {
    fresh = await deps.store.store(delivery.messages, delivery.statuses);
  } catch (error) {
    deps.metrics.inboundStoreFailures.inc();
    // At most one line a second: a full disk fails every delivery (the metric counts each).
    throttled(deps.log, 'error', 'webhook.store_failed').report({ error: error instanceof Error ? error.message : String(error) });
    return { status: 500, body: 'Internal Server Error: could not store the delivery; Meta will retry' };
  }
  report(deps, delivery.messages, fresh, delivery.statuses);
  deps.onStored(fresh);
  return { status: 200, body: 'EVENT_RECEIVED' };
}

/** What is not stored: malformed items, other numbers' items, Meta's errors, unhandled fields. */
function reportDropped(deps: WebhookDeps, delivery: SortedDelivery): void {
  const { invalid, otherNumber } = delivery;
  if (invalid.length > 0) {
    for (const { reason } of invalid) deps.metrics.invalidItems.inc({ reason });
    deps.log.log('warn', 'webhook.invalid_items', {
      count: invalid.length,
      reasons: [...new Set(invalid.map((i) => i.reason))].join(','),
      first: invalid[0]?.detail,
      stored: delivery.messages.length + delivery.statuses.length,
    });
  }
  if (otherNumber.messages + otherNumber.statuses > 0) {
    if (otherNumber.messages > 0) deps.metrics.otherNumber.inc({ kind: 'message' }, otherNumber.messages);
    if (otherNumber.statuses > 0) deps.metrics.otherNumber.inc({ kind: 'status' }, otherNumber.statuses);
    deps.log.log('warn', 'webhook.other_number', {
      messages: otherNumber.messages,
      statuses: otherNumber.statuses,
      phoneNumberIds: otherNumber.numbers.map((n) => (n === '' ? '(none)' : n)).join(','),
      served: typeof deps.phoneNumberId === 'string' ? deps.phoneNumberId : deps.phoneNumberId.join(','),
    });
  }
  for (const { errors } of delivery.errors) {
    for (const e of errors) deps.log.log('error', 'webhook.error', { code: e.code, title: e.title, details: e.details });
  }
  for (const field of delivery.ignoredFields) deps.log.log('info', 'webhook.ignored', { field });
}

function report(deps: WebhookDeps, messages: readonly InboundMessage[], fresh: readonly StoredInbound[], statuses: readonly StatusUpdate[]): void {
  for (const { message } of fresh) deps.metrics.inbound.inc({ type: message.type });
  const duplicates = messages.length - fresh.length;
  if (duplicates > 0) {
    deps.metrics.duplicates.inc(duplicates);
    deps.log.log('info', 'webhook.duplicate', { count: duplicates });
  }
  for (const s of statuses) {
    deps.metrics.statuses.inc({ status: s.status });
    if (s.status !== 'failed') continue;
    const error = s.errors[0];
    const event = error?.code === 131047 ? 'status.window_closed' : 'status.failed';
    deps.log.log('error', event, { wamid: s.wamid, recipient: s.recipient, code: error?.code, error: error?.details ?? error?.title });
  }
}
