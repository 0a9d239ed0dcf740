/**
 * `samvad serve` on PostgreSQL (SAMVAD_DB=postgres://…): the real CLI processes, the fake Graph
 * API, and a real PostgreSQL (support/postgres.ts) — the Jalna Mitra walk, dedupe, per-citizen
 * order with two processes on one database, two numbers routed to two bots, a restart resuming
 * what was stored but not processed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebhook } from '@samvad/whatsapp';
import type { InboundMessage } from '@samvad/whatsapp';
import type { RecordedSend } from '@samvad/whatsapp';
import { sendLanguageWalk } from './support/language-walk.js';
import { ROOT, runSamvad, spawnSamvad } from './support/processes.js';
import type { Spawned } from './support/processes.js';
import { queryRows, startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';
import { fakeGraphForFile, serveEnv } from './support/served-bot.js';
import { PHONE_NUMBER_ID, deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'pg-e2e-app-secret';
const TOKEN = 'pg-e2e-access-token';
const FLOW = 'flows/jalna-mitra.flow';

const fake = fakeGraphForFile('pg-serve', TOKEN);

let db: TestPostgres;
beforeAll(async () => {
  db = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await db?.stop();
});

const env = (extra: Record<string, string> = {}) => ({ ...serveEnv(fake, { secret: SECRET, db: 'unused.db' }), SAMVAD_DB: db.url, WHATSAPP_SEND_RATE: '2000', ...extra });
const serve = (extra: Record<string, string> = {}) => spawnSamvad(['serve', FLOW, '--canned', fake.canned, '--no-watch'], env(extra));
const health = async (url: string) => (await (await fetch(`${url}/healthz`)).json()) as { ok: boolean; db: string; store?: string; queueDepth: number; outboxDepth: number; reasons: string[] };
/** Waits until nothing waits to be processed or sent (the error says what was still waiting). */
const idle = async (url: string) => {
  let last: Awaited<ReturnType<typeof health>> | undefined;
  try {
    return await waitFor('an idle cluster', async () => {
      last = await health(url);
      return last.queueDepth === 0 && last.outboxDepth === 0 ? last : undefined;
    }, 45_000);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; last /healthz: ${JSON.stringify(last)}`);
  }
};
const sentTo = async (user: string) => (await fake.sent()).filter((s) => s.body.to === user);
const text = (s: RecordedSend) => JSON.stringify(s.body);
/** The reply's language, by the greeting or menu text Jalna Mitra sends. */
const language = (s: RecordedSend) => (/मध्ये आपले स्वागत आहे/.test(text(s)) ? 'mr' : /में आपका स्वागत है/.test(text(s)) ? 'hi' : /Welcome to \*Jalna Mitra\*/.test(text(s)) ? 'en' : '?');

const query = <T extends object>(sql: string): Promise<T[]> => queryRows<T>(db.url, sql);

/** Writes a deployment file (`--config`) of `bots` in the fake's folder, its secrets named DISTRICT_APP_SECRET and DISTRICT_VERIFY_TOKEN; returns its path. */
function writeDeployment(name: string, bots: readonly object[]): string {
  const config = join(fake.dir, name);
  writeFileSync(config, JSON.stringify({ appSecretEnv: 'DISTRICT_APP_SECRET', verifyTokenEnv: 'DISTRICT_VERIFY_TOKEN', bots }));
  return config;
}

describe('samvad serve on PostgreSQL (real processes)', () => {
  it('walks Jalna Mitra in three languages, refuses a bad signature, answers a duplicate once', async () => {
    await fake.clearSent();
    const server = await serve();
    try {
      const user = '919800000001';
      await sendLanguageWalk(server.url, user, SECRET);
      await idle(server.url);
      expect((await sentTo(user)).map(language)).toEqual(['mr', 'hi', 'en']);
      const h = await health(server.url);
      expect(h).toMatchObject({ ok: true, db: 'ok', store: 'postgres' });
      const rows = await query<{ n: string; processed: string }>(`SELECT count(*) AS n, count(processed_at) AS processed FROM inbound WHERE citizen = '${user}'`);
      expect(rows[0]).toEqual({ n: '3', processed: '3' });
      expect(server.output()).toContain('"event":"webhook.duplicate"');
    } finally {
      await server.stop();
    }
  });

  it('two processes on one database, deliveries alternating between them: each citizen answered once per message, in order', async () => {
    await fake.clearSent();
    const servers = [await serve(), await serve()];
    try {
      const citizens = Array.from({ length: 20 }, (_, i) => `9198100000${String(i).padStart(2, '0')}`);
      const words = ['नमस्कार', '4', '5', '4', '5', '4'];
      await Promise.all(
        citizens.map(async (from, c) => {
          for (const [i, w] of words.entries()) {
            const target = servers[(c + i) % 2] as Spawned;
            expect((await postWebhook(target.url, deliveryBody([{ from, text: w }]), SECRET)).status).toBe(200);
          }
        }),
      );
      await idle(servers[0]?.url ?? '');
      const sends = await fake.sent();
      for (const from of citizens) {
        expect(sends.filter((s) => s.body.to === from).map(language), from).toEqual(['mr', 'hi', 'en', 'hi', 'en', 'hi']);
      }
      const once = await query<{ n: string }>(`SELECT count(*) AS n FROM inbound i WHERE i.citizen LIKE '91981%' AND (SELECT count(*) FROM outbox o WHERE o.inbound_seq = i.seq) <> 1`);
      expect(once[0]?.n).toBe('0');
      // Both processes did part of the work (each acknowledged half of the deliveries and processes what it can).
      for (const server of servers) expect(server.output()).toContain('"event":"server.started"');
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });

  it('routes each number to its own bot (--config deployment.json); another number is ignored and counted', async () => {
    await fake.clearSent();
    const hello = '106540352242999';
    const config = writeDeployment('deployment.json', [
      { name: 'jalna', phoneNumberId: PHONE_NUMBER_ID, flow: join(ROOT, FLOW), accessTokenEnv: 'JALNA_TOKEN', sendRate: 500, data: fake.canned },
      { name: 'hello', phoneNumberId: hello, flow: join(ROOT, 'examples/hello.flow'), accessTokenEnv: 'HELLO_TOKEN', sendRate: 500 },
    ]);
    const vars = { DISTRICT_APP_SECRET: SECRET, DISTRICT_VERIFY_TOKEN: 'district-verify', JALNA_TOKEN: fake.token, HELLO_TOKEN: fake.token, WHATSAPP_APP_SECRET: '', WHATSAPP_ACCESS_TOKEN: '', WHATSAPP_PHONE_NUMBER_ID: '', WHATSAPP_VERIFY_TOKEN: '' };
    const server = await spawnSamvad(['serve', '--config', config, '--no-watch'], env(vars));
    try {
      const citizen = '919820000001';
      // One delivery carrying a message for each number, and one for a number this deployment does not serve.
      const both = JSON.parse(deliveryBody([{ from: citizen, text: 'hi' }])) as { entry: { changes: { value: object }[] }[] };
      const toHello = JSON.parse(deliveryBody([{ from: citizen, text: 'hi' }], [], hello)) as typeof both;
      const toOther = JSON.parse(deliveryBody([{ from: citizen, text: 'hi' }], [], '999999999999')) as typeof both;
      both.entry.push(...toHello.entry, ...toOther.entry);
      expect((await postWebhook(server.url, JSON.stringify(both), SECRET)).status).toBe(200);
      const challenge = await fetch(`${server.url}/webhook?hub.mode=subscribe&hub.verify_token=district-verify&hub.challenge=abc`);
      expect(await challenge.text()).toBe('abc');
      await idle(server.url);
      const sends = await fake.sent();
      const byNumber = (id: string) => sends.filter((s) => s.phoneNumberId === id).map(text);
      expect(byNumber(PHONE_NUMBER_ID)).toEqual([expect.stringContaining('मध्ये आपले स्वागत आहे')]);
      expect(byNumber(hello)).toEqual([expect.stringContaining('नमस्कार 🙏 पर्याय निवडा')]);
      expect(sends).toHaveLength(2);
      // Two conversations for the same citizen, one per number.
      expect(await query<{ number_id: string }>(`SELECT number_id FROM sessions WHERE citizen = '${citizen}' ORDER BY number_id`)).toEqual([
        { number_id: PHONE_NUMBER_ID },
        { number_id: hello },
      ]);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/samvad_webhook_other_number_total\{kind="message"\} 1/);
      expect(metrics).toContain(`samvad_number_inbound_total{number="${hello}",bot="hello"} 1`);
      expect(metrics).toContain(`samvad_number_inbound_total{number="${PHONE_NUMBER_ID}",bot="jalna"} 1`);
      expect(metrics).toContain(`samvad_number_outbox_depth{number="${hello}",bot="hello"} 0`);
      expect(metrics).toContain(`samvad_number_outbound_sent_total{number="${hello}",bot="hello"} 1`);
      expect(metrics).toContain(`samvad_number_outbound_sent_total{number="${PHONE_NUMBER_ID}",bot="jalna"} 1`);
      const h = (await (await fetch(`${server.url}/healthz`)).json()) as { numbers: Record<string, object> };
      expect(h.numbers[hello]).toMatchObject({ bot: 'hello', queueDepth: 0, outboxDepth: 0 });
      expect(h.numbers[PHONE_NUMBER_ID]).toMatchObject({ bot: 'jalna', queueDepth: 0, outboxDepth: 0 });
      expect(server.output()).toContain('"event":"webhook.other_number"');
    } finally {
      await server.stop();
    }
  });

  it('refuses a deployment of two numbers on one SQLite file, saying it needs SAMVAD_DB=postgres://', async () => {
    const config = writeDeployment('two-on-sqlite.json', [
      { name: 'jalna', phoneNumberId: '1001', flow: join(ROOT, FLOW), accessTokenEnv: 'JALNA_TOKEN' },
      { name: 'hello', phoneNumberId: '1002', flow: join(ROOT, 'examples/hello.flow'), accessTokenEnv: 'JALNA_TOKEN' },
    ]);
    const { code, out } = await runSamvad(['serve', '--config', config], { ...env(), SAMVAD_DB: join(fake.dir, 'two.db'), DISTRICT_APP_SECRET: 's', DISTRICT_VERIFY_TOKEN: 'v', JALNA_TOKEN: 't' });
    expect(code).toBe(2);
    expect(out).toContain('has 2 numbers; one SQLite file serves one number — set SAMVAD_DB=postgres://');
  });

  it('a bad SAMVAD_DB URL or an unreachable database stops start-up with the setting named, never the password', async () => {
    const bad = await runSamvad(['serve', FLOW], { ...env(), SAMVAD_DB: 'postgres://samvad:hunter2-secret@127.0.0.1:5432' });
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('SAMVAD_DB names no database');
    expect(bad.out).not.toContain('hunter2-secret');
    const down = await runSamvad(['serve', FLOW], { ...env(), SAMVAD_DB: 'postgres://samvad:hunter2-secret@127.0.0.1:1/samvad' });
    expect(down.code).not.toBe(0);
    expect(down.out).toMatch(/cannot use the database postgres:\/\/samvad:\*\*\*@127\.0\.0\.1:1\/samvad: .*ECONNREFUSED/);
    expect(down.out).not.toContain('hunter2-secret');
  });

  it('a restart processes, in order, the messages stored while no process ran', async () => {
    await fake.clearSent();
    const citizen = '919830000001';
    // Stored by a process that died before processing them: rows in inbound, no processed mark.
    const words = ['नमस्कार', '5', '4'];
    const parsed = parseWebhook(JSON.parse(deliveryBody(words.map((w) => ({ from: citizen, text: w })))));
    if (!parsed.ok) throw new Error(parsed.error);
    const messages = parsed.events.flatMap((e) => (e.kind === 'message' ? [e.message] : [])) as InboundMessage[];
    expect(messages).toHaveLength(3);
    const first = await serve(); // applies the migrations (the database is fresh in a fresh run)
    await first.stop();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      for (const m of messages) {
        await client.query(
          'INSERT INTO inbound (wamid, number_id, citizen, type, message, sent_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [m.wamid, m.phoneNumberId, m.from, m.type, JSON.stringify(m), m.timestamp * 1000, Date.now()],
        );
      }
    } finally {
      await client.end();
    }
    const server = await serve();
    try {
      await idle(server.url);
      expect((await sentTo(citizen)).map(language)).toEqual(['mr', 'en', 'hi']);
      expect(server.output()).toMatch(/"event":"server.started".*"recovered":3/);
    } finally {
      await server.stop();
    }
  });

  it('/healthz answers 503 naming the database when PostgreSQL goes away, and 200 again once it is back', async () => {
    const own = await startTestPostgres();
    const server = await spawnSamvad(['serve', FLOW, '--canned', fake.canned, '--no-watch'], env({ SAMVAD_DB: own.url }));
    try {
      expect(await health(server.url)).toMatchObject({ ok: true, db: 'ok' });
      // Every connection to its database is ended (as a restarting or failing-over server does).
      const admin = new pg.Client({ connectionString: own.url.replace(/\/[^/]*$/, '/postgres') });
      await admin.connect();
      const name = new URL(own.url).pathname.slice(1);
      try {
        await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
        const res = await fetch(`${server.url}/healthz`);
        expect(res.status).toBe(503);
        const body = (await res.json()) as { db: string; reasons: string[] };
        expect(body.db).toBe('error');
        expect(body.reasons.join(' ')).toMatch(/^database: a read failed/);
        expect(JSON.stringify(body)).not.toContain('samvad-test'); // the test server's password
        await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      } finally {
        await admin.end();
      }
      await waitFor('a healthy server again', async () => ((await health(server.url)).ok ? true : undefined), 30_000);
      // And it still answers: the processor listens again.
      expect((await postWebhook(server.url, deliveryBody([{ from: '919840000001', text: 'नमस्कार' }]), SECRET)).status).toBe(200);
      await idle(server.url);
    } finally {
      await server.stop();
      await own.stop();
    }
  });

  it('a message older than SAMVAD_REPLY_MAX_AGE moves the session without a reply; the next one is answered in context', async () => {
    await fake.clearSent();
    const server = await serve();
    try {
      const citizen = '919850000001';
      const old = Math.floor(Date.now() / 1000) - 2 * 86_400;
      // Two days old: "नमस्कार" then "5" (English) — processed, not answered.
      for (const words of ['नमस्कार', '5']) {
        expect((await postWebhook(server.url, deliveryBody([{ from: citizen, text: words, timestamp: old }]), SECRET)).status).toBe(200);
      }
      expect((await postWebhook(server.url, deliveryBody([{ from: citizen, text: '0' }]), SECRET)).status).toBe(200);
      await idle(server.url);
      expect((await sentTo(citizen)).map(language)).toEqual(['en']);
      expect(server.output().match(/"event":"process.stale_no_reply"/g)).toHaveLength(2);
      expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/samvad_inbound_stale_total 2/);
    } finally {
      await server.stop();
    }
  });

  it('--config with one number runs on the SQLite file as well', async () => {
    await fake.clearSent();
    const config = join(fake.dir, 'one.json');
    writeFileSync(
      config,
      JSON.stringify({
        appSecretEnv: 'DISTRICT_APP_SECRET',
        verifyTokenEnv: 'DISTRICT_VERIFY_TOKEN',
        bots: [{ name: 'hello', phoneNumberId: PHONE_NUMBER_ID, flow: join(ROOT, 'examples/hello.flow'), accessTokenEnv: 'HELLO_TOKEN' }],
      }),
    );
    const server = await spawnSamvad(['serve', '--config', config, '--no-watch'], {
      ...env({ SAMVAD_DB: join(fake.dir, 'one.db'), DISTRICT_APP_SECRET: SECRET, DISTRICT_VERIFY_TOKEN: 'v', HELLO_TOKEN: fake.token }),
      WHATSAPP_APP_SECRET: '',
      WHATSAPP_ACCESS_TOKEN: '',
    });
    try {
      expect((await postWebhook(server.url, deliveryBody([{ from: '919860000001', text: 'hi' }]), SECRET)).status).toBe(200);
      await idle(server.url);
      expect((await sentTo('919860000001')).map(text)).toEqual([expect.stringContaining('नमस्कार 🙏 पर्याय निवडा')]);
      expect(((await health(server.url)) as { store?: string }).store).toBeUndefined(); // the SQLite server
    } finally {
      await server.stop();
    }
  });

  it('the same routes as on SQLite: 413 over 3 MB, /metrics behind its token, a malformed item does not sink the delivery', async () => {
    await fake.clearSent();
    const token = 'pg-metrics-token-0123456789';
    const server = await serve({ SAMVAD_METRICS_TOKEN: token });
    try {
      const big = await fetch(`${server.url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(3 * 1024 * 1024 + 10) }).catch(() => undefined);
      expect(big === undefined || big.status === 413).toBe(true); // the server may close the connection before the client reads the 413
      await waitFor('the 413 logged', () => (server.output().includes('"event":"webhook.too_large"') ? true : undefined));
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('samvad_queue_depth');
      const citizen = '919880000001';
      const body = JSON.parse(deliveryBody([{ from: citizen, text: 'नमस्कार' }])) as { entry: { changes: { value: { messages: object[] } }[] }[] };
      body.entry[0]?.changes[0]?.value.messages.unshift({ from: citizen, type: 'text', text: { body: 'no id' } });
      expect((await postWebhook(server.url, JSON.stringify(body), SECRET)).status).toBe(200);
      await idle(server.url);
      expect((await sentTo(citizen)).map(language)).toEqual(['mr']);
      expect(server.output()).toContain('"event":"webhook.invalid_items"');
    } finally {
      await server.stop();
    }
  });
});
