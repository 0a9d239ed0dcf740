/**
 * The pure parts of durable calls: what an attempt's answer means, when to try again, the signed
 * request (body bytes, headers), and the endpoints' settings read from the environment.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '@samvad/whatsapp';
import { SAMVAD_VERSION, callHeaders, newCall } from '../src/calls/call-request.js';
import { callMessage } from '../src/calls/call-message.js';
import { resolveEndpoints } from '../src/calls/endpoints.js';
import { afterAttempt, judgeAttempt, retryAfterMs } from '../src/calls/policy.js';
import type { AttemptOutcome } from '../src/calls/policy.js';
import { callPolicyFrom } from '../src/calls/settings.js';
import { loadConfig } from '../src/config.js';
import { checkedLoader } from '../src/server/server.js';

const policy = { attempts: 6, baseMs: 1000, capMs: 60_000, random: () => 1 };
const response = (status: number, text: string, retryAfter?: string): AttemptOutcome => ({ kind: 'response', status, text, ...(retryAfter !== undefined ? { retryAfter } : {}) });
const judge = (o: AttemptOutcome) => judgeAttempt(o, Date.parse('2026-12-06T08:00:00Z'));

describe('an attempt is judged', () => {
  it('ok: a 2xx with a JSON object, which the flow reads', () => {
    expect(judge(response(200, '{"reference":"JAL-1","data":{"n":2}}'))).toEqual({ kind: 'ok', answer: { reference: 'JAL-1', data: { n: 2 } } });
    expect(judge(response(201, '{}'))).toEqual({ kind: 'ok', answer: {} });
  });

  it('permanent: a 2xx that is not a JSON object, a 4xx other than 408/429, a redirect', () => {
    for (const text of ['', 'OK', '[1,2]', '"x"', 'null', '42']) expect(judge(response(200, text)).kind).toBe('permanent');
    for (const status of [400, 401, 403, 404, 409, 413, 422, 301, 302]) expect(judge(response(status, '{"error":"no"}')).kind).toBe('permanent');
    expect(judge(response(400, '{"error":"fields.problem is empty"}'))).toEqual({ kind: 'permanent', detail: 'HTTP 400: {"error":"fields.problem is empty"}' });
  });

  it('retried: network errors, timeouts, 408, 429 and 5xx; 429 and 503 wait for Retry-After', () => {
    expect(judge({ kind: 'timeout', afterMs: 10_000 })).toEqual({ kind: 'retry', reason: 'timeout', detail: 'no answer within 10000 ms' });
    expect(judge({ kind: 'network', detail: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' }).kind).toBe('retry');
    for (const status of [408, 429, 500, 502, 503, 504]) expect(judge(response(status, '')).kind).toBe('retry');
    expect(judge(response(429, '', '7'))).toMatchObject({ kind: 'retry', waitMs: 7000 });
    expect(judge(response(503, '', 'Sun, 06 Dec 2026 08:00:30 GMT'))).toMatchObject({ kind: 'retry', waitMs: 30_000 });
    expect(judge(response(500, '', '7'))).not.toHaveProperty('waitMs');
    expect(retryAfterMs('soon', 0)).toBeUndefined();
  });
});

describe('after an attempt', () => {
  it('backs off exponentially up to the cap, honouring a longer Retry-After', () => {
    const delays = [1, 2, 3, 4, 5].map((n) => afterAttempt({ kind: 'retry', reason: 'error', detail: 'HTTP 500' }, n, { ...policy, attempts: 99, capMs: 10_000 }));
    expect(delays.map((d) => (d.kind === 'retry' ? d.delayMs : -1))).toEqual([1000, 2000, 4000, 8000, 10_000]);
    const jittered = afterAttempt({ kind: 'retry', reason: 'error', detail: 'x' }, 3, { ...policy, random: () => 0 });
    expect(jittered).toMatchObject({ kind: 'retry', delayMs: 2000 }); // half of 4 s: full jitter's floor
    expect(afterAttempt({ kind: 'retry', reason: 'error', detail: '429', waitMs: 30_000 }, 1, policy)).toMatchObject({ kind: 'retry', delayMs: 30_000 });
  });

  it('gives up after the attempts cap with the last failure, and at once on a permanent one', () => {
    expect(afterAttempt({ kind: 'retry', reason: 'timeout', detail: 'no answer within 10000 ms' }, 6, policy)).toEqual({
      kind: 'done',
      outcome: 'timeout',
      result: { ok: false, reason: 'timeout', detail: 'no answer within 10000 ms (attempt 6 of 6)' },
    });
    expect(afterAttempt({ kind: 'permanent', detail: 'HTTP 400' }, 1, policy)).toEqual({ kind: 'done', outcome: 'rejected', result: { ok: false, reason: 'rejected', detail: 'HTTP 400' } });
    expect(afterAttempt({ kind: 'ok', answer: { reference: 'R' } }, 3, policy)).toEqual({ kind: 'done', outcome: 'ok', result: { ok: true, answer: { reference: 'R' } } });
  });

  it('reads SAMVAD_CALL_ATTEMPTS and SAMVAD_CALL_BACKOFF_MS (defaults 6 and 1 s, cap 60 s); loadConfig refuses bad values', () => {
    expect(callPolicyFrom({})).toEqual({ attempts: 6, baseMs: 1000, capMs: 60_000 });
    expect(callPolicyFrom({ SAMVAD_CALL_ATTEMPTS: '3', SAMVAD_CALL_BACKOFF_MS: '50' })).toEqual({ attempts: 3, baseMs: 50, capMs: 60_000 });
    const env = { WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_PHONE_NUMBER_ID: '1' };
    const bad = loadConfig({ ...env, SAMVAD_CALL_ATTEMPTS: '0', SAMVAD_CALL_BACKOFF_MS: 'soon' });
    expect(bad.ok ? [] : bad.errors).toEqual([
      'SAMVAD_CALL_ATTEMPTS must be a whole number from 1 to 100, got "0"',
      'SAMVAD_CALL_BACKOFF_MS must be a whole number from 1 to 60000, got "soon"',
    ]);
  });
});

describe('the request', () => {
  const request = { id: 'submit:1765008000000', endpoint: 'grievances', node: 'submit', fields: { department: 'Revenue', problem: 'रस्ता खराब' }, timeoutMs: 10_000 };

  it('posts {bot, node, citizen, call, fields} with a fresh idempotency key made once', () => {
    const a = newCall(request, 'grievance', '919800000001');
    const b = newCall(request, 'grievance', '919800000001');
    expect(JSON.parse(a.body)).toEqual({ bot: 'grievance', node: 'submit', citizen: '919800000001', call: 'submit:1765008000000', fields: { department: 'Revenue', problem: 'रस्ता खराब' } });
    expect(a.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b.key).not.toBe(a.key);
    expect(a.body).toBe(b.body);
  });

  it('signs the exact body bytes: X-Samvad-Signature verifies with the secret, not with another', () => {
    const call = newCall(request, 'grievance', '919800000001');
    const headers = callHeaders(call.key, call.body, 'a-shared-secret-of-16+');
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': call.key, 'user-agent': `samvad/${SAMVAD_VERSION}` });
    expect(headers['x-samvad-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(Buffer.from(call.body), headers['x-samvad-signature'], 'a-shared-secret-of-16+')).toBe(true);
    expect(verifySignature(Buffer.from(call.body), headers['x-samvad-signature'], 'another-secret-16+++')).toBe(false);
    expect(verifySignature(Buffer.from(call.body.replace('Revenue', 'Revenu')), headers['x-samvad-signature'], 'a-shared-secret-of-16+')).toBe(false);
  });

  it('the User-Agent version is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SAMVAD_VERSION).toBe(pkg.version);
  });

  it("the result comes back as an inbound message samvad-call:<key>, timed at the citizen's message", () => {
    const message = callMessage({ key: 'k-1', numberId: '106540352242922', citizen: '919800000001', requestId: 'submit:1', windowStart: 1_765_008_000_500, result: { ok: true, answer: { reference: 'R' } } });
    expect(message).toEqual({
      wamid: 'samvad-call:k-1',
      from: '919800000001',
      phoneNumberId: '106540352242922',
      timestamp: 1_765_008_000,
      type: 'samvad_call',
      inbound: { kind: 'call', requestId: 'submit:1', result: { ok: true, answer: { reference: 'R' } } },
      errors: [],
    });
  });
});

describe("an endpoint's settings", () => {
  const graph = { endpoints: { grievances: { urlEnv: 'GRIEVANCE_URL', secretEnv: 'GRIEVANCE_SECRET', timeoutMs: 10_000, sends: [], answers: [] } } };

  it('resolve from the environment: https anywhere, http only to the loopback', () => {
    for (const url of ['https://grievances.example.gov.in/api', 'http://127.0.0.1:8787/g', 'http://localhost:8787', 'http://[::1]:80/']) {
      const result = resolveEndpoints(graph, { GRIEVANCE_URL: url, GRIEVANCE_SECRET: 'x'.repeat(16) });
      expect(result.ok ? result.endpoints.get('grievances') : result.errors).toEqual({ name: 'grievances', url, secret: 'x'.repeat(16), timeoutMs: 10_000, receives: new Map() });
    }
  });

  it("carry the `receive` paths of each call node that sends to the endpoint (the worker checks answers against them)", () => {
    const call = (endpoint: string, receive: Record<string, string>) => ({ kind: 'call', parent: 'home', endpoint, send: {}, receive, next: 'home', fallback: 'home' });
    const nodes = { submit: call('grievances', { ref: 'reference' }), resubmit: call('grievances', {}), other: call('desk', { id: 'data.id' }), home: { kind: 'end' } };
    const result = resolveEndpoints({ ...graph, nodes } as never, { GRIEVANCE_URL: 'https://g.example.gov.in', GRIEVANCE_SECRET: 'x'.repeat(16) });
    expect(result.ok ? result.endpoints.get('grievances')?.receives : result.errors).toEqual(new Map([['submit', { ref: 'reference' }], ['resubmit', {}]]));
  });

  it('refuse, naming the endpoint and the variable, and never showing the secret', () => {
    const problems = (env: Record<string, string>) => {
      const result = resolveEndpoints(graph, env);
      return result.ok ? [] : result.errors;
    };
    expect(problems({})).toEqual([
      'endpoint "grievances": GRIEVANCE_URL is not set (the URL the call posts to)',
      'endpoint "grievances": GRIEVANCE_SECRET is not set (the key the request is signed with, HMAC-SHA256)',
    ]);
    expect(problems({ GRIEVANCE_URL: 'http://grievances.example.gov.in/api', GRIEVANCE_SECRET: 'short-secret' })).toEqual([
      'endpoint "grievances": GRIEVANCE_URL must be https (plain http is allowed only to 127.0.0.1 or localhost), got "http://grievances.example.gov.in/api"',
      'endpoint "grievances": GRIEVANCE_SECRET must be at least 16 characters (value not shown: it is a secret)',
    ]);
    expect(problems({ GRIEVANCE_URL: 'grievances.example.gov.in', GRIEVANCE_SECRET: 'has a space in it!' })).toEqual([
      'endpoint "grievances": GRIEVANCE_URL is not a URL, got "grievances.example.gov.in"',
      'endpoint "grievances": GRIEVANCE_SECRET contains whitespace or control characters (value not shown: it is a secret)',
    ]);
    expect(problems({ GRIEVANCE_URL: 'ftp://x.example/', GRIEVANCE_SECRET: 'y'.repeat(20) })).toEqual(['endpoint "grievances": GRIEVANCE_URL must be an https URL, not ftp:, got "ftp://x.example/"']);
  });
});

describe('a reload', () => {
  it("is refused when the new graph's endpoint cannot be resolved (the old graph keeps serving)", async () => {
    const graph = { endpoints: { grievances: { urlEnv: 'GRIEVANCE_URL', secretEnv: 'GRIEVANCE_SECRET', timeoutMs: 10_000, sends: [], answers: [] } } } as never;
    const loader = checkedLoader(async () => ({ ok: true, graph, files: ['a.flow'] }), { GRIEVANCE_URL: 'https://g.example.gov.in' });
    expect(await loader?.()).toEqual({ ok: false, message: 'endpoint "grievances": GRIEVANCE_SECRET is not set (the key the request is signed with, HMAC-SHA256)', files: ['a.flow'] });
    const fine = checkedLoader(async () => ({ ok: true, graph }), { GRIEVANCE_URL: 'https://g.example.gov.in', GRIEVANCE_SECRET: 's'.repeat(32) });
    expect(await fine?.()).toEqual({ ok: true, graph });
  });
});
