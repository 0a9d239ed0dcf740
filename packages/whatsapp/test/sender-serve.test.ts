/**
 * The sender inside the real `samvad serve`, against the fake Graph API driven over HTTP
 * (`POST /_mode`): the request deadline set by SAMVAD_SEND_TIMEOUT reaches the worker's client,
 * replies are held back (not failed) while the Graph API answers 503, and all go out after.
 */
import { describe, expect, it } from 'vitest';
import { fakeGraphForFile, serveJalnaMitra } from './support/served-bot.js';
import { storesForFile } from './support/stores.js';
import { deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'sender-serve-secret';
const TOKEN = 'sender-serve-token';
const fake = fakeGraphForFile('sender-serve', TOKEN);

const mode = async (body: object) => {
  const res = await fake.control('/_mode', body);
  expect(res.status).toBe(200);
};

const stores = storesForFile(fake);

describe.each(stores)('the sender in samvad serve on $name', (store) => {
  it('ends a hanging request at SAMVAD_SEND_TIMEOUT, holds replies through a 503 outage, and sends them all after', async () => {
    await fake.clearSent();
    await fake.control('/_mode', { mode: 'up' });
    const server = await serveJalnaMitra(fake, {
      secret: SECRET,
      db: await store.db('serve.db'),
      extra: { SAMVAD_SEND_TIMEOUT: '1', SAMVAD_SEND_RETRY_CAP: '1', ...store.env },
    });
    try {
      await mode({ mode: 'hang', count: 1 });
      expect((await postWebhook(server.url, deliveryBody([{ from: '919400000001', text: 'hi' }]), SECRET)).status).toBe(200);
      await waitFor('the reply after the hung request', async () => ((await fake.sentTo('919400000001')).length === 1 ? true : undefined));
      expect(server.output()).toMatch(/"event":"send\.retry".*"error":"network error: no answer within 1000 ms"/);

      const failedBefore = (await fake.failures())['2'] ?? 0;
      await mode({ mode: 'down' });
      const users = ['919400000002', '919400000003', '919400000004'];
      for (const from of users) expect((await postWebhook(server.url, deliveryBody([{ from, text: 'hi' }]), SECRET)).status).toBe(200);
      // Retried every second at most (the cap): well past 8 attempts, and nothing given up.
      await waitFor('eight failed attempts per reply', async () => {
        const failures = await fake.failures();
        return (failures['2'] ?? 0) - failedBefore >= 8 * users.length ? true : undefined;
      }, 30_000);
      expect(server.output()).not.toContain('"event":"send.failed"');
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { outboxDepth: number };
      expect(health.outboxDepth).toBe(users.length);
      await mode({ mode: 'up' });
      for (const user of users) await waitFor(`${user}'s reply`, async () => ((await fake.sentTo(user)).length === 1 ? true : undefined));
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('the fake Graph API', () => {
  it('refuses a mode it does not know, naming the modes', async () => {
    const res = await fake.control('/_mode', { mode: 'sideways' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('modes: up, down, hang, reset');
  });
});
