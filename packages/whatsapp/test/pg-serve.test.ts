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
import { signBody } from '@samvad/whatsapp';
import type { RecordedSend } from '@samvad/whatsapp';
import { ROOT, runSamvad, spawnSamvad } from './support/processes.js';
import type { Spawned } from './support/processes.js';
import { startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';
import { fakeGraphForFile, serveEnv } from './support/served-bot.js';
import { PHONE_NUMBER_ID, deliveryBody, newWamid, postWebhook, waitFor } from './support/webhook-bodies.js';

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
const idle = (url: string) => waitFor('an idle cluster', async () => {
  const h = await health(url);
  return h.queueDepth === 0 && h.outboxDepth === 0 ? h : undefined;
}, 60_000);
const sentTo = async (user: string) => (await fake.sent()).filter((s) => s.body.to === user);
const text = (s: RecordedSend) => JSON.stringify(s.body);
/** The reply's language, by the greeting or menu text Jalna Mitra sends. */
const language = (s: RecordedSend) => (/मध्ये आपले स्वागत आहे/.test(text(s)) ? 'mr' : /में आपका स्वागत है/.test(text(s)) ? 'hi' : /Welcome to \*Jalna Mitra\*/.test(text(s)) ? 'en' : '?');

async function query<T extends object>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('samvad serve on PostgreSQL (real processes)', () => {
  it('walks Jalna Mitra in three languages, refuses a bad signature, answers a duplicate once', async () => {
    await fake.clearSent();
    const server = await serve();
    try {
      const user = '919800000001';
      const say = async (words: string, id = newWamid()) => expect((await postWebhook(server.url, deliveryBody([{ from: user, text: words, id }]), SECRET)).status).toBe(200);
      const bad = deliveryBody([{ from: user, text: 'hi' }]);
      expect((await postWebhook(server.url, bad, SECRET, signBody(bad, 'wrong'))).status).toBe(401);
      await say('नमस्कार');
      const duplicate = newWamid();
      await say('4', duplicate);
      await say('4', duplicate);
      await say('5');
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
});
