/**
 * `POST /webhook`: verify, parse, store durably, answer 200 — then hand new messages to the
 * processor. Nothing is processed unless the signature is valid.
 */
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import type { InboundStore, StoredInbound } from '../store/inbound-store.js';
import { parseWebhook } from '../webhook/parse.js';
import type { InboundMessage, StatusUpdate } from '../webhook/types.js';
import { verifySignature } from './signature.js';

/** Meta's payloads are at most 3 MB. */
export const MAX_WEBHOOK_BYTES = 3 * 1024 * 1024;

export interface WebhookReply {
  readonly status: 200 | 400 | 401 | 500;
  readonly body: string;
}

export interface WebhookDeps {
  readonly appSecret: string;
  readonly store: InboundStore;
  readonly log: Logger;
  readonly metrics: ServeMetrics;
  readonly onStored: (fresh: readonly StoredInbound[]) => void;
}

/** Handles one webhook delivery given its raw bytes and signature header. */
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
  const messages: InboundMessage[] = [];
  const statuses: StatusUpdate[] = [];
  for (const event of parsed.events) {
    switch (event.kind) {
      case 'message':
        messages.push(event.message);
        break;
      case 'status':
        statuses.push(event.status);
        break;
      case 'error':
        for (const e of event.errors) deps.log.log('error', 'webhook.error', { code: e.code, title: e.title, details: e.details });
        break;
      case 'ignored':
        deps.log.log('info', 'webhook.ignored', { field: event.field });
        break;
      default: {
        const never: never = event;
        throw new Error(`unknown webhook event ${JSON.stringify(never)}`);
      }
    }
  }
  let fresh: StoredInbound[];
  try {
    fresh = await deps.store.store(messages, statuses);
  } catch (error) {
    deps.log.log('error', 'webhook.store_failed', { error: error instanceof Error ? error.message : String(error) });
    return { status: 500, body: 'Internal Server Error: could not store the delivery; Meta will retry' };
  }
  report(deps, messages, fresh, statuses);
  deps.onStored(fresh);
  return { status: 200, body: 'EVENT_RECEIVED' };
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
