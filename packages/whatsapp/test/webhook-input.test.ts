/**
 * Webhook input (issue 10, items 4–6 and the smaller items): a malformed message does not sink
 * the valid ones, another number's messages are ignored, days-old messages update the session but
 * get no reply, reactions are logged, the handshake is hardened, /metrics can require a token.
 * A real server (HTTP on 127.0.0.1, the processing worker) on each store — a real SQLite file, a
 * real PostgreSQL — and the fake Graph API.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '@samvad/whatsapp';
import type { RecordedSend } from '@samvad/whatsapp';
import { SECRET, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { payloadBytes } from './support/payloads.js';
import { PHONE_NUMBER_ID, deliveryBody, newWamid, postWebhook, waitFor } from './support/webhook-bodies.js';

const METRICS_TOKEN = 'metrics-token-0123456789';

let h: Harness;

const sentTo = (user: string): RecordedSend[] => h.fake.sent().filter((s) => s.body.to === user);
const metricsText = async () => (await fetch(`${h.server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
const idle = () =>
  waitFor('an idle server', async () => {
    const s = (await (await fetch(`${h.server.url}/healthz`)).json()) as { queueDepth: number; outboxDepth: number };
    return s.queueDepth === 0 && s.outboxDepth === 0 ? s : undefined;
  });
/** The citizen and wamid of every stored inbound message, from either store. */
const stored = async (): Promise<{ user: string; wamid: string }[]> => {
  if (h.dbUrl !== undefined) {
    const client = new pg.Client({ connectionString: h.dbUrl });
    await client.connect();
    try {
      return (await client.query<{ user: string; wamid: string }>('SELECT citizen AS user, wamid FROM inbound')).rows;
    } finally {
      await client.end();
    }
  }
  const db = new Database(h.config.dbPath, { readonly: true });
  try {
    return db.prepare('SELECT user, wamid FROM inbound').all() as { user: string; wamid: string }[];
  } finally {
    db.close();
  }
};

/** A delivery with the given `messages` objects as Meta would shape them, signed. */
const rawDelivery = (messages: readonly unknown[], phoneNumberId = PHONE_NUMBER_ID) =>
  JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: phoneNumberId }, messages } }] }],
  });

describe.each(['sqlite', 'postgres'] as const)('webhook input on %s', (store) => {
  beforeAll(async () => {
    h = await startHarness({}, { metricsToken: METRICS_TOKEN, replyMaxAgeSeconds: 3600 }, store);
  });
  afterAll(async () => {
    await h.close();
  });

  describe('one malformed message in a delivery (item 4)', () => {
    it('stores and answers the valid message, acknowledges with 200, and counts the malformed one by reason', async () => {
      const user = '919810000001';
      const good = newWamid();
      const body = rawDelivery([
        { from: user, id: newWamid(), timestamp: String(Math.floor(Date.now() / 1000)), type: 'text' }, // no text.body
        { from: user, id: good, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'hi' } },
        { id: newWamid(), type: 'text', text: { body: 'no sender' } }, // no from
      ]);
      const res = await postWebhook(h.server.url, body, SECRET);
      expect([res.status, await res.text()]).toEqual([200, 'EVENT_RECEIVED']);
      await waitFor('the reply to the valid message', () => (sentTo(user).length >= 1 ? true : undefined));
      expect((await stored()).map((m) => m.wamid)).toContain(good);
      const logged = h.logs.filter((l) => l.event === 'webhook.invalid_items');
      expect(logged).toHaveLength(1); // once per delivery
      expect(logged[0]).toMatchObject({ level: 'warn', count: 2, reasons: 'message_content,message_from', stored: 1 });
      const metrics = await metricsText();
      expect(metrics).toMatch(/samvad_webhook_invalid_total\{reason="message_content"\} 1/);
      expect(metrics).toMatch(/samvad_webhook_invalid_total\{reason="message_from"\} 1/);
    });

    it('still answers 400 to a body that is not a WhatsApp webhook at all', async () => {
      const res = await postWebhook(h.server.url, JSON.stringify({ object: 'instagram', entry: [] }), SECRET);
      expect([res.status, await res.text()]).toEqual([400, 'Bad Request: "object" is not "whatsapp_business_account"']);
    });
  });

  describe('messages for another phone number id (item 5)', () => {
    it('ignores, counts and logs them once per delivery, answering only this number’s messages', async () => {
      const other = '919810000002';
      const ours = '919810000003';
      const foreign = deliveryBody([{ from: other, text: 'hi' }, { from: other, text: '1' }], [{ id: newWamid(), status: 'read', recipient_id: other, timestamp: '1' }], '999999999999');
      expect((await postWebhook(h.server.url, foreign, SECRET)).status).toBe(200);
      expect((await postWebhook(h.server.url, deliveryBody([{ from: ours, text: 'hi' }]), SECRET)).status).toBe(200);
      await waitFor('the reply for our number', () => (sentTo(ours).length >= 1 ? true : undefined));
      await idle();
      expect(sentTo(other)).toHaveLength(0);
      expect((await stored()).filter((m) => m.user === other)).toEqual([]);
      const logged = h.logs.filter((l) => l.event === 'webhook.other_number');
      expect(logged).toEqual([expect.objectContaining({ messages: 2, statuses: 1, phoneNumberIds: '999999999999', served: PHONE_NUMBER_ID })]);
      const metrics = await metricsText();
      expect(metrics).toMatch(/samvad_webhook_other_number_total\{kind="message"\} 2/);
      expect(metrics).toMatch(/samvad_webhook_other_number_total\{kind="status"\} 1/);
    });
  });

  describe('old messages (item 6)', () => {
    it('processes a days-old message to keep the session right but sends no reply, counting and logging it', async () => {
      const user = '919810000004';
      const fiveDaysAgo = Math.floor(Date.now() / 1000) - 5 * 86_400;
      // Redelivered after an outage: "hi", then the button that switches to Hindi — both 5 days old.
      await postWebhook(h.server.url, deliveryBody([{ from: user, text: 'hi', timestamp: fiveDaysAgo }]), SECRET);
      await postWebhook(h.server.url, deliveryBody([{ from: user, reply: 'home/to_hi', timestamp: fiveDaysAgo + 5 }]), SECRET);
      await idle();
      expect(sentTo(user)).toHaveLength(0);
      // Now a fresh message ("0": home): answered, in the language the old message chose.
      await postWebhook(h.server.url, deliveryBody([{ from: user, text: '0' }]), SECRET);
      const [reply] = await waitFor('a reply to the fresh message', () => (sentTo(user).length >= 1 ? sentTo(user) : undefined));
      expect(JSON.stringify(reply?.body)).toContain('स्वागत है');
      await idle();
      expect(sentTo(user)).toHaveLength(1);
      const stale = h.logs.filter((l) => l.event === 'process.stale_no_reply' && l.user === '91******0004');
      expect(stale).toHaveLength(2);
      expect(Number(stale[0]?.ageSeconds)).toBeGreaterThanOrEqual(5 * 86_400);
      expect(await metricsText()).toMatch(/samvad_inbound_stale_total 2/);
    });
  });

  describe('reactions (docs/serve.md: stored and logged, no reply)', () => {
    it('logs a reaction once, with the message reacted to and the emoji, and does not answer it', async () => {
      const raw = payloadBytes('inbound-reaction');
      expect((await postWebhook(h.server.url, raw.toString('utf8'), SECRET, signBody(raw, SECRET))).status).toBe(200);
      expect((await postWebhook(h.server.url, raw.toString('utf8'), SECRET, signBody(raw, SECRET))).status).toBe(200);
      await waitFor('the reaction logged', () => h.logs.find((l) => l.event === 'inbound.reaction'));
      await idle();
      expect(h.logs.filter((l) => l.event === 'inbound.reaction')).toEqual([
        expect.objectContaining({ level: 'info', user: '16*****1234', emoji: '👍', reactedTo: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA' }),
      ]);
      expect(sentTo('16505551234')).toHaveLength(0);
    });
  });

  describe('the verification handshake', () => {
    it('answers with nosniff, and refuses to echo a challenge that is not a plain token', async () => {
      const ok = await fetch(`${h.server.url}/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`);
      expect([ok.status, await ok.text(), ok.headers.get('x-content-type-options')]).toEqual([200, '1158201444', 'nosniff']);
      const script = encodeURIComponent('<script>alert(1)</script>');
      const bad = await fetch(`${h.server.url}/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=${script}`);
      expect(bad.status).toBe(400);
      expect(await bad.text()).not.toContain('<script>');
      const wrong = await fetch(`${h.server.url}/webhook?hub.mode=subscribe&hub.verify_token=verify-mf&hub.challenge=1`);
      expect(wrong.status).toBe(403);
    });
  });

  describe('/metrics with SAMVAD_METRICS_TOKEN', () => {
    it('answers 401 without the bearer token or with a wrong one, 200 with it', async () => {
      const none = await fetch(`${h.server.url}/metrics`);
      expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="metrics"']);
      expect(await none.text()).not.toContain('samvad_');
      const wrong = await fetch(`${h.server.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456788' } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${h.server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('samvad_inbound_total');
    });
  });
});
