/**
 * End to end: the real `samvad serve flows/jalna-mitra.flow` and `samvad fake-graph-api` as
 * separate processes, signed webhooks over HTTP, a kill -9 in the middle of a load.
 */
import { describe, expect, it } from 'vitest';
import type { RecordedSend } from '@samvad/whatsapp';
import { runSamvad } from './support/processes.js';
import { sendLanguageWalk } from './support/language-walk.js';
import { fakeGraphForFile, serveJalnaMitra } from './support/served-bot.js';
import { storesForFile } from './support/stores.js';
import { deliveryBody, newWamid, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'e2e-app-secret';
const TOKEN = 'e2e-access-token';
const FLOW = 'flows/jalna-mitra.flow';

const fake = fakeGraphForFile('e2e', TOKEN);

const stores = storesForFile(fake);
const sent = () => fake.sent();
const byUser = (sends: readonly RecordedSend[]) => {
  const map = new Map<string, RecordedSend[]>();
  for (const s of sends) map.set(String(s.body.to), [...(map.get(String(s.body.to)) ?? []), s]);
  return map;
};
const inject = (failure: object) => fake.control('/_inject', failure);
const idle = (url: string) =>
  waitFor('an idle server', async () => {
    const h = (await (await fetch(`${url}/healthz`)).json()) as { queueDepth: number; outboxDepth: number };
    return h.queueDepth === 0 && h.outboxDepth === 0 ? h : undefined;
  }, 60_000);
/** Home (a list: its options have descriptions) or the GR menu (two short options: buttons). */
const kind = (s: RecordedSend) => (s.body.interactive as { type?: string } | undefined)?.type ?? String(s.body.type);

describe('samvad serve (real processes)', () => {
  it('refuses to start without its configuration, naming what is missing (exit 2)', async () => {
    const { code, out } = await runSamvad(['serve', FLOW], { WHATSAPP_APP_SECRET: '', WHATSAPP_ACCESS_TOKEN: '' });
    expect(code).toBe(2);
    expect(out).toContain('WHATSAPP_APP_SECRET is not set');
    expect(out).toContain('WHATSAPP_ACCESS_TOKEN is not set');
  });
});

describe.each(stores)('samvad serve on $name (real processes)', (store) => {
  const serve = async (db: string) => serveJalnaMitra(fake, { secret: SECRET, db: await store.db(db), extra: { WHATSAPP_SEND_RATE: '2000', ...store.env } });

  it('answers in Marathi, Hindi and English; refuses bad signatures; answers a duplicate once', async () => {
    await fake.clearSent();
    const server = await serve('languages.db');
    try {
      const user = '919700000001';
      await sendLanguageWalk(server.url, user, SECRET);
      await idle(server.url);
      const texts = (await sent()).filter((s) => s.body.to === user).map((s) => JSON.stringify(s.body));
      expect(texts).toHaveLength(3);
      expect(texts[0]).toContain('मध्ये आपले स्वागत आहे');
      expect(texts[1]).toContain('में आपका स्वागत है');
      expect(texts[2]).toContain('Welcome to *Jalna Mitra*');
      server.child.kill('SIGHUP');
      await waitFor('a reload on SIGHUP', () => (server.output().includes('"event":"graph.reloaded","reason":"SIGHUP"') ? true : undefined));
    } finally {
      await server.stop();
    }
  });

  it('retries 429s until delivered and does not retry 131047', async () => {
    await fake.clearSent();
    const server = await serve('failures.db');
    try {
      await inject({ status: 429, code: 130429, count: 3 });
      await postWebhook(server.url, deliveryBody([{ from: '919700000002', text: 'hi' }]), SECRET);
      await idle(server.url);
      expect((await sent()).filter((s) => s.body.to === '919700000002')).toHaveLength(1);
      await inject({ status: 400, code: 131047, count: 1 });
      await postWebhook(server.url, deliveryBody([{ from: '919700000003', text: 'hi' }]), SECRET);
      await idle(server.url);
      expect((await sent()).filter((s) => s.body.to === '919700000003')).toHaveLength(0);
      const failures = await fake.failures();
      expect(failures).toEqual({ '130429': 3, '131047': 1 });
      expect(server.output()).toContain('"event":"send.window_closed"');
    } finally {
      await server.stop();
    }
  });

  it('50 citizens × 20 messages at once: every reply, in order, none lost or doubled', async () => {
    await fake.clearSent();
    const server = await serve('load.db');
    try {
      const users = Array.from({ length: 50 }, (_, i) => `9196${String(i).padStart(8, '0')}`);
      // Each citizen alternates "0" (home: a list) and "2" (GR menu: buttons), one message after another.
      await Promise.all(
        users.map(async (from) => {
          for (let i = 0; i < 20; i += 1) {
            const res = await postWebhook(server.url, deliveryBody([{ from, text: i % 2 === 0 ? '0' : '2' }]), SECRET);
            expect(res.status).toBe(200);
          }
        }),
      );
      await idle(server.url);
      const replies = byUser(await sent());
      const expected = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'list' : 'button'));
      for (const user of users) expect((replies.get(user) ?? []).map(kind), user).toEqual(expected);
    } finally {
      await server.stop();
    }
  });

  it('kill -9 in the middle of a load, restart: every message answered exactly once', async () => {
    await fake.clearSent();
    // Sends fail (and are retried) while the first server runs, so replies are queued in the outbox when it dies.
    await inject({ status: 503, code: 2, count: 1_000_000 });
    let server = await serve('crash.db');
    const users = Array.from({ length: 20 }, (_, i) => `9195${String(i).padStart(8, '0')}`);
    const messages = new Map(users.map((u) => [u, Array.from({ length: 10 }, (_, i) => ({ id: newWamid(), text: i % 2 === 0 ? '0' : '2' }))]));
    const acked = new Map(users.map((u) => [u, 0]));
    let total = 0;
    const load = Promise.all(
      users.map(async (from) => {
        for (const m of messages.get(from) ?? []) {
          const res = await postWebhook(server.url, deliveryBody([{ from, ...m }]), SECRET).catch(() => undefined);
          if (res?.status !== 200) return;
          acked.set(from, (acked.get(from) ?? 0) + 1);
          total += 1;
        }
      }),
    );
    await waitFor('half of the messages acknowledged', () => (total >= 100 ? total : undefined));
    await server.kill9();
    await load;
    expect(total).toBeLessThan(200);
    await fake.clearSent();
    server = await serve('crash.db');
    try {
      // Meta redelivers what was not acknowledged (and, to be safe, we redeliver the last acknowledged one too).
      await Promise.all(
        users.map(async (from) => {
          const list = messages.get(from) ?? [];
          for (const m of list.slice(Math.max(0, (acked.get(from) ?? 0) - 1))) {
            expect((await postWebhook(server.url, deliveryBody([{ from, ...m }]), SECRET)).status).toBe(200);
          }
        }),
      );
      await idle(server.url);
      const replies = byUser(await sent());
      const expected = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 'list' : 'button'));
      for (const user of users) expect((replies.get(user) ?? []).map(kind), user).toEqual(expected);
      expect(server.output()).toMatch(/"event":"server.started".*"recovered":\d+/);
    } finally {
      await server.stop();
    }
  });
});
