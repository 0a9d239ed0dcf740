/**
 * `samvad serve` on its two stores, same load, one run: SQLite with one process against PostgreSQL
 * with 1, 2 and 3 processes sharing one database (issue 13).
 *
 *   node_modules/.bin/tsx bench/serve/stores.ts [--store sqlite:1,postgres:1,postgres:2,postgres:3]
 *     [--duration 6] [--connections 50] [--rate 1000] [--rounds 1] [--warmup 3] [--drain 300]
 *     [--send-rate 10000] [--lone 10] [--lone-duration 3] [--pg-url postgres://user:pw@host:5432/postgres] [--pg-synchronous-commit off]
 *     [--cpu] [--pg-analyze]
 *
 * A setup may name another checkout of samvad, `postgres:1@../samvad-before`: its serve runs from
 * there (an A/B of two versions against the same SQLite figure, in one run).
 *
 * Each setup, each round, starts fresh: a new SQLite file or a new PostgreSQL database, its
 * processes started one after the other (the first applies the migrations). Then, all unmeasured
 * work drained and checked before the next phase:
 *   1. warm-up, `--warmup` seconds (JIT, caches; not counted);
 *   2. **throughput**: autocannon, `--connections` in all, split evenly over the processes (as a
 *      load balancer would), as fast as they acknowledge — acknowledged deliveries per second, p50
 *      and p99 of the acknowledgement;
 *   3. **fixed rate**: `--rate` deliveries per second in all (WhatsApp's highest per-number tier
 *      is 1,000 messages/s) — p50 and p99 of the acknowledgement at that rate;
 *   4. **lone messages**: `--lone` deliveries per second (default 10: each message alone, the
 *      processing idle between them) for `--lone-duration` seconds (default 3).
 * For the last two, the wait of each message for its reply is read from the store after the drain
 * (the reply's `sent_at`, accepted by the Graph API, less the message's `received_at`): p50 and p99.
 * After each phase the run waits (up to `--drain` s) until every stored message is processed and
 * every reply ended, then checks: every message processed without error and with a reply, every
 * reply `sent`, the fake Graph API received exactly as many sends (none lost, none doubled). A
 * failed check fails the run (exit 1).
 *
 * PostgreSQL: by default an embedded server (the test harness's) started for the run with
 * PostgreSQL's durable defaults (fsync, synchronous_commit on); `--pg-url` uses an existing server
 * instead (a database is created in it per setup and round). SQLite runs with serve's default
 * (WAL, synchronous=NORMAL: a commit survives a process crash, not a power loss — PostgreSQL's
 * synchronous_commit=on survives both, so the comparison favours SQLite). `--pg-synchronous-commit
 * off` sets it off for the bench's databases (`ALTER DATABASE`): commits then wait for no fsync,
 * closer to SQLite's NORMAL (a crash of the machine can lose the last fraction of a second).
 *
 * `--cpu` prints, for the throughput phase and then for its drain, the CPU of every thread of serve,
 * every PostgreSQL process (by application_name), the fake, autocannon and the rest of the machine
 * (cpu-breakdown.ts).
 *
 * With several processes, latency is the worst p50/p99 among the per-process autocannon runs, and
 * throughput their sum. Every process, the database server, the fake Graph API and autocannon share
 * the machine's cores: more processes add CPU contention, not cores.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PgPool } from '@samvad/whatsapp/db';
import { startEmbeddedPostgres } from '../../packages/whatsapp/test/support/postgres.js';
import { PHONE_NUMBER_ID, ROOT, SAMVAD, SECRET, cpuMs, describeCheck, drainThenCheck, fakeCount, load, numberArg, start, stop, textArg } from './load.js';
import type { AutocannonResult, Proc, ReplyCheck, ReplyCounts, ReplyLatency } from './load.js';
import { CpuWatch, describeBreakdown } from './cpu-breakdown.js';
import { createBenchDatabase, pgAnalyze, pgCounts, pgLastSeq, pgOpenWork, pgReplyLatency } from './pg-check.js';
import { sqliteCounts, sqliteLastSeq, sqliteReplyLatency } from './sqlite-check.js';

const DURATION = numberArg('duration', 6);
const CONNECTIONS = numberArg('connections', 50);
const RATE = numberArg('rate', 1000);
const ROUNDS = numberArg('rounds', 1);
const WARMUP = numberArg('warmup', 3);
const DRAIN_S = numberArg('drain', 300);
const SEND_RATE = numberArg('send-rate', 10_000);
const LONE = numberArg('lone', 10);
const LONE_S = numberArg('lone-duration', 3);
/**
 * `--pg-analyze`: ANALYZE the setup's database after the warm-up, as autovacuum does within its first
 * minute on a running deployment. A fresh database has no statistics, and the sending pool plans its
 * claims once per connection (generic plans): made on an empty outbox, those plans cost several
 * times more until autovacuum's ANALYZE replaces them — sooner or later within a round of this bench.
 */
const PG_ANALYZE = process.argv.includes('--pg-analyze');
const PG_SYNCHRONOUS_COMMIT = textArg('pg-synchronous-commit', 'on');
/** `--cpu`: print where the CPU went during the throughput phase and its drain (cpu-breakdown.ts). */
const CPU = process.argv.includes('--cpu');
if (PG_SYNCHRONOUS_COMMIT !== 'on' && PG_SYNCHRONOUS_COMMIT !== 'off') throw new Error(`--pg-synchronous-commit takes on or off, got "${PG_SYNCHRONOUS_COMMIT}"`);

type Store = 'sqlite' | 'postgres';
interface Setup {
  readonly store: Store;
  readonly processes: number;
  /** Another checkout of samvad whose serve this setup runs (an A/B of two versions in one run). */
  readonly checkout?: string;
}
const SETUPS: readonly Setup[] = textArg('store', 'sqlite:1,postgres:1,postgres:2,postgres:3')
  .split(',')
  .map((item) => {
    const [spec = '', checkout] = item.split('@');
    const [store, n] = spec.split(':');
    const processes = Number(n ?? '1');
    if ((store !== 'sqlite' && store !== 'postgres') || !Number.isInteger(processes) || processes < 1) {
      throw new Error(`--store takes store:processes[@checkout] items, e.g. sqlite:1,postgres:3; got "${item}"`);
    }
    if (store === 'sqlite' && processes !== 1) throw new Error('SQLite serves from one process: use sqlite:1');
    return { store, processes, ...(checkout !== undefined && checkout !== '' ? { checkout } : {}) };
  });
const label = (s: Setup) => `${s.store} × ${s.processes}${s.checkout !== undefined ? ` @${s.checkout}` : ''}`;

/** Where a setup keeps its data, and how its checks read it. */
interface StoreHandle {
  /** SAMVAD_DB for its processes. */
  readonly db: string;
  lastSeq(): Promise<number>;
  /** A connection to the setup's PostgreSQL server (pg_stat_activity for `--cpu`), if PostgreSQL. */
  readonly admin?: PgPool;
  /** PostgreSQL: ANALYZE its database (`--pg-analyze`). */
  analyze?(): Promise<void>;
  /** Work left (unprocessed messages, open replies) after `afterSeq`; 0 once drained. */
  openWork(afterSeq: number, procs: readonly Proc[]): Promise<number>;
  counts(afterSeq: number): Promise<ReplyCounts>;
  /** How long the messages after `afterSeq` waited for their reply. */
  latency(afterSeq: number): Promise<ReplyLatency>;
  dispose(): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'samvad-bench-stores-'));
writeFileSync(join(dir, 'canned.json'), '{}');
const fake = await start(process.execPath, [SAMVAD, 'fake-graph-api', '--port', '0', '--no-record']);
const external = textArg('pg-url', '');
const server = external === '' && SETUPS.some((s) => s.store === 'postgres') ? await startEmbeddedPostgres({ durable: true }) : undefined;
const pgAdmin = external !== '' ? external : server?.url;

async function openStore(setup: Setup): Promise<StoreHandle> {
  if (setup.store === 'sqlite') {
    const path = join(dir, `bench-${randomBytes(4).toString('hex')}.db`);
    return {
      db: path,
      lastSeq: async () => sqliteLastSeq(path),
      openWork: async (_afterSeq, procs) => {
        let open = 0;
        for (const p of procs) {
          const h = (await (await fetch(`${p.url}/healthz`)).json()) as { queueDepth: number; outboxDepth: number };
          open += h.queueDepth + h.outboxDepth;
        }
        return open;
      },
      counts: async (afterSeq) => sqliteCounts(path, afterSeq),
      latency: async (afterSeq) => sqliteReplyLatency(path, afterSeq),
      dispose: async () => rmSync(path, { force: true }),
    };
  }
  if (pgAdmin === undefined) throw new Error('no PostgreSQL server');
  const { url: db, admin, drop } = await createBenchDatabase(pgAdmin, 'bench', PG_SYNCHRONOUS_COMMIT);
  return {
    db,
    admin,
    lastSeq: () => pgLastSeq(db),
    openWork: (afterSeq) => pgOpenWork(db, afterSeq),
    counts: (afterSeq) => pgCounts(db, afterSeq),
    latency: (afterSeq) => pgReplyLatency(db, afterSeq),
    analyze: () => pgAnalyze(db),
    dispose: drop,
  };
}

function startServe(db: string, checkout: string | undefined): Promise<Proc> {
  const samvad = checkout === undefined ? SAMVAD : resolve(checkout, 'packages/cli/bin/samvad.js');
  return start(process.execPath, [samvad, 'serve', join(checkout ?? ROOT, 'flows/jalna-mitra.flow'), '--canned', join(dir, 'canned.json'), '--no-watch'], {
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_VERIFY_TOKEN: 'bench',
    WHATSAPP_ACCESS_TOKEN: 'bench-token',
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_API_BASE_URL: fake.url,
    WHATSAPP_SEND_RATE: String(SEND_RATE),
    SAMVAD_DB: db,
    PORT: '0',
  });
}

/** One phase's load over every process at once: `connections` and `rate` split evenly. */
interface Phase {
  readonly acksPerSec: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50ms: number;
  readonly p99ms: number;
  /** CPU of all serve processes per request (µs). */
  readonly cpuUsPerRequest: number | undefined;
}

async function phase(procs: readonly Proc[], duration: number, rate?: number, connections = CONNECTIONS): Promise<Phase> {
  const cpu = (): number | undefined => {
    let sum = 0;
    for (const p of procs) {
      const ms = cpuMs(p.child.pid);
      if (ms === undefined) return undefined;
      sum += ms;
    }
    return sum;
  };
  const before = cpu();
  const results: AutocannonResult[] = await Promise.all(
    procs.map((p) => load(p.url, duration, Math.max(1, Math.ceil(connections / procs.length)), rate === undefined ? undefined : rate / procs.length)),
  );
  const after = cpu();
  const requests = results.reduce((n, r) => n + r.requests.total, 0);
  return {
    acksPerSec: Math.round(results.reduce((n, r) => n + r.requests.average, 0)),
    requests,
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    p50ms: Math.max(...results.map((r) => r.latency.p50)),
    p99ms: Math.max(...results.map((r) => r.latency.p99)),
    cpuUsPerRequest: before === undefined || after === undefined ? undefined : Math.round(((after - before) * 1000) / Math.max(1, requests)),
  };
}

function drainAndCheck(store: StoreHandle, procs: readonly Proc[], afterSeq: number, fakeBefore: number): Promise<ReplyCheck> {
  return drainThenCheck(async () => (await store.openWork(afterSeq, procs)) === 0, () => store.counts(afterSeq), fake.url, fakeBefore, DRAIN_S);
}

/** Runs a phase, then drains and checks what it stored; with `cpu`, prints where the CPU went in each. */
async function checked(
  store: StoreHandle,
  procs: readonly Proc[],
  duration: number,
  rate?: number,
  cpu = false,
  connections = CONNECTIONS,
): Promise<{ phase: Phase; check: ReplyCheck; reply: ReplyLatency }> {
  const before = { seq: await store.lastSeq(), fake: await fakeCount(fake.url) };
  const watch = () => CpuWatch.start(procs.map((p) => p.child.pid ?? 0), fake.child.pid, store.admin);
  const loadWatch = cpu ? await watch() : undefined;
  const result = await phase(procs, duration, rate, connections);
  const loadCpu = await loadWatch?.stop();
  const drainWatch = cpu ? await watch() : undefined;
  const check = await drainAndCheck(store, procs, before.seq, before.fake);
  const drainCpu = await drainWatch?.stop();
  if (loadCpu !== undefined) console.error(`CPU during the phase (${result.requests} acks):\n${describeBreakdown(loadCpu, result.requests)}`);
  if (drainCpu !== undefined) console.error(`CPU during its drain (per ack of the phase):\n${describeBreakdown(drainCpu, result.requests)}`);
  return { phase: result, check, reply: await store.latency(before.seq) };
}

interface SetupRound {
  readonly setup: string;
  readonly round: number;
  readonly throughput: Phase;
  readonly atRate: Phase;
  /** The wait for a reply at `--rate`, and of lone messages (`--lone`). */
  readonly replyAtRate: ReplyLatency;
  readonly replyLone: ReplyLatency;
  readonly checks: readonly ReplyCheck[];
}

const rounds: SetupRound[] = [];
try {
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const setup of SETUPS) {
      const store = await openStore(setup);
      const procs: Proc[] = [];
      try {
        for (let i = 0; i < setup.processes; i += 1) procs.push(await startServe(store.db, setup.checkout));
        const checks: ReplyCheck[] = [];
        if (WARMUP > 0) checks.push((await checked(store, procs, WARMUP)).check);
        if (PG_ANALYZE) await store.analyze?.();
        if (CPU) console.error(`${label(setup)}, round ${round}, throughput phase:`);
        const throughput = await checked(store, procs, DURATION, undefined, CPU);
        checks.push(throughput.check);
        const atRate = await checked(store, procs, DURATION, RATE);
        checks.push(atRate.check);
        const lone = await checked(store, procs, LONE_S, LONE, false, procs.length);
        checks.push(lone.check);
        rounds.push({ setup: label(setup), round, throughput: throughput.phase, atRate: atRate.phase, replyAtRate: atRate.reply, replyLone: lone.reply, checks });
        const t = throughput.phase;
        const r = atRate.phase;
        console.error(
          `round ${round}, ${label(setup)}: ${t.acksPerSec} acks/s (p50 ${t.p50ms} ms, p99 ${t.p99ms} ms, ${t.cpuUsPerRequest ?? '?'} µs CPU/req, ${t.non2xx} non-2xx); ` +
            `at ${RATE}/s: ${r.acksPerSec} acks/s, p50 ${r.p50ms} ms, p99 ${r.p99ms} ms, reply within p50 ${atRate.reply.p50ms} / p99 ${atRate.reply.p99ms} ms; ` +
            `lone messages (${LONE}/s): reply within p50 ${lone.reply.p50ms} / p99 ${lone.reply.p99ms} ms` +
            `${lone.reply.processedP50ms !== undefined ? ` (processed within p50 ${lone.reply.processedP50ms} ms)` : ''}; ${checks.map(describeCheck).join('; ')}`,
        );
      } finally {
        await Promise.all(procs.map(stop));
        await store.dispose();
      }
    }
  }
  const median = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  };
  /** The same round's SQLite figure: ratios are only compared side by side (a busy machine moves both). */
  const sqliteOf = (round: number) => rounds.find((r) => r.round === round && r.setup === 'sqlite × 1')?.throughput.acksPerSec;
  const bySetup = SETUPS.map((setup) => {
    const mine = rounds.filter((r) => r.setup === label(setup));
    const ratios = mine.flatMap((r) => {
      const base = sqliteOf(r.round);
      return base === undefined ? [] : [r.throughput.acksPerSec / Math.max(1, base)];
    });
    return {
      setup: label(setup),
      acksPerSec: median(mine.map((r) => r.throughput.acksPerSec)),
      vsSqlite: ratios.length === 0 ? undefined : Number(median(ratios).toFixed(2)),
      p99msMax: median(mine.map((r) => r.throughput.p99ms)),
      cpuUsPerRequest: median(mine.map((r) => r.throughput.cpuUsPerRequest ?? 0)),
      [`p50msAt${RATE}`]: median(mine.map((r) => r.atRate.p50ms)),
      [`p99msAt${RATE}`]: median(mine.map((r) => r.atRate.p99ms)),
      [`acksAt${RATE}`]: median(mine.map((r) => r.atRate.acksPerSec)),
      [`replyP99msAt${RATE}`]: median(mine.map((r) => r.replyAtRate.p99ms)),
      replyP50msLone: median(mine.map((r) => r.replyLone.p50ms)),
      replyP99msLone: median(mine.map((r) => r.replyLone.p99ms)),
      repliesOk: mine.every((r) => r.checks.every((c) => c.ok)),
    };
  });
  console.table(bySetup);
  const sqlite = bySetup.find((s) => s.setup === 'sqlite × 1');
  const pg1 = bySetup.find((s) => s.setup === 'postgres × 1');
  const ok = rounds.every((r) => r.checks.every((c) => c.ok));
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        durationS: DURATION,
        connections: CONNECTIONS,
        rate: RATE,
        rounds: ROUNDS,
        warmupS: WARMUP,
        sendRate: SEND_RATE,
        postgres: `${external !== '' ? 'external (--pg-url)' : 'embedded, durable defaults'}; synchronous_commit ${PG_SYNCHRONOUS_COMMIT}`,
        loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
        bySetup,
        postgres1VsSqlite: sqlite !== undefined && pg1 !== undefined ? Number((pg1.acksPerSec / Math.max(1, sqlite.acksPerSec)).toFixed(2)) : undefined,
        perRound: rounds,
        repliesOk: ok,
      },
      null,
      2,
    ),
  );
  if (!ok) {
    console.error('FAILED: in at least one phase a message did not get all its replies (see "checks" per round)');
    process.exitCode = 1;
  }
} finally {
  await stop(fake);
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
