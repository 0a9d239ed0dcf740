/**
 * Webhook body → events. Pure: takes the already-decoded JSON, never throws. Only a body that is
 * not a WhatsApp webhook at all (not an object, `object` is not `whatsapp_business_account`, no
 * `entry` array) is rejected with a one-line reason (the server answers 400); a malformed entry,
 * change, message or status becomes an `invalid` event and the rest of the delivery is kept.
 */
import type { Inbound } from '@samvad/runtime';
import type { ApiErrorInfo, InboundMessage, InvalidReason, ParseResult, StatusUpdate, WebhookEvent } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Obj, key: string): string | undefined => (typeof o[key] === 'string' ? (o[key] as string) : undefined);
const obj = (o: Obj, key: string): Obj | undefined => (isObj(o[key]) ? (o[key] as Obj) : undefined);
const arr = (o: Obj, key: string): readonly unknown[] => (Array.isArray(o[key]) ? (o[key] as unknown[]) : []);

/** A malformed item: its reason (a metric label) and a one-line description. */
class ShapeError extends Error {
  constructor(
    readonly reason: InvalidReason,
    message: string,
  ) {
    super(message);
  }
}

function need<T>(value: T | undefined, reason: InvalidReason, what: string): T {
  if (value === undefined) throw new ShapeError(reason, what);
  return value;
}

/** A malformed item as an event (its error, when it is a `ShapeError`; anything else is a bug and thrown). */
function invalid(error: unknown): WebhookEvent {
  if (!(error instanceof ShapeError)) throw error;
  return { kind: 'invalid', reason: error.reason, detail: error.message };
}

/** Parses a decoded webhook body into events. */
export function parseWebhook(body: unknown): ParseResult {
  if (!isObj(body)) return { ok: false, error: 'body is not a JSON object' };
  if (body.object !== 'whatsapp_business_account') return { ok: false, error: '"object" is not "whatsapp_business_account"' };
  if (!Array.isArray(body.entry)) return { ok: false, error: '"entry" is not an array' };
  const events: WebhookEvent[] = [];
  for (const entry of body.entry) {
    if (!isObj(entry) || !Array.isArray(entry.changes)) {
      events.push({ kind: 'invalid', reason: 'entry_shape', detail: 'an entry has no "changes" array' });
      continue;
    }
    for (const change of entry.changes) {
      if (!isObj(change)) {
        events.push({ kind: 'invalid', reason: 'change_shape', detail: 'a change is not an object' });
        continue;
      }
      const field = str(change, 'field');
      const value = obj(change, 'value');
      if (field === undefined || value === undefined) {
        events.push({ kind: 'invalid', reason: 'change_shape', detail: field === undefined ? 'a change has no "field"' : 'a change has no "value" object' });
      } else if (field !== 'messages') {
        events.push({ kind: 'ignored', field });
      } else {
        parseValue(value, events);
      }
    }
  }
  return { ok: true, events };
}

/** Appends the events of one `messages` change to `events`; a malformed message or status becomes an `invalid` event. */
function parseValue(value: Obj, events: WebhookEvent[]): void {
  const metadata = obj(value, 'metadata');
  const phoneNumberId = (metadata && str(metadata, 'phone_number_id')) ?? '';
  const names = new Map<string, string>();
  for (const c of arr(value, 'contacts')) {
    if (!isObj(c)) continue;
    const id = str(c, 'wa_id') ?? str(c, 'user_id');
    const name = obj(c, 'profile') && str(obj(c, 'profile') as Obj, 'name');
    if (id !== undefined && name !== undefined) names.set(id, name);
  }
  for (const m of arr(value, 'messages')) {
    try {
      events.push({ kind: 'message', message: parseMessage(m, phoneNumberId, names) });
    } catch (error) {
      events.push(invalid(error));
    }
  }
  for (const s of arr(value, 'statuses')) {
    try {
      events.push({ kind: 'status', status: parseStatus(s, phoneNumberId) });
    } catch (error) {
      events.push(invalid(error));
    }
  }
  const errors = arr(value, 'errors');
  if (errors.length > 0) events.push({ kind: 'error', phoneNumberId, errors: parseErrors(errors) });
}

/** WhatsApp's Unix-seconds string; 0 when absent or not a number (the age is then unknown). */
function seconds(o: Obj, key: string): number {
  const n = Number(str(o, key) ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

function parseMessage(m: unknown, phoneNumberId: string, names: ReadonlyMap<string, string>): InboundMessage {
  if (!isObj(m)) throw new ShapeError('message_shape', 'a message is not an object');
  const wamid = need(str(m, 'id'), 'message_id', 'a message has no "id"');
  const type = need(str(m, 'type'), 'message_type', `message ${wamid} has no "type"`);
  const from = need(str(m, 'from') ?? str(m, 'from_user_id'), 'message_from', `message ${wamid} has no "from"`);
  const context = obj(m, 'context');
  const referral = obj(m, 'referral');
  const system = obj(m, 'system');
  const reaction = type === 'reaction' ? obj(m, 'reaction') : undefined;
  const profileName = names.get(from);
  const contextId = context && str(context, 'id');
  return {
    wamid,
    from,
    phoneNumberId,
    timestamp: seconds(m, 'timestamp'),
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
    ...(reaction ? { reaction: { messageId: str(reaction, 'message_id') ?? '', emoji: str(reaction, 'emoji') ?? '' } } : {}),
    inbound: toInbound(m, type, wamid),
    errors: parseErrors(arr(m, 'errors')),
  };
}

/** What the runtime should see for a WhatsApp message type. */
function toInbound(m: Obj, type: string, wamid: string): Inbound | null {
  switch (type) {
    case 'text': {
      const text = obj(m, 'text');
      return { kind: 'text', text: need(text && str(text, 'body'), 'message_content', `text message ${wamid} has no "text.body"`) };
    }
    case 'interactive': {
      const interactive = need(obj(m, 'interactive'), 'message_content', `interactive message ${wamid} has no "interactive"`);
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
      return { kind: 'text', text: need(text, 'message_content', `button message ${wamid} has no "button.text"`) };
    }
    case 'reaction':
    case 'system':
      return null;
    case 'unsupported': {
      const unsupported = obj(m, 'unsupported');
      return { kind: 'unsupported', what: (unsupported && str(unsupported, 'type')) ?? 'unsupported' };
    }
    case 'image':
    case 'video':
    case 'document':
    case 'audio':
    case 'sticker':
      return toMedia(type, obj(m, type));
    case 'location':
      return toLocation(obj(m, 'location'));
    case 'contacts':
      return toContact(arr(m, 'contacts')[0]);
    default:
      // order, unknown, and future types.
      return { kind: 'unsupported', what: type };
  }
}

/**
 * A photo, video, document, voice note or sticker: its media id, MIME type and (when sent)
 * caption and file name. Without an id or MIME type it cannot be fetched: `unsupported`.
 */
function toMedia(mediaType: 'image' | 'video' | 'document' | 'audio' | 'sticker', media: Obj | undefined): Inbound {
  const id = media && str(media, 'id');
  const mime = media && str(media, 'mime_type');
  if (media === undefined || id === undefined || id === '' || mime === undefined) return { kind: 'unsupported', what: mediaType };
  const caption = str(media, 'caption');
  const filename = str(media, 'filename');
  return {
    kind: 'media',
    mediaType,
    id,
    mime,
    ...(caption !== undefined && caption !== '' ? { caption } : {}),
    ...(filename !== undefined && filename !== '' ? { filename } : {}),
  };
}

/** A coordinate Meta sends as a number (a numeric string is accepted too); `undefined` when not one or out of `±limit`. */
function coordinate(o: Obj, key: string, limit: number): number | undefined {
  const raw = o[key];
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

/** A shared location; one without valid coordinates is kept as `unsupported` (nothing a citizen sent is dropped). */
function toLocation(location: Obj | undefined): Inbound {
  const latitude = location && coordinate(location, 'latitude', 90);
  const longitude = location && coordinate(location, 'longitude', 180);
  if (location === undefined || latitude === undefined || longitude === undefined) return { kind: 'unsupported', what: 'location' };
  const name = str(location, 'name');
  const address = str(location, 'address');
  return {
    kind: 'location',
    latitude,
    longitude,
    ...(name !== undefined && name !== '' ? { name } : {}),
    ...(address !== undefined && address !== '' ? { address } : {}),
  };
}

/** The first shared contact: its formatted name (else first + last) and its first phone number. */
function toContact(contact: unknown): Inbound {
  if (!isObj(contact)) return { kind: 'unsupported', what: 'contacts' };
  const names = obj(contact, 'name');
  const joined = names && [str(names, 'first_name'), str(names, 'last_name')].filter((p) => p !== undefined && p.trim() !== '').join(' ');
  const name = (names && str(names, 'formatted_name')?.trim()) || joined || '';
  const first = arr(contact, 'phones').find(isObj);
  const phone = first && (str(first, 'phone') ?? str(first, 'wa_id'));
  if (name === '' && (phone === undefined || phone === '')) return { kind: 'unsupported', what: 'contacts' };
  return { kind: 'contact', name: name === '' ? (phone as string) : name, ...(phone !== undefined && phone !== '' ? { phone } : {}) };
}

function parseStatus(s: unknown, phoneNumberId: string): StatusUpdate {
  if (!isObj(s)) throw new ShapeError('status_shape', 'a status is not an object');
  return {
    wamid: need(str(s, 'id'), 'status_shape', 'a status has no "id"'),
    status: need(str(s, 'status'), 'status_shape', 'a status has no "status"'),
    recipient: str(s, 'recipient_id') ?? '',
    timestamp: seconds(s, 'timestamp'),
    errors: parseErrors(arr(s, 'errors')),
    phoneNumberId,
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
