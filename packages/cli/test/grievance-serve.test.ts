/**
 * examples/grievance.flow end to end, with the photo and the place: the real `samvad serve` (SQLite),
 * the fake Graph API and the reference receiver (examples/grievance-receiver) on 127.0.0.1, which
 * checks every signature and answers 500 to the first two attempts. A citizen's webhook messages —
 * text, a photo, a location — become one signed submission carrying the photo's media id and the
 * place, and the reference it answers reaches the citizen once; every body sent validates against
 * Meta's schemas.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { RecordedSend } from '@samvad/whatsapp';
import { outboundValidator } from '../../whatsapp/test/support/openapi.js';
import type { Spawned } from '../../whatsapp/test/support/processes.js';
import { fakeGraphForFile, serveAgainst } from '../../whatsapp/test/support/served-bot.js';
import { PHONE_NUMBER_ID, newWamid, postWebhook, waitFor } from '../../whatsapp/test/support/webhook-bodies.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const APP_SECRET = 'grievance-app-secret';
const TOKEN = 'grievance-access-token';
const GRIEVANCE_SECRET = 'grievance-receiver-secret-42';
const CITIZEN = '919820001001';
const PHOTO_ID = '1003383421387256';

const fake = fakeGraphForFile('grievance', TOKEN);
let receiver: { child: ChildProcess; url: string; output: () => string };
beforeAll(async () => {
  receiver = await startReceiver({ FAIL_FIRST: '2' });
}, 30_000);
afterAll(() => {
  receiver?.child.kill('SIGTERM');
});

/** The reference receiver on a free port of 127.0.0.1. */
function startReceiver(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['examples/grievance-receiver/receiver.mjs'], {
    cwd: ROOT,
    env: { ...process.env, GRIEVANCE_SECRET, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((done, fail) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) done({ child, url: match[1], output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`the receiver exited with ${code}:\n${out}`)));
  });
}

/** One webhook delivery of a single message from the citizen, as Meta sends it. */
function delivery(message: Record<string, unknown>): string {
  const value = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
    contacts: [{ profile: { name: 'Test' }, wa_id: CITIZEN }],
    messages: [{ from: CITIZEN, id: newWamid(), timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
  };
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '419561257915477', changes: [{ value, field: 'messages' }] }] });
}

const text = (body: string) => ({ type: 'text', text: { body } });
const photo = { type: 'image', image: { id: PHOTO_ID, mime_type: 'image/jpeg', sha256: 'abc', caption: 'the broken pipe' } };
const place = { type: 'location', location: { latitude: 19.8347, longitude: 75.8816, name: 'Jalna', address: 'Station Road, Jalna' } };

async function send(server: Spawned, message: Record<string, unknown>): Promise<void> {
  const response = await postWebhook(server.url, delivery(message), APP_SECRET);
  expect(response.status).toBe(200);
}

const sentToCitizen = async (): Promise<RecordedSend[]> => fake.sentTo(CITIZEN);

/** Waits until `count` messages have gone to the citizen (the bot has answered the last message). */
const answered = (count: number) =>
  waitFor(`${count} messages to the citizen`, async () => {
    const all = await sentToCitizen();
    return all.length >= count ? all : undefined;
  }, 30_000);

describe('examples/grievance.flow in samvad serve (real processes)', () => {
  it('a grievance with a photo and a place: one signed submission after two 500s, its reference sent once', async () => {
    const server = await serveAgainst(fake, ['examples/grievance.flow', '--no-watch'], {
      secret: APP_SECRET,
      db: 'grievance.db',
      extra: { WHATSAPP_SEND_RATE: '2000', GRIEVANCE_URL: `${receiver.url}/grievances`, GRIEVANCE_SECRET, SAMVAD_CALL_BACKOFF_MS: '50' },
    });
    onTestFailed(() => console.log(`serve:\n${server.output()}\nreceiver:\n${receiver.output()}`));
    try {
      // Each step waits for the bot's answer, so that the photo and the place reach the inputs
      // that ask for them: welcome, department, problem, photo yes, the photo, place yes, the place,
      // keep it, submit.
      const steps: Array<[Record<string, unknown>, number]> = [
        [text('namaskar'), 1],
        [text('2'), 2],
        [text('The water pipe near the school is broken'), 3],
        [text('1'), 4],
        [photo, 5],
        [text('1'), 6],
        [place, 7],
        [text('1'), 8],
      ];
      for (const [message, count] of steps) {
        await send(server, message);
        await answered(count);
      }
      const confirm = JSON.stringify((await sentToCitizen())[7]?.body);
      expect(confirm).toContain('The water pipe near the school is broken');
      await send(server, text('1'));
      const all = await waitFor('the reference', async () => {
        const sent = await sentToCitizen();
        return sent.some((s) => JSON.stringify(s.body).includes('JAL-')) ? sent : undefined;
      }, 30_000);

      const registered = (await (await fetch(`${receiver.url}/submissions`)).json()) as Array<{ reference: string; citizen: string; bot: string; node: string; fields: Record<string, string> }>;
      expect(registered).toHaveLength(1);
      expect(registered[0]).toMatchObject({
        citizen: CITIZEN,
        bot: 'grievance',
        node: 'submit',
        fields: { department: 'Land Records', problem: 'The water pipe near the school is broken', photo: PHOTO_ID, latitude: '19.8347', longitude: '75.8816' },
      });
      const reference = registered[0]?.reference ?? '?';
      expect(all.filter((s) => JSON.stringify(s.body).includes(reference))).toHaveLength(1);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/samvad_call_retries_total\{endpoint="grievances"\} 2/);
      expect(metrics).toMatch(/samvad_calls_total\{endpoint="grievances",outcome="ok"\} 1/);

      const validate = outboundValidator();
      for (const s of all) expect(validate(s.body), JSON.stringify(s.body)).toBeUndefined();
    } finally {
      await server.stop();
    }
  }, 120_000);
});
