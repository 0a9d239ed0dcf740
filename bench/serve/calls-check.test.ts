/**
 * The calls benchmark's checks: a right run passes, and each way a run can go wrong — a submission
 * registered twice, a reference sent to the wrong citizen, a call left pending, a call retried
 * more or less than asked, a reply doubled at the fake — fails it with a line that says so. Then
 * the bench itself, small, on SQLite with real processes: its checks pass, also with retries.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeCalls } from './calls-check.js';
import type { CallsEvidence, Sent } from './calls-check.js';

const citizens = ['919700000000', '919700000001'];
const reference = (i: number) => `JAL-2026-00000${i + 1}`;
const text = (to: string, body: string, at: number): Sent => ({ body: { messaging_product: 'whatsapp', to, type: 'text', text: { body } }, at });

/** Two citizens, two walk replies each, then the reference and the end message; one retry per call. */
function rightRun(): CallsEvidence {
  const sends = citizens.flatMap((c, i) => [
    text(c, 'menu', 1000),
    text(c, 'confirm?', 1100),
    text(c, `Reference number: *${reference(i)}*`, 2000 + 100 * i),
    text(c, 'Thank you', 2010 + 100 * i),
  ]);
  return {
    citizens,
    problemOf: new Map(citizens.map((c, i) => [c, `problem ${i}`])),
    confirmAt: new Map(citizens.map((c) => [c, 1500])),
    submissions: citizens.map((c, i) => ({ key: `key-${i}`, reference: reference(i), citizen: c, fields: { problem: `problem ${i}` } })),
    calls: citizens.map((c, i) => ({ key: `key-${i}`, citizen: c, state: 'done', attempts: 2, outcome: 'ok', answer: JSON.stringify({ reference: reference(i), status: 'registered' }) })),
    relayAttempts: new Map(citizens.map((_, i) => [`key-${i}`, 2])),
    relayTimes: new Map(citizens.map((_, i) => [`key-${i}`, { firstAt: 1600, answeredAt: 1900 }])),
    sends,
    repliesPerCitizen: 4,
    store: { stored: 8, unprocessed: 0, turnErrors: 0, withoutReply: 2, replies: 8, repliesNotSent: 0 },
    fakeAccepted: 8,
    fakeSettled: true,
    failFirst: 1,
  };
}

describe('judgeCalls (bench/serve/calls-check.ts)', () => {
  it('a right run: no problem, each citizen confirm → its reference, attempts per call', () => {
    const verdict = judgeCalls(rightRun());
    expect(verdict.problems).toEqual([]);
    expect(verdict.latenciesMs).toEqual([500, 600]);
    expect(verdict.toFirstAttemptMs).toEqual([100, 100]);
    expect(verdict.answerToReplyMs).toEqual([100, 200]);
    expect(verdict.lastReferenceAt).toBe(2100);
    expect(verdict.attemptsMean).toBe(2);
  });

  it('a citizen registered twice (two Idempotency-Keys) fails', () => {
    const run = rightRun();
    const verdict = judgeCalls({ ...run, submissions: [...run.submissions, { key: 'key-x', reference: 'JAL-2026-000003', citizen: citizens[0] ?? '', fields: { problem: 'problem 0' } }] });
    expect(verdict.problems.join('\n')).toMatch(/registered 3 submissions under 3 distinct Idempotency-Keys; expected 2/);
    expect(verdict.problems.join('\n')).toMatch(/more than one submission .* for 919700000000/);
  });

  it("a citizen who got another citizen's reference fails", () => {
    const run = rightRun();
    const sends = run.sends.map((s) => (s.body.to === citizens[1] && JSON.stringify(s.body).includes('JAL-') ? text(citizens[1] ?? '', `Reference number: *${reference(0)}*`, s.at) : s));
    expect(judgeCalls({ ...run, sends }).problems.join('\n')).toMatch(/919700000001 got \[JAL-2026-000001\], registered JAL-2026-000002/);
  });

  it('a call left pending, or made in another number of attempts than asked, fails', () => {
    const run = rightRun();
    const [first, second] = run.calls;
    if (first === undefined || second === undefined) throw new Error('two calls');
    const pending = judgeCalls({ ...run, calls: [{ ...first, state: 'pending', outcome: null }, second] });
    expect(pending.problems.join('\n')).toMatch(/calls not done ok: key-0 pending\/-/);
    const once = judgeCalls({ ...run, calls: [{ ...first, attempts: 1 }, second] });
    expect(once.problems.join('\n')).toMatch(/not made in exactly 2 attempt\(s\).*key-0 1\/2/);
  });

  it('a reply doubled at the fake Graph API fails', () => {
    const run = rightRun();
    const extra = run.sends[0];
    if (extra === undefined) throw new Error('a send');
    const verdict = judgeCalls({ ...run, sends: [...run.sends, extra], fakeAccepted: 9 });
    expect(verdict.problems.join('\n')).toMatch(/the outbox holds 8 replies but the fake Graph API accepted 9/);
    expect(verdict.problems.join('\n')).toMatch(/without exactly 4 replies: 919700000000 got 5/);
  });
});

describe('bench/serve/calls.ts (real serve, receiver and fake Graph API)', () => {
  it('3 citizens on SQLite, every call failed twice first: checks pass, 3 attempts per call', () => {
    const root = resolve(import.meta.dirname, '../..');
    const result = spawnSync(resolve(root, 'node_modules/.bin/tsx'), ['bench/serve/calls.ts', '--citizens', '3', '--store', 'sqlite', '--fail-first', '2', '--backoff-ms', '10'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('\n{') + 1)) as { checksOk: boolean; perRound: { attemptsPerCall: number; attemptsMax: number; problems: string[] }[] };
    expect(report.checksOk).toBe(true);
    expect(report.perRound[0]).toMatchObject({ attemptsPerCall: 3, attemptsMax: 3, problems: [] });
  }, 150_000);
});
