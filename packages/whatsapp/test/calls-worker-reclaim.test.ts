/**
 * A call claimed again while its previous attempt is still winding up in this process (the
 * hand-back committed, the retry already due, another connection's claim saw it first — found by
 * bench/serve/calls.ts on PostgreSQL) must be posted right after that attempt, not dropped: a
 * dropped claim leaves an attempt counted and the call leased, unposted, until the lease runs out.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@samvad/whatsapp';
import type { CallStore, ClaimedCall, FinishedCall } from '../src/calls/call-store.js';
import { CallWorker } from '../src/calls/call-worker.js';
import type { AttemptOutcome } from '../src/calls/policy.js';
import { createMetrics } from '../src/ops/metrics.js';
import { waitFor } from './support/webhook-bodies.js';

const base: ClaimedCall = {
  key: 'key-1',
  numberId: '1065',
  citizen: '919800000001',
  endpoint: 'grievances',
  requestId: 'submit:1',
  body: '{"fields":{}}',
  timeoutMs: 1_000,
  attempts: 1,
  createdAt: 0,
  windowStart: 0,
};

/** A store that hands the call out again while its first hand-back has not settled yet. */
function racingStore(worker: () => CallWorker): { store: CallStore; claims: number[]; finished: FinishedCall[] } {
  const claims: number[] = [];
  const finished: FinishedCall[] = [];
  let queue: ClaimedCall[] = [base];
  let handedOut: (() => void) | undefined;
  const store: CallStore = {
    claimDue: async (limit) => {
      const out = queue.slice(0, limit);
      queue = queue.slice(out.length);
      for (const c of out) claims.push(c.attempts);
      if (out.length > 0) setImmediate(() => handedOut?.());
      return out;
    },
    retryLater: async (call) => {
      // The retry is due at once and the next claim takes it before this hand-back resolves.
      queue.push({ ...call, attempts: call.attempts + 1 });
      const taken = new Promise<void>((resolve) => (handedOut = resolve));
      worker().notify();
      await taken;
    },
    finish: async () => {
      const stored = { seq: 1, json: '{}' };
      finished.push(stored);
      return stored;
    },
    nextDueInMs: async () => (queue.length > 0 ? 0 : undefined),
  };
  return { store, claims, finished };
}

describe('the call worker and a call claimed again before its last attempt settled', () => {
  it('posts the second attempt right after the first instead of dropping the claim', async () => {
    const posts: number[] = [];
    let w: CallWorker | undefined;
    const { store, claims, finished } = racingStore(() => w as CallWorker);
    const outcomes: AttemptOutcome[] = [
      { kind: 'response', status: 500, text: 'busy' },
      { kind: 'response', status: 200, text: '{"reference":"JAL-1"}' },
    ];
    w = new CallWorker({
      store,
      endpoint: () => ({ name: 'grievances', url: 'http://127.0.0.1:9/', secret: 's'.repeat(16), timeoutMs: 1_000 }),
      policy: { attempts: 3, baseMs: 1, capMs: 1, random: () => 0 },
      log: silentLogger,
      metrics: createMetrics(() => ({ outbox: 0, queue: 0 })).calls,
      onFinished: () => undefined,
      pollMs: 60_000,
      post: async () => {
        posts.push(posts.length + 1);
        return outcomes[posts.length - 1] ?? { kind: 'network', detail: 'no more' };
      },
    });
    w.start();
    try {
      await waitFor('the call finished', () => (finished.length > 0 ? finished : undefined), 5_000);
    } finally {
      await w.stop();
    }
    expect(claims).toEqual([1, 2]);
    expect(posts).toEqual([1, 2]);
    expect(finished).toHaveLength(1);
  });
});
