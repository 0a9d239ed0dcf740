/**
 * A clean stop (issue 10, smaller items): the real `samvad serve`, stopped with SIGTERM or SIGINT
 * after answering a message, exits 0 and logs nothing at error level (it used to terminate its
 * processing worker, which exited 1 and logged `worker.exited`).
 */
import { describe, expect, it } from 'vitest';
import { fakeGraphForFile, serveJalnaMitra } from './support/served-bot.js';
import { storesForFile } from './support/stores.js';
import { deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'stop-app-secret';
const TOKEN = 'stop-access-token';

const fake = fakeGraphForFile('stop', TOKEN);

const stores = storesForFile(fake);

describe.each(stores)('stopping samvad serve on $name', (store) => {
  const serve = async (db: string) => serveJalnaMitra(fake, { secret: SECRET, db: await store.db(db), extra: store.env });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} after a processed message: exit code 0, no error-level log line`, async () => {
      const server = await serve(`${signal}.db`);
      const res = await postWebhook(server.url, deliveryBody([{ from: '919830000001', text: 'hi' }]), SECRET);
      expect(res.status).toBe(200);
      await waitFor('the message processed and answered', async () => {
        const h = (await (await fetch(`${server.url}/healthz`)).json()) as { queueDepth: number; outboxDepth: number };
        return h.queueDepth === 0 && h.outboxDepth === 0 ? true : undefined;
      });
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill(signal);
      const code = await exited;
      const lines = server.output().split('\n').filter((l) => l.startsWith('{'));
      const errors = lines.filter((l) => (JSON.parse(l) as { level?: string }).level === 'error');
      expect({ code, errors }).toEqual({ code: 0, errors: [] });
      expect(lines.some((l) => l.includes('"event":"server.stopped"'))).toBe(true);
      expect(lines.filter((l) => l.includes('"event":"worker.'))).toEqual([]); // the worker thread ended by itself
    });
  }
});
