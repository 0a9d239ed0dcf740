/**
 * Durable calls end to end: the real `samvad serve` (spawned), the fake Graph API and a
 * department's system on 127.0.0.1, on SQLite and on PostgreSQL. The grievance example runs
 * against the reference receiver (examples/grievance-receiver, which checks every signature); the
 * failure cases run a small bot against the test receiver (support/call-receiver.ts), whose
 * answers the test scripts: held across a SIGKILL, 500 twice, 400, silence.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { RecordedSend } from '@samvad/whatsapp';
import { startCallReceiver } from './support/call-receiver.js';
import { DESK_FLOW } from './support/desk-flow.js';
import type { CallReceiver } from './support/call-receiver.js';
import { ROOT, runSamvad } from './support/processes.js';
import type { Spawned } from './support/processes.js';
import { queryRows } from './support/postgres.js';
import { fakeGraphForFile, serveAgainst } from './support/served-bot.js';
import { storesForFile } from './support/stores.js';
import { deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'calls-app-secret';
const TOKEN = 'calls-access-token';
const DESK_SECRET = 'desk-shared-secret-0123456789';
const GRIEVANCE_SECRET = 'grievance-shared-secret-0123';


const fake = fakeGraphForFile('calls', TOKEN);
const stores = storesForFile(fake);
let receiver: CallReceiver;
let reference: { child: ChildProcess; url: string; output: () => string };
beforeAll(async () => {
  receiver = await startCallReceiver(DESK_SECRET);
  reference = await startReferenceReceiver();
}, 30_000);
afterAll(async () => {
  await receiver?.close();
  reference?.child.kill('SIGTERM');
});

/** `node examples/grievance-receiver/receiver.mjs` on a free port of 127.0.0.1. */
function startReferenceReceiver(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['examples/grievance-receiver/receiver.mjs'], {
    cwd: ROOT,
    env: { ...process.env, GRIEVANCE_SECRET, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the reference receiver did not start:\n${out}`)), 15_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve({ child, url: match[1], output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

const deskFlow = (): string => {
  const path = join(fake.dir, 'desk.flow');
  writeFileSync(path, DESK_FLOW);
  return path;
};
const say = async (server: Spawned, from: string, text: string) => {
  const response = await postWebhook(server.url, deliveryBody([{ from, text }]), SECRET);
  expect(response.status).toBe(200);
};
const texts = async (user: string): Promise<string[]> => (await fake.sentTo(user)).map((s: RecordedSend) => JSON.stringify(s.body));
/** Waits until a message to `user` contains `fragment`; resolves with every message so far. */
const waitForText = (user: string, fragment: string, timeoutMs = 30_000) =>
  waitFor(`a message to ${user} containing "${fragment}"`, async () => {
    const all = await texts(user);
    return all.some((t) => t.includes(fragment)) ? all : undefined;
  }, timeoutMs);
interface Health {
  readonly queueDepth: number;
  readonly outboxDepth: number;
  readonly calls?: { pending: number; oldestAgeSeconds?: number };
}
const health = async (server: Spawned) => (await (await fetch(`${server.url}/healthz`)).json()) as Health;
const idle = (server: Spawned) =>
  waitFor('an idle server (no message, reply or call waiting)', async () => {
    const h = await health(server);
    return h.queueDepth === 0 && h.outboxDepth === 0 && h.calls?.pending === 0 ? h : undefined;
  }, 60_000);
const count = (all: readonly string[], fragment: string) => all.filter((t) => t.includes(fragment)).length;
const keysOf = (citizen: string) => receiver.requests.filter((r) => r.body.citizen === citizen).map((r) => r.key);

describe('samvad serve with calls (real processes)', () => {
  it("refuses to start when an endpoint's URL or secret is missing or unusable, naming the variable and the endpoint (exit 2)", async () => {
    const env = { WHATSAPP_APP_SECRET: SECRET, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_ACCESS_TOKEN: TOKEN, WHATSAPP_PHONE_NUMBER_ID: '1', SAMVAD_DB: join(fake.dir, 'refused.db'), PORT: '0' };
    const missing = await runSamvad(['serve', deskFlow(), '--no-watch'], { ...env, DESK_URL: '', DESK_SECRET: '' });
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('endpoint "desk": DESK_URL is not set');
    expect(missing.out).toContain('endpoint "desk": DESK_SECRET is not set');
    const plain = await runSamvad(['serve', deskFlow(), '--no-watch'], { ...env, DESK_URL: 'http://desk.example.gov.in/api', DESK_SECRET });
    expect(plain.code).toBe(2);
    expect(plain.out).toContain('endpoint "desk": DESK_URL must be https (plain http is allowed only to 127.0.0.1 or localhost)');
    expect(plain.out).not.toContain(DESK_SECRET);
  });
});

describe.each(stores)('calls in samvad serve on $name (real processes)', (store) => {
  const serve = async (db: string, extra: Record<string, string> = {}) => {
    const server = await serveAgainst(fake, [deskFlow(), '--no-watch'], {
      secret: SECRET,
      db: await store.db(db),
      extra: { WHATSAPP_SEND_RATE: '2000', DESK_URL: receiver.url, DESK_SECRET, SAMVAD_CALL_BACKOFF_MS: '50', ...store.env, ...extra },
    });
    onTestFailed(() => console.log(`serve output (the test failed):\n${server.output()}\nreceiver: ${JSON.stringify(receiver.requests.slice(-4).map((r) => [r.key, r.body.citizen]))}`));
    return server;
  };

  it('the grievance example: one signed submission per confirmed grievance, its reference reaches the citizen', async () => {
    const server = await serveAgainst(fake, ['examples/grievance.flow', '--no-watch'], {
      secret: SECRET,
      db: await store.db('grievance.db'),
      extra: { WHATSAPP_SEND_RATE: '2000', GRIEVANCE_URL: `${reference.url}/grievances`, GRIEVANCE_SECRET, ...store.env },
    });
    const citizen = store.name === 'sqlite' ? '919820000001' : '919820000101';
    try {
      // Home → Revenue → the problem → no photo → no location → confirm → submit.
      for (const text of ['namaskar', '1', 'The water pipe near the school is broken', '2', '2', '1']) await say(server, citizen, text);
      const all = await waitForText(citizen, 'JAL-');
      await idle(server);
      const registered = (await (await fetch(`${reference.url}/submissions`)).json()) as { citizen: string; reference: string; bot: string; node: string; fields: Record<string, string> }[];
      const mine = registered.filter((s) => s.citizen === citizen);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ bot: 'grievance', node: 'submit', fields: { department: 'Revenue', problem: 'The water pipe near the school is broken', photo: '', latitude: '', longitude: '' } });
      expect(count(all, mine[0]?.reference ?? '?')).toBe(1);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/samvad_calls_total\{endpoint="grievances",outcome="ok"\} 1/);
    } finally {
      await server.stop();
    }
  });

  it('SIGKILL between the submission and its answer: after the restart the same key is posted again, ONE submission, ONE reply', async () => {
    receiver.script({ hold: true });
    const citizen = store.name === 'sqlite' ? '919820000002' : '919820000102';
    const first = await serve('crash.db');
    for (const text of ['hi', '1', 'Street light broken']) await say(first, citizen, text);
    await waitFor('the submission', () => (keysOf(citizen).length > 0 ? true : undefined));
    const h = await health(first);
    expect(h.calls?.pending).toBe(1);
    await first.kill9(); // the receiver registered it; its answer never reached serve
    receiver.script({}); // from now on it answers (a repeated key gets the first answer again)
    receiver.release();
    const second = await serve('crash.db');
    try {
      const all = await waitForText(citizen, 'Registered: REF-');
      await idle(second);
      const keys = keysOf(citizen);
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      expect(receiver.submissions.has(keys[0] ?? '')).toBe(true);
      expect([...receiver.submissions.keys()].filter((k) => k === keys[0])).toHaveLength(1);
      expect(count(await texts(citizen), 'Registered: REF-')).toBe(1);
      expect(count(all, receiver.submissions.get(keys[0] ?? '') ?? '?')).toBe(1);
    } finally {
      await second.stop();
    }
  });

  it('the receiver answers 500 twice: the third attempt succeeds, one submission, one reply', async () => {
    receiver.script({ failFirst: { n: 2, status: 500 } });
    const citizen = store.name === 'sqlite' ? '919820000003' : '919820000103';
    const server = await serve('retries.db');
    try {
      for (const text of ['hi', '1', 'Pothole on the main road']) await say(server, citizen, text);
      await waitForText(citizen, 'Registered: REF-');
      await idle(server);
      const keys = keysOf(citizen);
      expect(keys).toHaveLength(3);
      expect(new Set(keys).size).toBe(1);
      expect(receiver.requests.filter((r) => r.body.citizen === citizen).every((r) => r.signatureValid && r.userAgent.startsWith('samvad/'))).toBe(true);
      expect(count(await texts(citizen), 'Registered: REF-')).toBe(1);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/samvad_call_retries_total\{endpoint="desk"\} 2/);
    } finally {
      await server.stop();
    }
  });

  it("a permanent 400, and a receiver silent beyond the attempts, take the flow's fallback", async () => {
    const server = await serve('fallback.db', { SAMVAD_CALL_ATTEMPTS: '2' });
    const rejected = store.name === 'sqlite' ? '919820000004' : '919820000104';
    const silent = store.name === 'sqlite' ? '919820000005' : '919820000105';
    try {
      receiver.script({ answerWith: { status: 400, body: '{"error":"fields.problem is too short"}' } });
      for (const text of ['hi', '1', 'x']) await say(server, rejected, text);
      await waitForText(rejected, 'could not be sent just now');
      expect(keysOf(rejected)).toHaveLength(1); // not retried
      receiver.script({ silent: true });
      for (const text of ['hi', '1', 'Nobody answers']) await say(server, silent, text);
      await waitForText(silent, 'could not be sent just now');
      expect(keysOf(silent)).toHaveLength(2); // SAMVAD_CALL_ATTEMPTS=2, each 2 s
      expect(new Set(keysOf(silent)).size).toBe(1);
      await idle(server);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/samvad_calls_total\{endpoint="desk",outcome="rejected"\} 1/);
      expect(metrics).toMatch(/samvad_calls_total\{endpoint="desk",outcome="timeout"\} 1/);
    } finally {
      receiver.script({});
      await server.stop();
    }
  });

  it("an answer without the `reference` the flow receives takes the fallback (no empty reference), logged with the path and counted as incomplete", async () => {
    const server = await serve('incomplete.db');
    const citizen = store.name === 'sqlite' ? '919820000007' : '919820000107';
    try {
      receiver.script({ answerWith: { status: 200, body: '{"status":"registered"}' } });
      for (const text of ['hi', '1', 'Broken hand pump']) await say(server, citizen, text);
      await waitForText(citizen, 'could not be sent just now');
      await idle(server);
      expect(count(await texts(citizen), 'Registered:')).toBe(0);
      expect(keysOf(citizen)).toHaveLength(1); // not retried: the system answered
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/samvad_calls_total\{endpoint="desk",outcome="incomplete"\} 1/);
      const logged = server.output().split('\n').filter((line) => line.includes('"call.incomplete"'));
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0] ?? '{}')).toMatchObject({ endpoint: 'desk', key: keysOf(citizen)[0], node: 'submit', path: 'reference', variable: 'ref', problem: 'missing' });
      expect(logged[0]).not.toContain(citizen);
      expect(logged[0]).not.toContain('Broken hand pump');
    } finally {
      receiver.script({});
      await server.stop();
    }
  });

  it('a citizen writing while the call is in flight is told to wait, and the answer comes after, in order', async () => {
    receiver.script({ hold: true });
    const citizen = store.name === 'sqlite' ? '919820000006' : '919820000106';
    const server = await serve('waiting.db');
    try {
      for (const text of ['hi', '1', 'Garbage not collected']) await say(server, citizen, text);
      await waitFor('the submission', () => (keysOf(citizen).length > 0 ? true : undefined));
      await say(server, citizen, 'hello? any news?');
      await say(server, citizen, '0'); // even the home command waits: the submission is on its way
      await waitFor('two waits', async () => (count(await texts(citizen), 'Please wait') === 2 ? true : undefined));
      receiver.release();
      const all = await waitForText(citizen, 'Registered: REF-');
      await idle(server);
      const waits = all.map((t, i) => (t.includes('Please wait') ? i : -1)).filter((i) => i >= 0);
      const registered = all.findIndex((t) => t.includes('Registered: REF-'));
      expect(waits).toHaveLength(2);
      expect(Math.max(...waits)).toBeLessThan(registered);
      expect(keysOf(citizen)).toHaveLength(1);
    } finally {
      receiver.script({});
      await server.stop();
    }
  });
});

describe('calls shared by two samvad serve processes on one PostgreSQL', () => {
  const postgres = stores.find((s) => s.name === 'postgres');
  it('the process that posted is killed: the other takes the call over when its lease runs out (same key), and answers the citizen', async () => {
    if (postgres === undefined) throw new Error('no PostgreSQL store');
    receiver.script({ hold: true });
    const url = await postgres.db('shared.db');
    const start = (id: string) =>
      serveAgainst(fake, [deskFlow(), '--no-watch'], {
        secret: SECRET,
        db: url,
        extra: { WHATSAPP_SEND_RATE: '2000', DESK_URL: receiver.url, DESK_SECRET, SAMVAD_PROCESS_ID: id, ...postgres.env },
      });
    const [a, b] = await Promise.all([start('calls-a'), start('calls-b')]);
    const servers = new Map([
      ['calls-a', a],
      ['calls-b', b],
    ]);
    const citizen = '919820000201';
    try {
      for (const text of ['hi', '1', 'Broken hand pump']) await say(a, citizen, text);
      await waitFor('the submission', () => (keysOf(citizen).length > 0 ? true : undefined));
      const [held] = await queryRows<{ claimed_by: string }>(url, `SELECT claimed_by FROM calls WHERE citizen = '${citizen}'`);
      const poster = servers.get(held?.claimed_by ?? '');
      const survivor = poster === a ? b : a;
      expect(poster).toBeDefined();
      await poster?.kill9();
      receiver.script({});
      receiver.release();
      const all = await waitForText(citizen, 'Registered: REF-');
      await idle(survivor);
      const keys = keysOf(citizen);
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      expect([...receiver.submissions.keys()].filter((k) => k === keys[0])).toHaveLength(1);
      expect(count(all, 'Registered: REF-')).toBe(1);
      const [row] = await queryRows<{ state: string; attempts: number; claimed_by: string | null }>(url, `SELECT state, attempts, claimed_by FROM calls WHERE citizen = '${citizen}'`);
      expect(row).toEqual({ state: 'done', attempts: 2, claimed_by: null });
    } finally {
      receiver.script({});
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
