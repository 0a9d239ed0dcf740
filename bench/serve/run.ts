/**
 * Webhook throughput: autocannon against `samvad serve` (durable: every delivery committed to
 * SQLite before the 200, then processed and sent to a fake Graph API) and, in the same run,
 * against a bare `node:http` server that only checks the signature.
 *
 *   node_modules/.bin/tsx bench/serve/run.ts [--duration 10] [--connections 50] [--rounds 3] [--warmup 4] [--send-rate 10000] [--drain 300]
 *
 * `--send-rate` is `WHATSAPP_SEND_RATE`. The default, 10,000/s, lets the server send as fast as
 * the fake accepts, so that a round's replies can all go out: after every serve round (warm-up
 * included) the run waits, unmeasured, up to `--drain` seconds for the inbound queue and the
 * outbox to empty, then checks the SQLite file and the fake's count — every stored message
 * processed without error, with at least one reply, every reply `sent`, and the fake received
 * exactly as many sends as there are sent rows (none lost, none doubled). A round that fails the
 * check fails the run (exit 1). At Meta's default 80/s a 10-second round makes more replies than
 * can be sent in the drain limit, and fails honestly.
 *
 * The two servers are measured alternately, `rounds` times each. The ratio reported is the median
 * of the per-round ratios (each serve round against the bare round just before it): the host's
 * speed drifts during a run (the bare server has been seen at 11k and 21k req/s in one run), and a
 * ratio of two rounds measured seconds apart cancels most of that drift, where the ratio of the
 * two median rounds does not; that one is reported too (`ratioOfMedians`). Before the rounds,
 * each server gets one uncounted warm-up round of `--warmup` seconds (default 4; 0 skips it): a
 * freshly started process first spends its CPU on JIT compilation and filling caches, which a
 * production server does once, not per request. Each round also
 * reports the server process's CPU time per request (all threads, from /proc) — steadier than
 * req/s when the neighbours are busy — and, for serve, the messages still waiting for processing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SAMVAD, SECRET, PHONE_NUMBER_ID, cpuMs, describeCheck, drainThenCheck, fakeCount, load as loadAt, numberArg as arg, start, stop } from './load.js';
import type { AutocannonResult, Proc, ReplyCheck } from './load.js';
import { sqliteCounts, sqliteLastSeq as lastSeq } from './sqlite-check.js';

const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 50);
const ROUNDS = arg('rounds', 3);
const WARMUP = arg('warmup', 4);
const SEND_RATE = arg('send-rate', 10_000);
const DRAIN_S = arg('drain', 300);

const load = (url: string, duration = DURATION): Promise<AutocannonResult> => loadAt(url, duration, CONNECTIONS);

/** The server's own process: `tsx file.ts` runs the file in a child node process. */
function serverPid(p: Proc): number | undefined {
  const pid = p.child.pid;
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter((c) => c !== '');
    return children.length === 1 ? Number(children[0]) : pid;
  } catch {
    return pid;
  }
}

interface Round {
  readonly result: AutocannonResult;
  /** The server process's CPU time (all its threads) per request; the second number for a busy machine. */
  readonly cpuUsPerRequest: number | undefined;
}

async function measure(p: Proc): Promise<Round> {
  const pid = serverPid(p);
  const before = cpuMs(pid);
  const result = await load(p.url);
  const after = cpuMs(pid);
  const cpuUsPerRequest = before === undefined || after === undefined ? undefined : Math.round(((after - before) * 1000) / Math.max(1, result.requests.total));
  return { result, cpuUsPerRequest };
}

const summary = (name: string, { result: r, cpuUsPerRequest }: Round) => ({
  name,
  requests: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors,
  reqPerSec: Math.round(r.requests.average),
  p50ms: r.latency.p50,
  p99ms: r.latency.p99,
  cpuUsPerRequest,
});


/** Waits (unmeasured) for the queue and the outbox to empty, then checks every message got its replies. */
function drainAndCheck(serveUrl: string, fakeUrl: string, dbPath: string, afterSeq: number, fakeBefore: number): Promise<ReplyCheck> {
  const settled = async () => {
    const h = (await (await fetch(`${serveUrl}/healthz`)).json()) as { queueDepth: number; outboxDepth: number };
    return h.queueDepth === 0 && h.outboxDepth === 0;
  };
  return drainThenCheck(settled, () => sqliteCounts(dbPath, afterSeq), fakeUrl, fakeBefore, DRAIN_S);
}

const dir = mkdtempSync(join(tmpdir(), 'samvad-bench-'));
writeFileSync(join(dir, 'canned.json'), '{}');
const tsx = join(ROOT, 'node_modules/.bin/tsx');
const samvad = SAMVAD;
const fake = await start(process.execPath, [samvad, 'fake-graph-api', '--port', '0', '--no-record']);
const dbPath = join(dir, 'bench.db');
const bare = await start(tsx, ['bench/serve/bare-server.ts', SECRET]);
// SERVE_NODE_ARGS: extra node flags for the serve process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
// (flags NODE_OPTIONS refuses).
const serveNodeArgs = (process.env.SERVE_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
const serve = await start(process.execPath, [...serveNodeArgs, samvad, 'serve', 'flows/jalna-mitra.flow', '--canned', join(dir, 'canned.json'), '--no-watch'], {
  WHATSAPP_APP_SECRET: SECRET,
  WHATSAPP_VERIFY_TOKEN: 'bench',
  WHATSAPP_ACCESS_TOKEN: 'bench-token',
  WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
  WHATSAPP_API_BASE_URL: fake.url,
  WHATSAPP_SEND_RATE: String(SEND_RATE),
  SAMVAD_DB: dbPath,
  SAMVAD_DB_SYNC: process.env.SAMVAD_DB_SYNC ?? 'NORMAL',
  NODE_OPTIONS: process.env.SERVE_NODE_OPTIONS ?? '',
  PORT: '0',
});
try {
  const bareRounds: Round[] = [];
  const serveRounds: Round[] = [];
  const queueAfterRounds: number[] = [];
  const checks: ReplyCheck[] = [];
  if (WARMUP > 0) {
    const warmBare = await load(bare.url, WARMUP);
    const before = { seq: lastSeq(dbPath), fake: await fakeCount(fake.url) };
    const warmServe = await load(serve.url, WARMUP);
    const warmCheck = await drainAndCheck(serve.url, fake.url, dbPath, before.seq, before.fake);
    console.error(`warm-up (not counted): bare ${Math.round(warmBare.requests.average)} req/s, serve ${Math.round(warmServe.requests.average)} req/s; ${describeCheck(warmCheck)}`);
    checks.push(warmCheck);
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    const b = await measure(bare);
    const before = { seq: lastSeq(dbPath), fake: await fakeCount(fake.url) };
    const v = await measure(serve);
    bareRounds.push(b);
    serveRounds.push(v);
    const queue = ((await (await fetch(`${serve.url}/healthz`)).json()) as { queueDepth: number }).queueDepth;
    queueAfterRounds.push(queue);
    const check = await drainAndCheck(serve.url, fake.url, dbPath, before.seq, before.fake);
    checks.push(check);
    console.error(
      `round ${round + 1}: bare ${Math.round(b.result.requests.average)} req/s (${b.cpuUsPerRequest ?? '?'} µs CPU/req), ` +
        `serve ${Math.round(v.result.requests.average)} req/s (${v.cpuUsPerRequest ?? '?'} µs CPU/req; ${queue} messages still queued) ` +
        `— ratio ${(v.result.requests.average / Math.max(1, b.result.requests.average)).toFixed(2)}; ${describeCheck(check)}`,
    );
  }
  const median = (rounds: Round[]) => {
    const sorted = [...rounds].sort((a, b) => a.result.requests.average - b.result.requests.average);
    return sorted[Math.floor(sorted.length / 2)] as Round;
  };
  const medianOf = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  };
  const roundRatios = bareRounds.map((b, i) => (serveRounds[i]?.result.requests.average ?? 0) / Math.max(1, b.result.requests.average));
  const bareResult = summary('bare node:http (signature only)', median(bareRounds));
  const serveResult = summary(`samvad serve (durable, synchronous=${process.env.SAMVAD_DB_SYNC ?? 'NORMAL'})`, median(serveRounds));
  // Every round was drained and checked already (drainAndCheck): nothing is left to wait for here.
  const sent = await fakeCount(fake.url);
  console.table([bareResult, serveResult]);
  console.log(JSON.stringify({
    date: new Date().toISOString(),
    durationS: DURATION,
    connections: CONNECTIONS,
    rounds: ROUNDS,
    warmupS: WARMUP,
    loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(1))),
    bare: bareResult,
    serve: serveResult,
    ratio: Number(medianOf(roundRatios).toFixed(2)),
    ratioOfMedians: Number((serveResult.reqPerSec / bareResult.reqPerSec).toFixed(2)),
    sendRate: SEND_RATE,
    perRound: bareRounds.map((b, i) => ({
      bare: Math.round(b.result.requests.average),
      serve: Math.round(serveRounds[i]?.result.requests.average ?? 0),
      ratio: Number((roundRatios[i] ?? 0).toFixed(2)),
      serveQueueAfter: queueAfterRounds[i],
      replies: checks[WARMUP > 0 ? i + 1 : i],
    })),
    deliveriesAccepted: serveRounds.reduce((n, r) => n + r.result.requests.total - r.result.non2xx, 0),
    repliesSent: sent,
    repliesOk: checks.every((c) => c.ok),
  }, null, 2));
  if (!checks.every((c) => c.ok)) {
    console.error('FAILED: in at least one round a message did not get all its replies (see "replies" per round)');
    process.exitCode = 1;
  }
} finally {
  await Promise.all([stop(serve), stop(bare), stop(fake)]);
  rmSync(dir, { recursive: true, force: true });
}
