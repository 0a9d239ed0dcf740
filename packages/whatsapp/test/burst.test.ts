/**
 * A burst at the default send rate, end to end: the real `samvad serve` and the fake Graph API as
 * processes. 30 citizens each send "hi", "1", "0", "hi" at once; every inbound message must get
 * all its replies, in order per citizen, and the outbox must end empty — with nothing else
 * happening afterwards to wake the sender up (issue 10, item 1: rows stayed `pending` forever).
 */
import { describe, expect, it } from 'vitest';
import type { Spawned } from './support/processes.js';
import { fakeGraphForFile, serveJalnaMitra } from './support/served-bot.js';
import { storesForFile } from './support/stores.js';
import type { TestStore } from './support/stores.js';
import { deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'burst-app-secret';
const TOKEN = 'burst-access-token';

const fake = fakeGraphForFile('burst', TOKEN);
const stores = storesForFile(fake);

describe.each(stores)('a burst at the default send rate on $name', (store) => {
  // Three bursts in a row (new citizens each time): on the old sender one burst in two or three stranded some rows.
  it('30 citizens × "hi", "1", "0", "hi" at once, three times: every message gets all its replies, in order, outbox empty', async () => {
    await fake.clearSent();
    const server = await serveJalnaMitra(fake, {
      secret: SECRET,
      db: await store.db('burst.db'),
      extra: { WHATSAPP_SEND_RATE: '', ...store.env },
    });
    try {
      for (let round = 0; round < 3; round += 1) await burst(server, store, round);
      // The safety-net poll (every 5 s) would rescue a lost wake-up in time for the checks above; it says so when it does.
      expect(server.output()).not.toContain('"event":"send.stalled"');
    } finally {
      await server.stop();
    }
  }, 90_000);
});

/** One burst of 30 new citizens; returns when every reply went out (or fails after 20 s). */
async function burst(server: Spawned, store: TestStore, round: number): Promise<void> {
  const users = Array.from({ length: 30 }, (_, i) => `9193${round}${String(i).padStart(7, '0')}`);
  await Promise.all(
    users.map(async (from) => {
      for (const text of ['hi', '1', '0', 'hi']) {
        expect((await postWebhook(server.url, deliveryBody([{ from, text }]), SECRET)).status).toBe(200);
      }
    }),
  );
  // Nothing else happens from here on: the sender must finish on its own.
  const done = await waitFor(
    'every reply sent (the outbox drained)',
    async () => {
      const { inbound, outbox } = await store.rows('burst.db');
      if (inbound.length < users.length * 4 * (round + 1)) return undefined;
      const processed = new Set(outbox.map((r) => r.inbound_seq));
      if (inbound.some((m) => !processed.has(m.seq))) return undefined;
      return outbox.every((r) => r.state === 'sent') ? { inbound, outbox } : undefined;
    },
    20_000,
  ).catch(() => store.rows('burst.db'));
  const stuck = done.outbox.filter((r) => r.state !== 'sent');
  expect(stuck.map((r) => `${r.id} ${r.state} attempts=${r.attempts}`), `round ${round + 1}: outbox rows not sent after 20 s`).toEqual([]);

  const sends = await fake.sent();
  for (const user of users) {
    const inbound = done.inbound.filter((m) => m.user === user);
    expect(inbound, user).toHaveLength(4);
    const rows = done.outbox.filter((r) => r.user === user);
    // Every message got at least one reply...
    for (const m of inbound) expect(rows.some((r) => r.inbound_seq === m.seq), `${user} message ${m.seq}`).toBe(true);
    // ...and the Graph API received exactly this citizen's replies, once each, in the order they were made.
    const received = sends.filter((s) => s.body.to === user).map((s) => JSON.stringify(s.body));
    expect(received, user).toEqual(rows.map((r) => JSON.stringify(JSON.parse(r.body))));
  }
}
