/**
 * The reference receiver of examples/grievance-receiver (what a department's system implements,
 * docs/receiver.md), run as a real process on 127.0.0.1 and driven with signed, unsigned, tampered
 * and replayed submissions shaped like the ones `samvad serve` posts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const RECEIVER = resolve(ROOT, 'examples/grievance-receiver/receiver.mjs');
const SECRET = 'test-secret-of-the-department';

interface Receiver {
  readonly url: string;
  readonly output: () => string;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGTERM');
});

/** Starts the receiver on a free port; resolves once it prints its address. */
function startReceiver(env: Record<string, string> = {}): Promise<Receiver> {
  const child = spawn(process.execPath, [RECEIVER], {
    env: { ...process.env, GRIEVANCE_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  return new Promise((done, fail) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1] !== undefined) done({ url: match[1], output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`the receiver exited with ${code}:\n${out}`)));
  });
}

function submission(fields: Record<string, string> = {}, call = 'submit:1'): string {
  return JSON.stringify({
    bot: 'grievance',
    node: 'submit',
    citizen: '919876543210',
    call,
    fields: { department: 'Revenue', problem: 'The village road is broken', photo: '', latitude: '', longitude: '', ...fields },
  });
}

function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function post(receiver: Receiver, body: string, headers: Record<string, string | undefined>): Promise<Answer> {
  const sent: Record<string, string> = { 'Content-Type': 'application/json' };
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
  const res = await fetch(`${receiver.url}/grievances`, { method: 'POST', headers: sent, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function signed(receiver: Receiver, body: string, key: string): Promise<Answer> {
  return post(receiver, body, { 'Idempotency-Key': key, 'X-Samvad-Signature': sign(body) });
}

async function submissions(receiver: Receiver): Promise<Array<Record<string, unknown>>> {
  return (await (await fetch(`${receiver.url}/submissions`)).json()) as Array<Record<string, unknown>>;
}

describe('the grievance reference receiver', () => {
  it('registers a signed submission and answers its reference; a repeated Idempotency-Key gets the same answer and no second grievance', async () => {
    const receiver = await startReceiver();
    const body = submission({ latitude: '19.8410', longitude: '75.8864', photo: 'wamid-photo-1' });
    const first = await signed(receiver, body, 'key-1');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ reference: expect.stringMatching(/^JAL-\d{4}-000001$/), status: 'registered' });
    const again = await signed(receiver, body, 'key-1');
    expect(again).toEqual(first);
    const other = await signed(receiver, submission({}, 'submit:2'), 'key-2');
    expect(other.body.reference).toMatch(/^JAL-\d{4}-000002$/);
    const seen = await submissions(receiver);
    expect(seen.map((s) => s.key)).toEqual(['key-1', 'key-2']);
    expect(seen[0]).toMatchObject({ citizen: '919876543210', bot: 'grievance', node: 'submit', fields: { latitude: '19.8410', photo: 'wamid-photo-1' } });
    expect(receiver.output()).toContain(`registered ${String(first.body.reference)} (Idempotency-Key key-1)`);
  });

  it('refuses a missing, malformed, wrongly keyed or stale signature with 401 and records nothing', async () => {
    const receiver = await startReceiver();
    const body = submission();
    const cases: Array<string | undefined> = [
      undefined,
      'not-a-signature',
      sign(body).toUpperCase(),
      sign(body, 'another-secret'),
      sign(submission({ problem: 'a different problem' })), // a body changed after signing
      `${sign(body)}00`,
    ];
    for (const signature of cases) {
      const answer = await post(receiver, body, { 'Idempotency-Key': 'key-x', 'X-Samvad-Signature': signature });
      expect(answer, String(signature)).toEqual({ status: 401, body: { error: 'missing or wrong X-Samvad-Signature' } });
    }
    // The signature covers the raw bytes: the same JSON with other spacing is not the signed body.
    const respaced = body.replace('"bot":', '"bot": ');
    expect((await post(receiver, respaced, { 'Idempotency-Key': 'key-x', 'X-Samvad-Signature': sign(body) })).status).toBe(401);
    expect(await submissions(receiver)).toEqual([]);
  });

  it('answers 400 with the reason for a missing key or an invalid field, and 422 for a key reused with another body', async () => {
    const receiver = await startReceiver();
    const body = submission();
    expect(await post(receiver, body, { 'X-Samvad-Signature': sign(body) })).toEqual({ status: 400, body: { error: 'missing Idempotency-Key' } });
    const invalid: Array<[string, string]> = [
      [submission({ department: ' ' }), 'fields.department is empty'],
      [submission({ problem: '' }), 'fields.problem is empty'],
      [submission({ latitude: '19.84' }), 'fields.latitude and fields.longitude come together'],
      [submission({ latitude: '190', longitude: '75' }), 'fields.latitude/longitude are not a place'],
      [JSON.stringify({ bot: 'grievance', node: 'submit', citizen: '91', call: 'c', fields: { department: 'Revenue' } }), 'fields.problem must be a string (empty when not given)'],
      [JSON.stringify({ node: 'submit' }), '"bot" must be a non-empty string'],
      ['{"bot": ', 'the body is not JSON'],
    ];
    for (const [i, [bad, reason]] of invalid.entries()) {
      expect(await signed(receiver, bad, `bad-${i}`), reason).toEqual({ status: 400, body: { error: reason } });
    }
    expect((await signed(receiver, body, 'key-1')).status).toBe(200);
    expect(await signed(receiver, submission({ problem: 'another' }), 'key-1')).toEqual({
      status: 422,
      body: { error: 'this Idempotency-Key was used with another body' },
    });
    expect(await submissions(receiver)).toHaveLength(1);
  });

  it('FAIL_FIRST=2 answers 500 twice, then registers the retried submission once', async () => {
    const receiver = await startReceiver({ FAIL_FIRST: '2' });
    const body = submission();
    expect((await signed(receiver, body, 'key-1')).status).toBe(500);
    expect((await signed(receiver, body, 'key-1')).status).toBe(500);
    const third = await signed(receiver, body, 'key-1');
    expect(third.status).toBe(200);
    expect(await signed(receiver, body, 'key-1')).toEqual(third);
    expect(await submissions(receiver)).toHaveLength(1);
  });

  it('HOLD_MS holds the answer after recording: a replay of the key meanwhile gets the same reference first', async () => {
    const receiver = await startReceiver({ HOLD_MS: '1500', HOLD_FIRST: '1' });
    const body = submission();
    const order: string[] = [];
    const held = signed(receiver, body, 'key-1').then((a) => (order.push('held'), a));
    // Wait until the first request is recorded (it is listed while its answer is held).
    while ((await submissions(receiver)).length === 0) await new Promise((r) => setTimeout(r, 20));
    const replay = await signed(receiver, body, 'key-1');
    order.push('replay');
    const first = await held;
    expect(order).toEqual(['replay', 'held']);
    expect(replay).toEqual(first);
    expect(first.body.reference).toMatch(/^JAL-\d{4}-000001$/);
    expect(await submissions(receiver)).toHaveLength(1);
  });

  it("accepts docs/receiver.md's example body with the signature its openssl check prints", async () => {
    const doc = readFileSync(resolve(ROOT, 'docs/receiver.md'), 'utf8');
    const body = /```json file=submission\.json\n(.*)\n```/.exec(doc)?.[1];
    const secret = /openssl dgst -sha256 -hmac (\S+) -r\n([0-9a-f]{64}) \*stdin/.exec(doc);
    expect(body).toBeDefined();
    expect(secret).not.toBeNull();
    const receiver = await startReceiver({ GRIEVANCE_SECRET: secret?.[1] ?? '' });
    const answer = await post(receiver, body ?? '', { 'Idempotency-Key': 'doc-example', 'X-Samvad-Signature': `sha256=${secret?.[2] ?? ''}` });
    expect(answer.status).toBe(200);
    expect(answer.body.reference).toMatch(/^JAL-\d{4}-000001$/);
  });

  it('refuses to start without GRIEVANCE_SECRET, saying so', () => {
    const ran = spawnSync(process.execPath, [RECEIVER], { env: { ...process.env, GRIEVANCE_SECRET: '', PORT: '0' }, encoding: 'utf8' });
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain('GRIEVANCE_SECRET is not set');
  });
});
