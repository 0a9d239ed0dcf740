/**
 * `/healthz` says when queues stop moving (issue 10, item 2): a message waiting longer than
 * SAMVAD_HEALTH_MAX_WAIT makes it 503 with the reason, and it is 200 again once the queue moves.
 * The decision itself (`assessHealth`) for the sender's report, and who may read `/metrics`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataItem } from '@samvad/runtime';
import { assessHealth } from '../src/server/health.js';
import type { HealthFacts } from '../src/server/health.js';
import { bearerMatches, isLoopbackHost, metricsExposure } from '../src/server/metrics-access.js';
import { SECRET, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

let h: Harness;
let release: () => void = () => undefined;
let gate: Promise<void> = Promise.resolve();
const ROWS: DataItem[] = [{ id: 'gr1', fields: { title: 'GR on crop insurance' } }];

const healthz = async () => {
  const res = await fetch(`${h.server.url}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; processing: string; reasons: string[]; queueDepth: number } };
};

describe.each(['sqlite', 'postgres'] as const)('/healthz on %s when a queue stops moving', (store) => {
  beforeAll(async () => {
    gate = Promise.resolve();
    h = await startHarness({ providers: { gr: async () => (await gate, ROWS) } }, { healthMaxWaitSeconds: 1 }, store);
  });
  afterAll(async () => {
    release();
    await h.close();
  });

  it('answers 503 naming the wait once a message has waited past SAMVAD_HEALTH_MAX_WAIT, and 200 when it moves', async () => {
    const user = '919840000001';
    expect((await healthz()).status).toBe(200);
    await postWebhook(h.server.url, deliveryBody([{ from: user, text: 'hi' }]), SECRET);
    await waitFor('the welcome', () => (h.fake.sent().some((s) => s.body.to === user) ? true : undefined));
    gate = new Promise((resolve) => (release = resolve));
    // "4" calls the data source, which does not answer: this citizen's queue stops.
    await postWebhook(h.server.url, deliveryBody([{ from: user, text: '4' }]), SECRET);
    await postWebhook(h.server.url, deliveryBody([{ from: user, text: '0' }]), SECRET);
    const stuck = await waitFor('a 503', async () => {
      const r = await healthz();
      return r.status === 503 ? r.body : undefined;
    });
    expect(stuck).toMatchObject({ ok: false, processing: 'stalled' });
    expect(stuck.reasons.join(' ')).toMatch(/processing: a message has waited \d+(\.\d)? s \(over SAMVAD_HEALTH_MAX_WAIT, 1 s\)/);
    release();
    const moving = await waitFor('200 again', async () => {
      const r = await healthz();
      return r.status === 200 && r.body.queueDepth === 0 ? r.body : undefined;
    });
    expect(moving).toMatchObject({ ok: true, processing: 'ok', reasons: [], queueDepth: 0 });
  });
});

const facts = (sending: Partial<NonNullable<HealthFacts['worker']>['sending']>): HealthFacts => ({
  now: 1_000_000,
  dbError: undefined,
  workerRunning: true,
  worker: {
    processing: { queued: 0, longestWaitMs: 0, retrying: 0 },
    sending: { held: 0, oldestHeldMs: 0, unwrittenMarks: 0, writeError: undefined, stalled: 0, failuresInARow: 0, ...sending },
  },
  workerTimeoutMs: 2000,
  inbound: {},
  oldestUnprocessedAt: undefined,
  maxWaitMs: 120_000,
  queueDepth: 0,
  outboxDepth: 0,
  graph: 'sha256:x',
});

describe('assessHealth: the sender’s report', () => {
  it('is ok when sends go out', () => {
    expect(assessHealth(facts({ held: 3, oldestHeldMs: 200 }))).toMatchObject({ ok: true, sending: 'ok', reasons: [] });
  });

  it('is not ok when outbox writes fail, the Graph API keeps failing, a due reply has nothing scheduled, or a reply waits too long', () => {
    const failing = assessHealth(facts({ writeError: 'SQLITE_FULL: database or disk is full', unwrittenMarks: 4 }));
    expect(failing).toMatchObject({ ok: false, sending: 'failing' });
    expect(failing.reasons).toEqual([expect.stringContaining('sending: outbox writes failing (SQLITE_FULL: database or disk is full); 4 mark(s)')]);
    expect(assessHealth(facts({ failuresInARow: 12 })).reasons).toEqual([expect.stringContaining('the last 12 attempts failed')]);
    expect(assessHealth(facts({ stalled: 2 }))).toMatchObject({ ok: false, sending: 'stalled', reasons: [expect.stringContaining('2 citizen(s) have a reply due')] });
    expect(assessHealth(facts({ held: 1, oldestHeldMs: 130_000 })).reasons).toEqual([expect.stringContaining('a reply has waited 130 s')]);
  });

  it('reports a worker that does not answer', () => {
    expect(assessHealth({ ...facts({}), worker: undefined })).toMatchObject({ ok: false, worker: 'not_answering', processing: 'unknown', sending: 'unknown' });
  });
});

describe('who may read /metrics', () => {
  it('accepts exactly the bearer token', () => {
    expect(bearerMatches('Bearer s3cret-token-123456', 's3cret-token-123456')).toBe(true);
    expect(bearerMatches('bearer s3cret-token-123456', 's3cret-token-123456')).toBe(true);
    expect(bearerMatches('Bearer s3cret-token-12345', 's3cret-token-123456')).toBe(false);
    expect(bearerMatches('Basic s3cret-token-123456', 's3cret-token-123456')).toBe(false);
    expect(bearerMatches(undefined, 's3cret-token-123456')).toBe(false);
  });

  it('warns at start when listening beyond this machine without a token', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(metricsExposure('0.0.0.0', undefined)).toContain('set SAMVAD_METRICS_TOKEN');
    expect(metricsExposure('10.0.0.5', undefined)).toContain('10.0.0.5');
    expect(metricsExposure('0.0.0.0', 'a-token-of-16-chars')).toBeUndefined();
    expect(metricsExposure('127.0.0.1', undefined)).toBeUndefined();
  });
});
