/**
 * Webhook body → events. Pure: takes the already-decoded JSON, never throws; a body that is not a
 * WhatsApp webhook is rejected with a one-line reason (the server answers 400).
 */
import type { Inbound } from '@samvad/runtime';
import type { ApiErrorInfo, InboundMessage, ParseResult, StatusUpdate, WebhookEvent } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Obj, key: string): string | undefined => (typeof o[key] === 'string' ? (o[key] as string) : undefined);
const obj = (o: Obj, key: string): Obj | undefined => (isObj(o[key]) ? (o[key] as Obj) : undefined);
const arr = (o: Obj, key: string): readonly unknown[] => (Array.isArray(o[key]) ? (o[key] as unknown[]) : []);

class ShapeError extends Error {}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ShapeError(what);
  return value;
}

/** Parses a decoded webhook body into events. */
export function parseWebhook(body: unknown): ParseResult {
  try {
    if (!isObj(body)) throw new ShapeError('body is not a JSON object');
    if (body.object !== 'whatsapp_business_account') {
      throw new ShapeError('"object" is not "whatsapp_business_account"');
    }
    if (!Array.isArray(body.entry)) throw new ShapeError('"entry" is not an array');
    const events: WebhookEvent[] = [];
    for (const entry of body.entry) {
      if (!isObj(entry) || !Array.isArray(entry.changes)) throw new ShapeError('an entry has no "changes" array');
      for (const change of entry.changes) {
        if (!isObj(change)) throw new ShapeError('a change is not an object');
        const field = need(str(change, 'field'), 'a change has no "field"');
        const value = need(obj(change, 'value'), 'a change has no "value" object');
        if (field !== 'messages') {
          events.push({ kind: 'ignored', field });
          continue;
        }
        events.push(...parseValue(value));
      }
    }
    return { ok: true, events };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, error: error.message };
    throw error;
  }
}

function parseValue(value: Obj): WebhookEvent[] {
  const metadata = obj(value, 'metadata');
  const phoneNumberId = (metadata && str(metadata, 'phone_number_id')) ?? '';
  const names = new Map<string, string>();
  for (const c of arr(value, 'contacts')) {
    if (!isObj(c)) continue;
    const id = str(c, 'wa_id') ?? str(c, 'user_id');
    const name = obj(c, 'profile') && str(obj(c, 'profile') as Obj, 'name');
    if (id !== undefined && name !== undefined) names.set(id, name);
  }
  const events: WebhookEvent[] = [];
  for (const m of arr(value, 'messages')) {
    events.push({ kind: 'message', message: parseMessage(m, phoneNumberId, names) });
  }
  for (const s of arr(value, 'statuses')) events.push({ kind: 'status', status: parseStatus(s) });
  const errors = arr(value, 'errors');
  if (errors.length > 0) events.push({ kind: 'error', phoneNumberId, errors: parseErrors(errors) });
  return events;
}

function parseMessage(m: unknown, phoneNumberId: string, names: ReadonlyMap<string, string>): InboundMessage {
  if (!isObj(m)) throw new ShapeError('a message is not an object');
  const wamid = need(str(m, 'id'), 'a message has no "id"');
  const type = need(str(m, 'type'), `message ${wamid} has no "type"`);
  const from = need(str(m, 'from') ?? str(m, 'from_user_id'), `message ${wamid} has no "from"`);
  const context = obj(m, 'context');
  const referral = obj(m, 'referral');
  const system = obj(m, 'system');
  const profileName = names.get(from);
  const contextId = context && str(context, 'id');
  return {
    wamid,
    from,
    phoneNumberId,
    timestamp: Number(str(m, 'timestamp') ?? 0),
    type,
    ...(profileName !== undefined ? { profileName } : {}),
    ...(contextId !== undefined ? { contextId } : {}),
    ...(referral
      ? {
          referral: {
            sourceType: str(referral, 'source_type') ?? '',
            sourceId: str(referral, 'source_id') ?? '',
            ...(str(referral, 'source_url') !== undefined ? { sourceUrl: str(referral, 'source_url') } : {}),
          },
        }
      : {}),
    ...(system
      ? {
          system: {
            type: str(system, 'type') ?? 'unknown',
            ...(str(system, 'wa_id') !== undefined ? { newWaId: str(system, 'wa_id') } : {}),
          },
        }
      : {}),
    inbound: toInbound(m, type, wamid),
    errors: parseErrors(arr(m, 'errors')),
  };
}

/** What the runtime should see for a WhatsApp message type. */
function toInbound(m: Obj, type: string, wamid: string): Inbound | null {
  switch (type) {
    case 'text': {
      const text = obj(m, 'text');
      return { kind: 'text', text: need(text && str(text, 'body'), `text message ${wamid} has no "text.body"`) };
    }
    case 'interactive': {
      const interactive = need(obj(m, 'interactive'), `interactive message ${wamid} has no "interactive"`);
      const reply = obj(interactive, 'button_reply') ?? obj(interactive, 'list_reply');
      const id = reply && str(reply, 'id');
      if (id === undefined) return { kind: 'unsupported', what: `interactive:${str(interactive, 'type') ?? '?'}` };
      const title = reply && str(reply, 'title');
      return title === undefined ? { kind: 'reply', id } : { kind: 'reply', id, title };
    }
    case 'button': {
      // A template quick-reply: its visible text is what the citizen chose.
      const button = obj(m, 'button');
      const text = button && (str(button, 'text') ?? str(button, 'payload'));
      return { kind: 'text', text: need(text, `button message ${wamid} has no "button.text"`) };
    }
    case 'reaction':
    case 'system':
      return null;
    case 'unsupported': {
      const unsupported = obj(m, 'unsupported');
      return { kind: 'unsupported', what: (unsupported && str(unsupported, 'type')) ?? 'unsupported' };
    }
    default:
      // image, audio, video, document, sticker, location, contacts, order, unknown, and future types.
      return { kind: 'unsupported', what: type };
  }
}

function parseStatus(s: unknown): StatusUpdate {
  if (!isObj(s)) throw new ShapeError('a status is not an object');
  return {
    wamid: need(str(s, 'id'), 'a status has no "id"'),
    status: need(str(s, 'status'), 'a status has no "status"'),
    recipient: str(s, 'recipient_id') ?? '',
    timestamp: Number(str(s, 'timestamp') ?? 0),
    errors: parseErrors(arr(s, 'errors')),
  };
}

/** Meta's error objects → `{ code, title, details }` (tolerant: unknown shapes become code 0). */
export function parseErrors(errors: readonly unknown[]): ApiErrorInfo[] {
  return errors.filter(isObj).map((e) => {
    const data = obj(e, 'error_data');
    const details = (data && str(data, 'details')) ?? str(e, 'message');
    return {
      code: typeof e.code === 'number' ? e.code : 0,
      title: str(e, 'title') ?? str(e, 'message') ?? '',
      ...(details !== undefined ? { details } : {}),
    };
  });
}
