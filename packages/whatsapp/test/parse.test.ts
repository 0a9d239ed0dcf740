import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebhook } from '@samvad/whatsapp';
import type { InboundMessage, WebhookEvent } from '@samvad/whatsapp';
import { openDatabase } from '../src/store/db.js';
import { GroupCommitter } from '../src/store/group-commit.js';
import { InboundStore } from '../src/store/inbound-store.js';
import { payload, payloadNames } from './support/payloads.js';

const messageOf = (events: readonly WebhookEvent[]): InboundMessage => {
  const event = events.find((e) => e.kind === 'message');
  if (event?.kind !== 'message') throw new Error('no message event');
  return event.message;
};

const parsed = (name: string): readonly WebhookEvent[] => {
  const result = parseWebhook(payload(name));
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.events;
};

/** What the runtime must see for each saved inbound payload. */
const EXPECTED_INBOUND: Record<string, unknown> = {
  'inbound-text': { kind: 'text', text: 'Does it come in another color?' },
  'inbound-text-with-context': { kind: 'text', text: 'Is this still available?' },
  'inbound-text-ctwa-referral': { kind: 'text', text: 'Hello! Can I get more info on this?' },
  'inbound-button-reply': { kind: 'reply', id: 'change-button', title: 'Change' },
  'inbound-list-reply': { kind: 'reply', id: 'priority_express', title: 'Priority Mail Express' },
  'inbound-template-quick-reply-button': { kind: 'text', text: 'Unsubscribe' },
  'inbound-image': { kind: 'media', mediaType: 'image', id: '1003383421387256', mime: 'image/jpeg', caption: 'Taj Mahal' },
  'inbound-audio': { kind: 'media', mediaType: 'audio', id: '1003383421387256', mime: 'audio/ogg; codecs=opus' },
  'inbound-video': { kind: 'media', mediaType: 'video', id: '1003383421387256', mime: 'video/mp4', caption: 'My vacation video' },
  'inbound-document': { kind: 'media', mediaType: 'document', id: '1003383421387256', mime: 'application/pdf', filename: 'receipt.pdf' },
  'inbound-sticker': { kind: 'media', mediaType: 'sticker', id: '1003383421387256', mime: 'image/webp' },
  'inbound-location': {
    kind: 'location',
    latitude: 37.44221496582,
    longitude: -122.16165924072,
    name: 'Philz Coffee',
    address: '101 Forest Ave, Palo Alto, CA 94301',
  },
  'inbound-contacts': { kind: 'contact', name: 'Lucía Gómez', phone: '+1 (983) 555-2319' },
  'inbound-order': { kind: 'unsupported', what: 'order' },
  'inbound-unsupported': { kind: 'unsupported', what: 'edit' },
  'inbound-reaction': null,
  'inbound-system-user-changed-number': null,
};

describe('parseWebhook on every saved payload', () => {
  it('covers every inbound message payload in the reference folder', () => {
    const withMessages = payloadNames('inbound-').filter((n) => n !== 'inbound-value-errors');
    expect(Object.keys(EXPECTED_INBOUND).sort()).toEqual(withMessages);
  });

  for (const [name, inbound] of Object.entries(EXPECTED_INBOUND)) {
    it(`${name} → ${JSON.stringify(inbound)}`, () => {
      const message = messageOf(parsed(name));
      expect(message.inbound).toStrictEqual(inbound);
      expect(message.wamid).toMatch(/^wamid\./);
      expect(message.from).toMatch(/^\d+$/);
      expect(message.phoneNumberId).toBe('106540352242922');
      expect(message.timestamp).toBeGreaterThan(1_600_000_000);
    });
  }

  it('keeps the context of replies and the profile name', () => {
    const message = messageOf(parsed('inbound-button-reply'));
    expect(message.contextId).toBe('wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJBM0Y4RUU0RUNFQkFDMjYzQUMA');
    expect(message.profileName).toBe('Pablo Morales');
  });

  it('keeps the click-to-WhatsApp referral', () => {
    expect(messageOf(parsed('inbound-text-ctwa-referral')).referral).toEqual({
      sourceType: 'ad',
      sourceId: '120226305854810726',
      sourceUrl: 'https://fb.me/3cr4Wqqkv',
    });
  });

  it('reads a system message without contacts', () => {
    const message = messageOf(parsed('inbound-system-user-changed-number'));
    expect(message.system).toEqual({ type: 'user_changed_number', newWaId: '12195555358' });
  });

  it('keeps the error code of an unsupported message', () => {
    expect(messageOf(parsed('inbound-unsupported')).errors[0]?.code).toBe(131051);
  });

  it('reports value-level errors', () => {
    expect(parsed('inbound-value-errors')).toEqual([
      { kind: 'error', phoneNumberId: '106540352242922', errors: [expect.objectContaining({ code: 130429 })] },
    ]);
  });

  for (const name of payloadNames('status-')) {
    it(`${name} is a status update`, () => {
      const [event] = parsed(name);
      expect(event?.kind).toBe('status');
      if (event?.kind !== 'status') return;
      expect(event.status.wamid).toMatch(/^wamid\./);
      expect(event.status.recipient).toBe('16505551234');
    });
  }

  it('keeps the error code of a failed status (131047: window closed)', () => {
    const [event] = parsed('status-failed-reengagement-131047');
    expect(event?.kind === 'status' && event.status.status).toBe('failed');
    expect(event?.kind === 'status' && event.status.errors[0]?.code).toBe(131047);
  });
});

describe('parseWebhook on wrong shapes', () => {
  it.each([
    [null, 'body is not a JSON object'],
    [{ object: 'page', entry: [] }, '"object" is not "whatsapp_business_account"'],
    [{ object: 'whatsapp_business_account' }, '"entry" is not an array'],
  ])('%j is not a WhatsApp webhook: %s', (body, error) => {
    expect(parseWebhook(body)).toEqual({ ok: false, error });
  });

  it.each([
    [{ object: 'whatsapp_business_account', entry: [{}] }, 'entry_shape', 'an entry has no "changes" array'],
    [{ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages' }] }] }, 'change_shape', 'a change has no "value" object'],
    [
      { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: [{ type: 'text' }] } }] }] },
      'message_id',
      'a message has no "id"',
    ],
  ])('%j keeps the delivery, marking the item invalid (%s)', (body, reason, detail) => {
    expect(parseWebhook(body)).toEqual({ ok: true, events: [{ kind: 'invalid', reason, detail }] });
  });

  it('keeps the valid messages and statuses next to a malformed one', () => {
    const value = {
      metadata: { phone_number_id: '106540352242922' },
      messages: [
        { from: '919800000001', id: 'wamid.A', timestamp: '1764370000', type: 'text', text: { body: 'hi' } },
        { from: '919800000001', id: 'wamid.B', timestamp: '1764370001', type: 'text' },
        'not an object',
      ],
      statuses: [{ id: 'wamid.S', status: 'read', recipient_id: '919800000001', timestamp: '1764370002' }, { status: 'read' }],
    };
    const result = parseWebhook({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value }] }, 7] });
    expect(result.ok).toBe(true);
    const events = result.ok ? result.events : [];
    expect(events.map((e) => (e.kind === 'invalid' ? `invalid:${e.reason}` : e.kind))).toEqual([
      'message',
      'invalid:message_content',
      'invalid:message_shape',
      'status',
      'invalid:status_shape',
      'invalid:entry_shape',
    ]);
    expect(events.find((e) => e.kind === 'status')).toMatchObject({ status: { wamid: 'wamid.S', phoneNumberId: '106540352242922' } });
  });

  it('reads a reaction: the message reacted to and the emoji', () => {
    expect(messageOf(parsed('inbound-reaction')).reaction).toEqual({
      messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA',
      emoji: '👍',
    });
  });

  it('acknowledges fields the bot does not handle without processing them', () => {
    const body = { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'account_update', value: {} }] }] };
    expect(parseWebhook(body)).toEqual({ ok: true, events: [{ kind: 'ignored', field: 'account_update' }] });
  });
});

/** One message of `type` carrying `content` under `key`, as a webhook delivers it. */
const single = (type: string, key: string, content: unknown): InboundMessage => {
  const value = {
    metadata: { phone_number_id: '106540352242922' },
    messages: [{ from: '919800000001', id: `wamid.${type}`, timestamp: '1764370000', type, [key]: content }],
  };
  return messageOf(parsed_(parseWebhook({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value }] }] })));
};
const parsed_ = (result: ReturnType<typeof parseWebhook>): readonly WebhookEvent[] => (result.ok ? result.events : []);

describe('parseWebhook: media, locations and contacts a citizen sends', () => {
  it('keeps a malformed location as unsupported (stored, never dropped)', () => {
    expect(single('location', 'location', { latitude: 'north', longitude: 75.88 }).inbound).toStrictEqual({ kind: 'unsupported', what: 'location' });
    expect(single('location', 'location', { latitude: 19.84 }).inbound).toStrictEqual({ kind: 'unsupported', what: 'location' });
    expect(single('location', 'location', { latitude: 91, longitude: 75.88 }).inbound).toStrictEqual({ kind: 'unsupported', what: 'location' });
    expect(single('location', 'location', 'Jalna').inbound).toStrictEqual({ kind: 'unsupported', what: 'location' });
  });

  it('reads a location without a name or address, and coordinates sent as numeric strings', () => {
    expect(single('location', 'location', { latitude: 19.8347, longitude: 75.8816 }).inbound).toStrictEqual({ kind: 'location', latitude: 19.8347, longitude: 75.8816 });
    expect(single('location', 'location', { latitude: '19.8347', longitude: '-75.5', name: '' }).inbound).toStrictEqual({ kind: 'location', latitude: 19.8347, longitude: -75.5 });
  });

  it('keeps media without an id or MIME type as unsupported of its type', () => {
    expect(single('image', 'image', { mime_type: 'image/jpeg' }).inbound).toStrictEqual({ kind: 'unsupported', what: 'image' });
    expect(single('document', 'document', { id: '42' }).inbound).toStrictEqual({ kind: 'unsupported', what: 'document' });
    expect(single('video', 'image', { id: '42', mime_type: 'video/mp4' }).inbound).toStrictEqual({ kind: 'unsupported', what: 'video' });
  });

  it('reads a document with its caption and file name', () => {
    expect(single('document', 'document', { id: '77', mime_type: 'application/pdf', filename: 'अर्ज.pdf', caption: 'माझा अर्ज' }).inbound).toStrictEqual({
      kind: 'media',
      mediaType: 'document',
      id: '77',
      mime: 'application/pdf',
      caption: 'माझा अर्ज',
      filename: 'अर्ज.pdf',
    });
  });

  it('reads the first of several contacts: first + last name when there is no formatted name, the first phone', () => {
    const contacts = [
      { name: { first_name: 'Sunita', last_name: 'Jadhav' }, phones: [{ phone: '+91 98765 43210', wa_id: '919876543210' }, { phone: '+91 2482 222222' }] },
      { name: { formatted_name: 'Other' }, phones: [{ phone: '+1 555' }] },
    ];
    expect(single('contacts', 'contacts', contacts).inbound).toStrictEqual({ kind: 'contact', name: 'Sunita Jadhav', phone: '+91 98765 43210' });
    expect(single('contacts', 'contacts', [{ name: { formatted_name: 'Ramesh' } }]).inbound).toStrictEqual({ kind: 'contact', name: 'Ramesh' });
    expect(single('contacts', 'contacts', [{ phones: [{ wa_id: '919800000002' }] }]).inbound).toStrictEqual({ kind: 'contact', name: '919800000002', phone: '919800000002' });
  });

  it('keeps an empty or nameless, phoneless contact card as unsupported', () => {
    expect(single('contacts', 'contacts', []).inbound).toStrictEqual({ kind: 'unsupported', what: 'contacts' });
    expect(single('contacts', 'contacts', [{ org: { company: 'X' } }]).inbound).toStrictEqual({ kind: 'unsupported', what: 'contacts' });
  });
});

describe('the inbound table keeps media, locations and contacts exactly', () => {
  it('stores each parsed message as JSON and reads back the same inbound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samvad-parse-'));
    const db = openDatabase(join(dir, 'inbound.db'));
    try {
      const names = ['inbound-image', 'inbound-document', 'inbound-video', 'inbound-audio', 'inbound-sticker', 'inbound-location', 'inbound-contacts'];
      // One wamid per payload (the saved payloads share some).
      const messages = names.map((name, i) => ({ ...messageOf(parsed(name)), wamid: `wamid.ROUND${i}` }));
      const store = new InboundStore(db, new GroupCommitter(db));
      expect(await store.store(messages, [])).toHaveLength(names.length);
      const back = store.unprocessed().map((s) => s.message);
      expect(back).toStrictEqual(messages);
      expect(back.map((m) => m.inbound?.kind)).toEqual(['media', 'media', 'media', 'media', 'media', 'location', 'contact']);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
