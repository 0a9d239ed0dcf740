/**
 * The sender inside the real `samvad serve`, against the fake Graph API driven over HTTP
 * (`POST /_mode`): the request deadline set by SAMVAD_SEND_TIMEOUT reaches the worker's client,
 * replies are held back (not failed) while the Graph API answers 503, and all go out after.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedSend } from '@samvad/whatsapp';
import { spawnSamvad } from './support/processes.js';
import type { Spawned } from './support/processes.js';
import { PHONE_NUMBER_ID, deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'sender-serve-secret';
const TOKEN = 'sender-serve-token';
let dir: string;
let fake: Spawned;
let fakeBase: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-sender-serve-'));
  writeFileSync(join(dir, 'canned.json'), '{}');
  fake = await spawnSamvad(['fake-graph-api', '--port', '0', '--token', TOKEN]);
  fakeBase = fake.url.replace(/\/v\d+\.\d+$/, '');
});

afterAll(async () => {
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mode = async (body: object) => {
  const res = await fetch(`${fakeBase}/_mode`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
};
const sentTo = async (user: string) =>
  ((await (await fetch(`${fakeBase}/_sent`)).json()) as RecordedSend[]).filter((s) => s.body.to === user);

describe('the sender in samvad serve', () => {
  it('ends a hanging request at SAMVAD_SEND_TIMEOUT, holds replies through a 503 outage, and sends them all after', async () => {
    const server = await spawnSamvad(['serve', 'flows/jalna-mitra.flow', '--canned', join(dir, 'canned.json'), '--no-watch'], {
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: 'verify',
      WHATSAPP_ACCESS_TOKEN: TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_API_BASE_URL: fake.url,
      SAMVAD_SEND_TIMEOUT: '1',
      SAMVAD_SEND_RETRY_CAP: '1',
      SAMVAD_DB: join(dir, 'serve.db'),
      PORT: '0',
      HOST: '127.0.0.1',
    });
    try {
      await mode({ mode: 'hang', count: 1 });
      expect((await postWebhook(server.url, deliveryBody([{ from: '919400000001', text: 'hi' }]), SECRET)).status).toBe(200);
      await waitFor('the reply after the hung request', async () => ((await sentTo('919400000001')).length === 1 ? true : undefined));
      expect(server.output()).toMatch(/"event":"send\.retry".*"error":"network error: no answer within 1000 ms"/);

      await mode({ mode: 'down' });
      const users = ['919400000002', '919400000003', '919400000004'];
      for (const from of users) expect((await postWebhook(server.url, deliveryBody([{ from, text: 'hi' }]), SECRET)).status).toBe(200);
      // Retried every second at most (the cap): well past 8 attempts, and nothing given up.
      await waitFor('eight failed attempts per reply', async () => {
        const failures = (await (await fetch(`${fakeBase}/_failures`)).json()) as Record<string, number>;
        return (failures['2'] ?? 0) >= 8 * users.length ? true : undefined;
      }, 30_000);
      expect(server.output()).not.toContain('"event":"send.failed"');
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { outboxDepth: number };
      expect(health.outboxDepth).toBe(users.length);
      await mode({ mode: 'up' });
      for (const user of users) await waitFor(`${user}'s reply`, async () => ((await sentTo(user)).length === 1 ? true : undefined));
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('the fake refuses a mode it does not know, naming the modes', async () => {
    const res = await fetch(`${fakeBase}/_mode`, { method: 'POST', body: JSON.stringify({ mode: 'sideways' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('modes: up, down, hang, reset');
  });
});
