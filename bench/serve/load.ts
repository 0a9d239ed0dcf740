/**
 * What the serve benchmarks share: starting a process that prints `listening on <url>`, the signed
 * deliveries (1,000 citizens, each alternating "0" home and "2" GR menu), autocannon against one or
 * several servers, the CPU a process used, and the fake Graph API's count of accepted sends.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { signBody } from '@samvad/whatsapp';

/** The part of autocannon's API used here (the package ships no types). */
export interface Histogram {
  readonly average: number;
  readonly total: number;
  readonly p50: number;
  readonly p99: number;
}
export interface AutocannonResult {
  readonly requests: Histogram;
  readonly latency: Histogram;
  readonly non2xx: number;
  readonly errors: number;
}
interface RawRequest {
  readonly method?: string;
  readonly path?: string;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  requests: { method: string; setupRequest: (req: RawRequest) => RawRequest & { body: string; headers: Record<string, string> } }[];
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export const ROOT = resolve(import.meta.dirname, '../..');
export const SAMVAD = resolve(ROOT, 'packages/cli/bin/samvad.js');
export const SECRET = 'bench-app-secret';
export const PHONE_NUMBER_ID = '106540352242922';
const USERS = 1000;

/** `--name value` from the command line, as a number. */
export const numberArg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

/** `--name value` from the command line, as text. */
export const textArg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

export interface Proc {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Spawns `command args` and resolves once it prints `listening on <url>`. */
export function start(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Proc> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`${args.join(' ')} did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const url = /listening on (http:\/\/[^\s)]+)/.exec(out)?.[1];
      if (url !== undefined && out.length < 1e6) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        done({ child, url });
      }
    });
    child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited with ${code}:\n${out}`)));
  });
}

/** SIGTERM, then the exit. */
export const stop = (p: Proc) =>
  new Promise<void>((done) => {
    if (p.child.exitCode !== null) return done();
    p.child.once('exit', () => done());
    p.child.kill('SIGTERM');
  });

/** A webhook delivery of one text message `text` from `from` with wamid `wamid`, signed with the bench's app secret. */
export function textDelivery(from: string, text: string, wamid: string): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '419561257915477', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
      contacts: [{ profile: { name: 'Bench' }, wa_id: from }],
      messages: [{ from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
    } }] }],
  });
  return { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET) } };
}

let counter = 0;
/** A signed delivery with a unique wamid, from one of 1,000 citizens; each alternates "0" (home) and "2" (GR menu). */
export function delivery(): { body: string; headers: Record<string, string> } {
  counter += 1;
  const from = `9198${String(counter % USERS).padStart(8, '0')}`;
  return textDelivery(from, Math.floor(counter / USERS) % 2 === 0 ? '0' : '2', `wamid.BENCH${process.pid}x${counter}`);
}

/** autocannon POSTing deliveries to `{url}/webhook`; `overallRate`: requests per second in all (unset: as fast as answered). */
export function load(url: string, duration: number, connections: number, overallRate?: number): Promise<AutocannonResult> {
  return autocannon({
    url: `${url}/webhook`,
    connections,
    duration,
    ...(overallRate !== undefined ? { overallRate } : {}),
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...delivery() }) }],
  });
}

/** CPU time (ms, all threads) a process has used so far: Linux /proc, 100 ticks/s; undefined elsewhere. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** The fake's count of accepted sends (retried: a kept-alive connection may have been closed meanwhile). */
export async function fakeCount(fakeUrl: string): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return ((await (await fetch(`${fakeUrl.replace(/\/v[\d.]+$/, '')}/_count`)).json()) as { sent: number }).sent;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** What became of the messages stored during one round, read after its backlog drained. */
export interface ReplyCheck {
  readonly stored: number;
  readonly unprocessed: number;
  readonly turnErrors: number;
  readonly withoutReply: number;
  readonly replies: number;
  readonly repliesNotSent: number;
  /** Sends the fake accepted during the round and its drain. */
  readonly fakeReceived: number;
  readonly drainS: number;
  readonly drained: boolean;
  readonly ok: boolean;
}

/** How long a phase's messages waited for their reply (stored → accepted by the Graph API), ms. */
export interface ReplyLatency {
  readonly p50ms: number;
  readonly p99ms: number;
  /** Of which processing (stored → committed turn), p50; PostgreSQL only. */
  readonly processedP50ms?: number;
}

/** The counts of a `ReplyCheck` as read from a store, before the verdict. */
export type ReplyCounts = Omit<ReplyCheck, 'fakeReceived' | 'drainS' | 'drained' | 'ok'>;

/** The verdict: drained, every message processed without error with a reply, every reply sent once. */
export function verdict(counts: ReplyCounts, fakeReceived: number, drainS: number, drained: boolean): ReplyCheck {
  const ok = drained && counts.unprocessed === 0 && counts.turnErrors === 0 && counts.withoutReply === 0 && counts.repliesNotSent === 0 && fakeReceived === counts.replies;
  return { ...counts, fakeReceived, drainS, drained, ok };
}

/** How long nothing may be left to process or send before a phase counts as drained. */
const SETTLE_MS = 300;

/**
 * Waits (unmeasured, polling every 100 ms, up to `limitS` seconds) until `settled` says nothing is
 * left to process or send, then gives the verdict: `counts` from the store, and the replies the
 * fake Graph API at `fakeUrl` received since it had `fakeBefore`.
 */
export async function drainThenCheck(
  settled: () => Promise<boolean>,
  counts: () => ReplyCounts | Promise<ReplyCounts>,
  fakeUrl: string,
  fakeBefore: number,
  limitS: number,
): Promise<ReplyCheck> {
  const started = Date.now();
  let drained = false;
  /** When nothing was left, if nothing has been left since: settled only if still so `SETTLE_MS` later (a request autocannon had in flight at the phase's end may land meanwhile). */
  let settledAt: number | undefined;
  while (Date.now() - started < limitS * 1000) {
    if (await settled()) {
      settledAt ??= Date.now();
      if (Date.now() - settledAt >= SETTLE_MS) {
        drained = true;
        break;
      }
    } else settledAt = undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainS = ((settledAt ?? Date.now()) - started) / 1000;
  return verdict(await counts(), (await fakeCount(fakeUrl)) - fakeBefore, drainS, drained);
}

export const describeCheck = (c: ReplyCheck) =>
  c.ok
    ? `replies ok: ${c.stored} messages, ${c.replies} replies, all sent once (drained in ${c.drainS.toFixed(1)} s)`
    : `REPLIES FAILED: ${JSON.stringify(c)}`;
