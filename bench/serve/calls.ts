/**
 * Durable calls to a department's system (issue 16), on both stores: how fast `samvad serve`
 * turns confirmed submissions into the citizens' references, and what retries cost.
 *
 *   node_modules/.bin/tsx bench/serve/calls.ts [--citizens 200] [--store sqlite,postgres]
 *     [--fail-first 0] [--rounds 1] [--backoff-ms 20] [--pg-url postgres://user:pw@host:5432/postgres]
 *     [--pg-synchronous-commit on] [--serve-log file]
 *
 * Per store and round, everything fresh: a SQLite file or a PostgreSQL database (embedded, with
 * PostgreSQL's durable defaults, unless `--pg-url`), the reference receiver
 * (examples/grievance-receiver/receiver.mjs, spawned), and `samvad serve examples/grievance.flow`
 * (spawned, on 127.0.0.1, its endpoint pointed at the receiver through the bench's relay,
 * calls-relay.ts). `--pg-synchronous-commit off` sets it off for the bench's databases (commits
 * then wait for no fsync; see stores.ts). One fake Graph API (spawned, recording every send) serves
 * the whole run.
 *
 * 1. **Walk** (not measured): `--citizens` citizens walk the grievance flow in lock-step, one signed
 *    webhook each per step, the next step once every citizen has had its answer — a greeting, the
 *    department "1" (Revenue), a problem of their own, "2" (no photo), "2" (no place) — up to the
 *    confirmation.
 * 2. **Confirm** (measured): every citizen sends "1" (Submit) at once. serve stores each call with
 *    its turn, posts it, and answers the citizen with the reference the receiver issued.
 *
 * Reported per store: the time from the first confirm posted to the last reply carrying a reference
 * accepted by the fake, submissions per second over it, p50/p99 of each citizen's confirm →
 * reference-reply latency, attempts per call, and serve's CPU (all threads) from the first confirm
 * until everything drained, per submission.
 *
 * `--fail-first N`: the relay answers 500 to the first N attempts of EVERY call (the receiver's own
 * FAIL_FIRST counts requests over all calls), so each call is retried N times; serve's first
 * retry waits `--backoff-ms` (SAMVAD_CALL_BACKOFF_MS, default here 20 ms against serve's 1,000;
 * with full jitter, doubled per retry), so the figure shows the retry path's cost more than the
 * wait. The relay runs in this process in every run (also with N = 0), so both runs have the same
 * path.
 *
 * Checked (calls-check.ts; a failed check fails the run, exit 1): the receiver registered exactly N
 * distinct Idempotency-Keys, one per citizen with its own problem; every call is done `ok` after
 * exactly 1 + N attempts, as many as the relay saw; each citizen got exactly one reply carrying a
 * reference, the one the receiver issued for its submission; nothing is pending in the calls table;
 * every message was processed without error and every reply sent, and the fake Graph API accepted
 * exactly as many sends as the outbox holds (none lost, none doubled), still so 500 ms later.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from '@samvad/whatsapp/db';
import type { PgPool } from '@samvad/whatsapp/db';
import { startEmbeddedPostgres } from '../../packages/whatsapp/test/support/postgres.js';
import { PHONE_NUMBER_ID, ROOT, SAMVAD, SECRET, cpuMs, fakeCount, numberArg, start, stop, textArg, textDelivery } from './load.js';
import type { Proc, ReplyCounts } from './load.js';
import { judgeCalls } from './calls-check.js';
import type { Sent, Submission } from './calls-check.js';
import { startCallsRelay } from './calls-relay.js';
import { pgCalls, sqliteCalls } from './calls-rows.js';
import type { CallRow } from './calls-rows.js';
import { createBenchDatabase, pgCounts } from './pg-check.js';
import { sqliteCounts } from './sqlite-check.js';

const CITIZENS = numberArg('citizens', 200);
const FAIL_FIRST = numberArg('fail-first', 0);
const ROUNDS = numberArg('rounds', 1);
const BACKOFF_MS = numberArg('backoff-ms', 20);
const PG_SYNCHRONOUS_COMMIT = textArg('pg-synchronous-commit', 'on');
/** `--serve-log <file>`: serve's log lines (after start-up) are appended there, to look into a failed check. */
const SERVE_LOG = textArg('serve-log', '');
if (PG_SYNCHRONOUS_COMMIT !== 'on' && PG_SYNCHRONOUS_COMMIT !== 'off') throw new Error(`--pg-synchronous-commit takes on or off, got "${PG_SYNCHRONOUS_COMMIT}"`);
const GRIEVANCE_SECRET = 'bench-grievance-secret-0123456789';
/** Longest wait for one walk step or for the confirmations to drain, in seconds. */
const LIMIT_S = 300;
for (const [name, value, min] of [['citizens', CITIZENS, 1], ['fail-first', FAIL_FIRST, 0], ['rounds', ROUNDS, 1], ['backoff-ms', BACKOFF_MS, 1]] as const) {
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} takes a whole number ≥ ${min}, got ${String(value)}`);
}
type Store = 'sqlite' | 'postgres';
const STORES: readonly Store[] = textArg('store', 'sqlite,postgres')
  .split(',')
  .map((s) => {
    if (s !== 'sqlite' && s !== 'postgres') throw new Error(`--store takes sqlite and/or postgres, comma-separated; got "${s}"`);
    return s;
  });

/** The walk up to the confirmation: one message per step, one answer each (examples/grievance.flow). */
const WALK: readonly ((i: number) => string)[] = [() => 'namaskar', () => '1', (i) => `The road near house ${i} is broken`, () => '2', () => '2'];
/**
 * Replies per citizen in all: one per walk step, then two once the call is answered — the page with
 * the reference and the flow's end message (`then end`). The confirm's own turn says nothing.
 */
const REPLIES_PER_CITIZEN = WALK.length + 2;

const citizens = Array.from({ length: CITIZENS }, (_, i) => `9197${String(i).padStart(8, '0')}`);
const problemOf = new Map(citizens.map((c, i) => [c, WALK[2]?.(i) ?? '']));

let wamids = 0;
/** A signed webhook delivery of one text message from `from`. */
function delivery(from: string, text: string): { body: string; headers: Record<string, string> } {
  wamids += 1;
  return textDelivery(from, text, `wamid.CALLS${process.pid}x${wamids}`);
}

async function post(serveUrl: string, from: string, text: string): Promise<void> {
  const { body, headers } = delivery(from, text);
  const response = await fetch(`${serveUrl}/webhook`, { method: 'POST', headers, body });
  if (response.status !== 200) throw new Error(`serve answered ${response.status} to ${from}'s "${text}": ${await response.text()}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `done` every `everyMs` until it holds; throws `what` after LIMIT_S. */
async function until(what: string, done: () => Promise<boolean>, everyMs = 50): Promise<void> {
  const deadline = Date.now() + LIMIT_S * 1000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${LIMIT_S} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The reference receiver on a free port of 127.0.0.1. */
function startReceiver(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['examples/grievance-receiver/receiver.mjs'], {
    cwd: ROOT,
    env: { ...process.env, GRIEVANCE_SECRET, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url !== undefined) {
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // it logs every registration: keep draining, unread
        done({ child, url });
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`the receiver exited with ${code}:\n${out}`)));
  });
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

/** Where one setup keeps its data, and how the checks read it. */
interface StoreHandle {
  readonly db: string;
  calls(): Promise<CallRow[]>;
  counts(): Promise<ReplyCounts>;
  dispose(): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'samvad-bench-calls-'));
const external = textArg('pg-url', '');
const pgServer = external === '' && STORES.includes('postgres') ? await startEmbeddedPostgres({ durable: true }) : undefined;
const pgAdmin = external !== '' ? external : pgServer?.url;

async function openStore(store: Store): Promise<StoreHandle> {
  if (store === 'sqlite') {
    const path = join(dir, `calls-${randomBytes(4).toString('hex')}.db`);
    return { db: path, calls: async () => sqliteCalls(path), counts: async () => sqliteCounts(path, 0), dispose: async () => rmSync(path, { force: true }) };
  }
  if (pgAdmin === undefined) throw new Error('no PostgreSQL server');
  const { url: db, drop } = await createBenchDatabase(pgAdmin, 'bench_calls', PG_SYNCHRONOUS_COMMIT);
  let reader: PgPool | undefined;
  return {
    db,
    calls: () => pgCalls((reader ??= createPool(db, { max: 1, applicationName: 'samvad bench' }))),
    counts: () => pgCounts(db, 0),
    async dispose() {
      await reader?.end();
      await drop();
    },
  };
}

/** One store's measured confirm phase. */
interface Run {
  readonly store: Store;
  readonly round: number;
  readonly firstToLastS: number;
  readonly submissionsPerSec: number;
  readonly p50ms: number;
  readonly p99ms: number;
  /** p50 of confirm → the call's first attempt at the relay, and of the last answer → the reference reply. */
  readonly toFirstAttemptP50ms: number;
  readonly answerToReplyP50ms: number;
  readonly attemptsPerCall: number;
  readonly attemptsMax: number;
  /** serve's CPU (all threads) from the first confirm until drained, in all and per submission. */
  readonly serveCpuMs: number | undefined;
  readonly serveCpuMsPerSubmission: number | undefined;
  readonly problems: readonly string[];
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;

async function runOnce(store: Store, round: number, fake: Proc): Promise<Run> {
  const handle = await openStore(store);
  const receiver = await startReceiver();
  const relay = await startCallsRelay(receiver.url, FAIL_FIRST);
  let serve: Proc | undefined;
  try {
    await fetch(`${fake.url.replace(/\/v[\d.]+$/, '')}/_sent`, { method: 'DELETE' });
    serve = await start(process.execPath, [SAMVAD, 'serve', 'examples/grievance.flow', '--no-watch'], {
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: 'bench',
      WHATSAPP_ACCESS_TOKEN: 'bench-token',
      WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_API_BASE_URL: fake.url,
      WHATSAPP_SEND_RATE: '10000',
      GRIEVANCE_URL: `${relay.url}/grievances`,
      GRIEVANCE_SECRET,
      SAMVAD_CALL_BACKOFF_MS: String(BACKOFF_MS),
      SAMVAD_CALL_ATTEMPTS: String(Math.max(6, FAIL_FIRST + 1)),
      SAMVAD_DB: handle.db,
      PORT: '0',
    });
    const serveUrl = serve.url;
    if (SERVE_LOG !== '') {
      appendFileSync(SERVE_LOG, `--- round ${round}, ${store}\n`);
      serve.child.stdout?.on('data', (chunk: Buffer) => appendFileSync(SERVE_LOG, chunk));
    }

    // 1. The walk, in lock-step: each step's answers all arrive before the next step is sent.
    for (const [step, text] of WALK.entries()) {
      await Promise.all(citizens.map((c, i) => post(serveUrl, c, text(i))));
      const want = CITIZENS * (step + 1);
      await until(`the answers to walk step ${step + 1} (${want} sends)`, async () => (await fakeCount(fake.url)) >= want);
    }

    // 2. Every citizen confirms at once.
    const confirmAt = new Map<string, number>();
    const cpuBefore = cpuMs(serve.child.pid);
    const firstConfirm = Date.now();
    await Promise.all(
      citizens.map((c) => {
        confirmAt.set(c, Date.now());
        return post(serveUrl, c, '1');
      }),
    );
    const submissionsOf = async () => (await (await fetch(`${receiver.url}/submissions`)).json()) as Submission[];
    const expected = CITIZENS * REPLIES_PER_CITIZEN;
    await until(`every reference reply (${expected} sends in all)`, async () => (await fakeCount(fake.url)) >= expected, 20);
    await until('serve to drain (no message queued, no reply or call pending)', async () => {
      const health = (await (await fetch(`${serveUrl}/healthz`)).json()) as { queueDepth: number; outboxDepth: number; calls?: { pending: number } };
      return health.queueDepth === 0 && health.outboxDepth === 0 && (health.calls?.pending ?? 0) === 0;
    });
    const cpuAfter = cpuMs(serve.child.pid);
    const accepted = await fakeCount(fake.url);
    await sleep(500);
    const fakeSettled = (await fakeCount(fake.url)) === accepted;

    const sends = (await (await fetch(`${fake.url.replace(/\/v[\d.]+$/, '')}/_sent`)).json()) as Sent[];
    const verdict = judgeCalls({
      citizens,
      problemOf,
      confirmAt,
      submissions: await submissionsOf(),
      calls: await handle.calls(),
      relayAttempts: relay.attempts(),
      relayTimes: relay.times(),
      sends,
      repliesPerCitizen: REPLIES_PER_CITIZEN,
      store: await handle.counts(),
      fakeAccepted: accepted,
      fakeSettled,
      failFirst: FAIL_FIRST,
    });
    const problems = relay.relayErrors() > 0 ? [...verdict.problems, `the relay failed to reach the receiver ${relay.relayErrors()} time(s)`] : verdict.problems;
    const sorted = [...verdict.latenciesMs].sort((a, b) => a - b);
    const firstToLastS = ((verdict.lastReferenceAt ?? Date.now()) - firstConfirm) / 1000;
    const serveCpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    return {
      store,
      round,
      firstToLastS,
      submissionsPerSec: Math.round(CITIZENS / Math.max(0.001, firstToLastS)),
      p50ms: quantile(sorted, 0.5),
      p99ms: quantile(sorted, 0.99),
      toFirstAttemptP50ms: quantile([...verdict.toFirstAttemptMs].sort((a, b) => a - b), 0.5),
      answerToReplyP50ms: quantile([...verdict.answerToReplyMs].sort((a, b) => a - b), 0.5),
      attemptsPerCall: Number(verdict.attemptsMean.toFixed(2)),
      attemptsMax: verdict.attemptsMax,
      serveCpuMs,
      serveCpuMsPerSubmission: serveCpuMs === undefined ? undefined : Number((serveCpuMs / CITIZENS).toFixed(2)),
      problems,
    };
  } finally {
    if (serve !== undefined) await stop(serve);
    await relay.close();
    await stopChild(receiver.child);
    await handle.dispose();
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const loadAtStart = loadavg().map((l) => Number(l.toFixed(1)));
const fake = await start(process.execPath, [SAMVAD, 'fake-graph-api', '--port', '0']);
const runs: Run[] = [];
try {
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const store of STORES) {
      const run = await runOnce(store, round, fake);
      runs.push(run);
      console.error(
        `round ${round}, ${store}: ${CITIZENS} submissions in ${run.firstToLastS.toFixed(2)} s (${run.submissionsPerSec}/s), confirm → reference p50 ${run.p50ms} ms, p99 ${run.p99ms} ms ` +
          `(p50 confirm → first attempt ${run.toFirstAttemptP50ms} ms, answer → reply ${run.answerToReplyP50ms} ms), ` +
          `${run.attemptsPerCall} attempts/call, serve CPU ${run.serveCpuMs ?? '?'} ms (${run.serveCpuMsPerSubmission ?? '?'} ms/submission); ` +
          (run.problems.length === 0 ? 'checks ok' : `CHECKS FAILED:\n  ${run.problems.join('\n  ')}`),
      );
    }
  }
  const byStore = STORES.map((store) => {
    const mine = runs.filter((r) => r.store === store);
    return {
      store,
      firstToLastS: Number(median(mine.map((r) => r.firstToLastS)).toFixed(2)),
      submissionsPerSec: median(mine.map((r) => r.submissionsPerSec)),
      p50ms: median(mine.map((r) => r.p50ms)),
      p99ms: median(mine.map((r) => r.p99ms)),
      toFirstAttemptP50ms: median(mine.map((r) => r.toFirstAttemptP50ms)),
      answerToReplyP50ms: median(mine.map((r) => r.answerToReplyP50ms)),
      attemptsPerCall: median(mine.map((r) => r.attemptsPerCall)),
      serveCpuMsPerSubmission: median(mine.map((r) => r.serveCpuMsPerSubmission ?? NaN)),
      checksOk: mine.every((r) => r.problems.length === 0),
    };
  });
  console.table(byStore);
  const ok = runs.every((r) => r.problems.length === 0);
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        citizens: CITIZENS,
        failFirst: FAIL_FIRST,
        backoffMs: BACKOFF_MS,
        rounds: ROUNDS,
        postgres: STORES.includes('postgres') ? `${external !== '' ? 'external (--pg-url)' : 'embedded, durable defaults'}; synchronous_commit ${PG_SYNCHRONOUS_COMMIT}` : undefined,
        loadAverage: { start: loadAtStart, end: loadavg().map((l) => Number(l.toFixed(1))) },
        byStore,
        perRound: runs,
        checksOk: ok,
      },
      null,
      2,
    ),
  );
  if (!ok) {
    console.error(`FAILED: at least one check failed (see "problems" per round)${SERVE_LOG === '' ? '; --serve-log <file> keeps serve\'s log' : `; serve's log: ${SERVE_LOG}`}`);
    process.exitCode = 1;
  }
} finally {
  await stop(fake);
  await pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
}
