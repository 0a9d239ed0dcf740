import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '@samvad/whatsapp';
import type { RecordedSend } from '@samvad/whatsapp';
import { testGraph } from './support/graph.js';
import { SECRET, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { payloadBytes } from './support/payloads.js';
import { deliveryBody, newWamid, postWebhook, waitFor } from './support/webhook-bodies.js';

// One server (and its processing worker) for the whole file: tests use distinct citizens.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
const clearFake = () => fetch(`${h.fake.url.replace('/v23.0', '')}/_sent`, { method: 'DELETE' });

const sentTo = (user: string): RecordedSend[] => h.fake.sent().filter((s) => s.body.to === user);
const waitForSends = (user: string, n: number) => waitFor(`${n} sends to ${user}`, () => (sentTo(user).length >= n ? sentTo(user) : undefined));
const healthz = async () => (await (await fetch(`${h.server.url}/healthz`)).json()) as { ok: boolean; queueDepth: number; outboxDepth: number };
const idle = () => waitFor('an idle server', async () => { const s = await healthz(); return s.queueDepth === 0 && s.outboxDepth === 0 ? s : undefined; });
const bodyText = (s: RecordedSend | undefined): string => JSON.stringify(s?.body ?? null);

describe('webhook endpoint', () => {
  it('answers the verification handshake', async () => {
    const ok = await fetch(`${h.server.url}/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    const bad = await fetch(`${h.server.url}/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it('replies to a signed message with the welcome menu (4 options: a list)', async () => {
    const res = await postWebhook(h.server.url, deliveryBody([{ from: '919800000001', text: 'नमस्कार' }]), SECRET);
    expect(res.status).toBe(200);
    const [send] = await waitForSends('919800000001', 1);
    expect(send?.body).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: 'स्वागत' }, action: { button: 'पर्याय पहा' } } });
  });

  it('refuses a missing or wrong signature with 401 and processes nothing', async () => {
    const body = deliveryBody([{ from: '919800000002', text: 'hi' }]);
    const badBefore = h.logs.filter((l) => l.event === 'webhook.bad_signature').length;
    expect((await postWebhook(h.server.url, body, SECRET, null)).status).toBe(401);
    expect((await postWebhook(h.server.url, body, SECRET, signBody(body, 'not-the-secret'))).status).toBe(401);
    expect((await postWebhook(h.server.url, body, SECRET, signBody(body + ' ', SECRET))).status).toBe(401);
    // A valid message afterwards is the first and only thing this citizen gets an answer to.
    await postWebhook(h.server.url, deliveryBody([{ from: '919800000002', text: '1' }]), SECRET);
    await waitForSends('919800000002', 1);
    await idle();
    expect(sentTo('919800000002')).toHaveLength(1);
    expect(h.logs.filter((l) => l.event === 'webhook.bad_signature').length - badBefore).toBe(3);
  });

  it('stores a duplicate delivery once and answers it once', async () => {
    const body = deliveryBody([{ from: '919800000003', text: 'hi', id: newWamid() }]);
    const statuses = await Promise.all([1, 2, 3].map(() => postWebhook(h.server.url, body, SECRET)));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitForSends('919800000003', 1);
    await idle();
    expect(sentTo('919800000003')).toHaveLength(1);
  });

  it('rejects bodies over 3 MB with 413, malformed JSON and wrong shapes with 400', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024 + 1);
    expect((await postWebhook(h.server.url, huge, SECRET)).status).toBe(413);
    expect((await postWebhook(h.server.url, '{"object":', SECRET)).status).toBe(400);
    const wrong = await postWebhook(h.server.url, JSON.stringify({ object: 'page', entry: [] }), SECRET);
    expect([wrong.status, await wrong.text()]).toEqual([400, 'Bad Request: "object" is not "whatsapp_business_account"']);
  });

  it('understands every saved inbound payload (signed as Meta would)', async () => {
    for (const name of ['inbound-text', 'inbound-image', 'inbound-list-reply', 'inbound-reaction', 'inbound-system-user-changed-number', 'inbound-unsupported', 'inbound-value-errors', 'status-read']) {
      const raw = payloadBytes(name);
      const res = await postWebhook(h.server.url, raw.toString('utf8'), SECRET, signBody(raw, SECRET));
      expect(res.status, name).toBe(200);
    }
    await idle();
  });

  it('answers media politely in the citizen’s language, keeping their place', async () => {
    const user = '919800000004';
    await postWebhook(h.server.url, deliveryBody([{ from: user, text: 'hi' }]), SECRET);
    await waitForSends(user, 1);
    await postWebhook(h.server.url, deliveryBody([{ from: user, reply: 'home/to_hi' }]), SECRET);
    await waitForSends(user, 2);
    await postWebhook(h.server.url, deliveryBody([{ from: user, media: 'sticker' }]), SECRET);
    const sends = await waitForSends(user, 4);
    expect(bodyText(sends[1])).toContain('स्वागत है');
    expect(sends[2]?.body).toMatchObject({ type: 'text' });
    expect(bodyText(sends[2])).not.toBe(bodyText(sends[0]));
    expect(bodyText(sends[3])).toContain('स्वागत है');
  });

  it('records statuses, logging a failed one with its code (131047: window closed)', async () => {
    const raw = payloadBytes('status-failed-reengagement-131047');
    expect((await postWebhook(h.server.url, raw.toString('utf8'), SECRET, signBody(raw, SECRET))).status).toBe(200);
    await postWebhook(h.server.url, payloadBytes('status-sent').toString('utf8'), SECRET, signBody(payloadBytes('status-sent'), SECRET));
    const db = new Database(h.config.dbPath, { readonly: true });
    const rows = await waitFor('two statuses', () => {
      const r = db.prepare("SELECT status, error_code FROM statuses WHERE status IN ('failed', 'sent') ORDER BY status").all();
      return r.length === 2 ? r : undefined;
    });
    db.close();
    expect(rows).toEqual([{ status: 'failed', error_code: 131047 }, { status: 'sent', error_code: null }]);
    expect(h.logs).toContainEqual(expect.objectContaining({ event: 'status.window_closed', code: 131047, recipient: '16*****1234' }));
  });
});

describe('sending', () => {
  it('retries 429 (130429) with backoff and delivers once', async () => {
    await clearFake();
    await fetch(`${h.fake.url.replace('/v23.0', '')}/_inject`, { method: 'POST', body: JSON.stringify({ status: 429, code: 130429, count: 2 }) });
    await postWebhook(h.server.url, deliveryBody([{ from: '919800000005', text: 'hi' }]), SECRET);
    await waitForSends('919800000005', 1);
    await idle();
    expect(sentTo('919800000005')).toHaveLength(1);
    expect(h.fake.failures()).toEqual({ '130429': 2 });
  });

  it('does not retry 131047 and records the window as closed', async () => {
    await clearFake();
    await fetch(`${h.fake.url.replace('/v23.0', '')}/_inject`, { method: 'POST', body: JSON.stringify({ status: 400, code: 131047, count: 1 }) });
    await postWebhook(h.server.url, deliveryBody([{ from: '919800000006', text: 'hi' }]), SECRET);
    await idle();
    expect(sentTo('919800000006')).toHaveLength(0);
    expect(h.fake.failures()).toEqual({ '131047': 1 });
    const db = new Database(h.config.dbPath, { readonly: true });
    expect(db.prepare(`SELECT state, error_code FROM outbox WHERE user = '919800000006'`).all()).toEqual([{ state: 'window_closed', error_code: 131047 }]);
    db.close();
  });

  it('keeps each citizen’s replies in order while citizens run in parallel', async () => {
    const users = ['919811111111', '919822222222', '919833333333'];
    const script = ['hi', '1', '0', '1', '0'];
    for (const text of script) {
      await Promise.all(users.map((from) => postWebhook(h.server.url, deliveryBody([{ from, text }]), SECRET)));
    }
    await idle();
    const kinds = users.map((u) => sentTo(u).map((s) => (s.body.interactive as { type: string } | undefined)?.type ?? s.body.type));
    // welcome menu (list); info page (cta) + what-next menu (buttons); home; info page + what-next; home
    expect(kinds[0]).toEqual(['list', 'cta_url', 'button', 'list', 'cta_url', 'button', 'list']);
    expect(kinds[1]).toEqual(kinds[0]);
    expect(kinds[2]).toEqual(kinds[0]);
  });
});

describe('operations', () => {
  it('reports health and Prometheus metrics', async () => {
    await postWebhook(h.server.url, deliveryBody([{ from: '919800000007', text: 'hi' }]), SECRET);
    await waitForSends('919800000007', 1);
    await idle();
    expect(await healthz()).toMatchObject({ ok: true, db: 'ok', queueDepth: 0, outboxDepth: 0 });
    const metrics = await (await fetch(`${h.server.url}/metrics`)).text();
    expect(metrics).toMatch(/samvad_inbound_total\{type="text"\} [1-9]\d*/);
    expect(metrics).toMatch(/samvad_inbound_total\{type="sticker"\} 1/);
    expect(metrics).toMatch(/samvad_outbound_sent_total [1-9]\d*/);
    expect(metrics).toMatch(/samvad_outbound_failures_total\{code="131047"\} 1/);
    expect(metrics).toMatch(/samvad_step_seconds_count [1-9]\d*/);
    expect(metrics).toContain('samvad_outbox_depth 0');
    expect(metrics).toContain('samvad_queue_depth 0');
  });

  it('masks phone numbers in logs', async () => {
    await fetch(`${h.fake.url.replace('/v23.0', '')}/_inject`, { method: 'POST', body: JSON.stringify({ status: 400, code: 100, count: 1 }) });
    await postWebhook(h.server.url, deliveryBody([{ from: '919876504321', text: 'hi' }]), SECRET);
    await waitFor('a send failure log', () => h.logs.find((l) => l.event === 'send.failed'));
    const text = JSON.stringify(h.logs);
    expect(text).not.toContain('919876504321');
    expect(h.logs).toContainEqual(expect.objectContaining({ event: 'send.failed', user: '91******4321', code: 100 }));
  });
});

describe('data sources', () => {
  it('runs the host’s data source for the processing worker and shows its rows', async () => {
    let calls = 0;
    await h.restart({
      providers: {
        gr: async () => {
          calls += 1;
          return [{ id: 'gr1', fields: { title: 'GR on crop insurance' } }, { id: 'gr2', fields: { title: 'GR on scholarships' } }];
        },
      },
    });
    const user = '919800000011';
    await postWebhook(h.server.url, deliveryBody([{ from: user, text: 'hi' }]), SECRET);
    await waitForSends(user, 1);
    await postWebhook(h.server.url, deliveryBody([{ from: user, text: '4' }]), SECRET);
    const sends = await waitForSends(user, 2);
    expect(calls).toBe(1);
    expect(bodyText(sends[1])).toContain('GR on crop insurance');
    expect(bodyText(sends[1])).toContain('GR on scholarships');
  });
});

describe('recovery', () => {
  it('processes stored-but-unprocessed messages and sends unsent replies after a restart, once', async () => {
    await h.server.close();
    const db = new Database(h.config.dbPath);
    const message = (from: string) => JSON.stringify({ wamid: newWamid(), from, phoneNumberId: '1', timestamp: Math.floor(Date.now() / 1000), type: 'text', inbound: { kind: 'text', text: 'hi' }, errors: [] });
    const insert = db.prepare('INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, ?, ?, ?, 0)');
    for (const from of ['919844444444', '919855555555']) insert.run(newWamid(), from, 'text', message(from));
    const seq = db.prepare(`INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, '919866666666', 'text', '{}', 0)`).run(newWamid()).lastInsertRowid;
    db.prepare('INSERT INTO processed (seq, processed_at) VALUES (?, 1)').run(seq);
    const body = JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '919866666666', type: 'text', text: { body: 'left over' } });
    db.prepare(`INSERT INTO outbox (user, inbound_seq, body, state, attempts, created_at) VALUES ('919866666666', ?, ?, 'sending', 1, 0)`).run(seq, body);
    db.close();
    await h.restart();
    await idle();
    expect(sentTo('919844444444')).toHaveLength(1);
    expect(sentTo('919855555555')).toHaveLength(1);
    expect(sentTo('919866666666').map((s) => s.body.text)).toEqual([{ body: 'left over' }]);
    await h.restart();
    await idle();
    const recoveredUsers = ['919844444444', '919855555555', '919866666666'];
    expect(h.fake.sent().filter((s) => recoveredUsers.includes(String(s.body.to)))).toHaveLength(3);
  });
});

describe('graph reload', () => {
  it('reloads when the watched file changes, and refuses a broken file', async () => {
    const { writeFileSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const file = join(h.dir, 'graph.json');
    writeFileSync(file, JSON.stringify(testGraph()));
    await h.restart({
      watchFile: file,
      reloadGraph: async () => {
        const { loadGraph } = await import('@samvad/runtime');
        const result = loadGraph(readFileSync(file, 'utf8'));
        return result.ok ? result : { ok: false, message: result.errors.join('; ') };
      },
    });
    writeFileSync(file, '{"format": 1, "broken": true');
    await waitFor('a refused reload', () => h.logs.find((l) => l.event === 'graph.reload_refused'));
    writeFileSync(file, JSON.stringify(testGraph(`sha256:${'3'.repeat(64)}`, { mr: 'बदल', hi: 'बदलाव', en: 'Changed' })));
    await waitFor('a reload', () => h.logs.find((l) => l.event === 'graph.reloaded'));
    await postWebhook(h.server.url, deliveryBody([{ from: '919800000010', text: 'hi' }]), SECRET);
    expect(bodyText((await waitForSends('919800000010', 1))[0])).toContain('बदल');
  });

  it('serves a new valid graph and refuses an invalid one, keeping the old', async () => {
    await h.restart({
      reloadGraph: async () => (process.env.TEST_RELOAD_OK === '1' ? { ok: true, graph: testGraph(`sha256:${'2'.repeat(64)}`, { mr: 'नवीन', hi: 'नया', en: 'New' }) } : { ok: false, message: 'FLOW2001 unknown target' }),
    });
    process.env.TEST_RELOAD_OK = '0';
    expect(await h.server.reload('test')).toBe(false);
    expect(h.logs).toContainEqual(expect.objectContaining({ event: 'graph.reload_refused', error: 'FLOW2001 unknown target' }));
    await postWebhook(h.server.url, deliveryBody([{ from: '919800000008', text: 'hi' }]), SECRET);
    expect(bodyText((await waitForSends('919800000008', 1))[0])).toContain('स्वागत');
    process.env.TEST_RELOAD_OK = '1';
    expect(await h.server.reload('test')).toBe(true);
    await postWebhook(h.server.url, deliveryBody([{ from: '919800000009', text: 'hi' }]), SECRET);
    expect(bodyText((await waitForSends('919800000009', 1))[0])).toContain('नवीन');
    delete process.env.TEST_RELOAD_OK;
  });
});
