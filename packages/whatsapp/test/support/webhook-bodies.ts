/** Builds signed webhook deliveries, shaped like Meta's (see `inbound-text.json`). */
import { signBody } from '@samvad/whatsapp';

export const PHONE_NUMBER_ID = '106540352242922';

let counter = 0;

/** A unique wamid. */
export function newWamid(): string {
  counter += 1;
  return `wamid.TEST${process.pid}x${Date.now().toString(36)}x${counter}`;
}

/** `timestamp`: WhatsApp's Unix seconds (default now). */
export type TestMessage =
  | { readonly from: string; readonly text: string; readonly id?: string; readonly timestamp?: number }
  | { readonly from: string; readonly reply: string; readonly id?: string; readonly timestamp?: number }
  | { readonly from: string; readonly media: 'image' | 'sticker'; readonly id?: string; readonly timestamp?: number };

function messageJson(m: TestMessage): object {
  const base = { from: m.from, id: m.id ?? newWamid(), timestamp: String(m.timestamp ?? Math.floor(Date.now() / 1000)) };
  if ('text' in m) return { ...base, type: 'text', text: { body: m.text } };
  if ('reply' in m) return { ...base, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: m.reply, title: m.reply } } };
  return { ...base, type: m.media, [m.media]: { id: '1003383421387256', mime_type: 'image/jpeg', sha256: 'abc' } };
}

/** The raw JSON of a delivery carrying `messages` (and optionally `statuses`), to `phoneNumberId`. */
export function deliveryBody(messages: readonly TestMessage[], statuses: readonly object[] = [], phoneNumberId = PHONE_NUMBER_ID): string {
  const value: Record<string, unknown> = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
  };
  if (messages.length > 0) {
    value.contacts = [...new Set(messages.map((m) => m.from))].map((wa_id) => ({ profile: { name: 'Test' }, wa_id }));
    value.messages = messages.map(messageJson);
  }
  if (statuses.length > 0) value.statuses = statuses;
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '419561257915477', changes: [{ value, field: 'messages' }] }] });
}

/** POSTs a delivery to `{url}/webhook`, signed with `secret` (or with the given header). */
export async function postWebhook(url: string, body: string, secret: string, signature?: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const sig = signature === undefined ? signBody(body, secret) : signature;
  if (sig !== null) headers['x-hub-signature-256'] = sig;
  return fetch(`${url}/webhook`, { method: 'POST', headers, body });
}

/** Polls `check` until it returns a value other than `undefined`, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
