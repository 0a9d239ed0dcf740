/**
 * A clean stop (issue 10, smaller items): the real `samvad serve`, stopped with SIGTERM or SIGINT
 * after answering a message, exits 0 and logs nothing at error level (it used to terminate its
 * processing worker, which exited 1 and logged `worker.exited`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSamvad } from './support/processes.js';
import type { Spawned } from './support/processes.js';
import { PHONE_NUMBER_ID, deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'stop-app-secret';
const TOKEN = 'stop-access-token';

let dir: string;
let fake: Spawned;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-stop-'));
  writeFileSync(join(dir, 'canned.json'), '{}');
  fake = await spawnSamvad(['fake-graph-api', '--port', '0', '--token', TOKEN]);
});
afterAll(async () => {
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const serve = (db: string) =>
  spawnSamvad(['serve', 'flows/jalna-mitra.flow', '--canned', join(dir, 'canned.json'), '--no-watch'], {
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_VERIFY_TOKEN: 'verify',
    WHATSAPP_ACCESS_TOKEN: TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_API_BASE_URL: fake.url,
    SAMVAD_DB: join(dir, db),
    PORT: '0',
    HOST: '127.0.0.1',
  });

describe('stopping samvad serve', () => {
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
