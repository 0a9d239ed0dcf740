/**
 * The PostgreSQL sender with real parts: a real PostgreSQL (support/postgres.ts), the schema
 * applied by `applyMigrations`, the fake Graph API on loopback and the real HTTP client. Several
 * `PgSender`s on one database stand for several `samvad serve` processes: each has its own pool,
 * process id and slots, as separate processes would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphApi } from '../src/fake/fake-graph-api.js';
import type { FakeGraphApi, RecordedSend } from '../src/fake/fake-graph-api.js';
import type { LogFields, Logger } from '../src/ops/log.js';
import { createMetrics } from '../src/ops/metrics.js';
import { applyMigrations } from '../src/pg/migrate.js';
import { createPool } from '../src/pg/pool.js';
import type { PgPool } from '../src/pg/pool.js';
import { burstOf, PgSender } from '../src/pg/send/pg-sender.js';
import type { PgSenderOptions } from '../src/pg/send/pg-sender.js';
import { readOutboxWatch } from '../src/pg/send/outbox-watch.js';
import { graphSender } from '../src/send/graph-client.js';
import type { SendFn, SendOutcome } from '../src/send/graph-client.js';
import { Slots } from '../src/send/slots.js';
import { startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';

const NUMBER = '106540352242922';
const HOUR = 60 * 60 * 1000;

let db: TestPostgres;
let fake: FakeGraphApi;
/** Pools and senders to close after each test (in reverse). */
let cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  db = await startTestPostgres();
  fake = await startFakeGraphApi({ accessToken: 'token' });
  const pool = openPool('migrate');
  await applyMigrations(pool);
  await pool.end();
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  cleanups = [];
  await fake.close();
  await db.stop();
}, 30_000);

function openPool(name: string): PgPool {
  const pool = createPool(db.url, { max: 8, applicationName: name }, () => undefined);
  return pool;
}

const client = (timeoutMs = 2_000): SendFn =>
  graphSender({ baseUrl: fake.url, phoneNumberId: NUMBER, accessToken: 'token', timeoutMs, connectTimeoutMs: 1_000 });

interface Logged {
  readonly level: string;
  readonly event: string;
  readonly fields: LogFields;
}

/** A sender standing for one process: its own pool; `events` collects its log. */
function startSender(name: string, options: Partial<PgSenderOptions> & { send?: SendFn; rate?: number } = {}) {
  const pool = openPool(name);
  const events: Logged[] = [];
  const log: Logger = { log: (level, event, fields = {}) => void events.push({ level, event, fields }) };
  const { send, rate, ...rest } = options;
  const sender = new PgSender(pool, {
    bots: [{ numberId: NUMBER, client: send ?? client(), rate: rate ?? 1_000 }],
    processId: name,
    log,
    metrics: createMetrics(() => ({ outbox: 0, queue: 0 })),
    retryBaseMs: 40,
    retryCapMs: 200,
    pollMs: 500,
    ...rest,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await sender.stop();
    await pool.end();
  };
  cleanups.push(stop);
  return { sender, pool, events, stop, started: sender.start() };
}

const citizen = (i: number) => `9190000${String(i).padStart(5, '0')}`;

/** Reply bodies numbered per citizen: `<citizen>#<n>`. */
function body(to: string, text: string): string {
  return JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: text } });
}

/**
 * Commits replies as the processor does (one transaction, then NOTIFY samvad_outbox): `replies`
 * in id order; `windowStart` defaults to now (the citizen just wrote).
 */
async function addReplies(replies: readonly { to: string; text: string; windowStart?: number }[], number = NUMBER): Promise<void> {
  const pool = openPool('processor');
  try {
    const now = Date.now();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const inbound = await client.query<{ seq: string }>(
        `INSERT INTO inbound (wamid, number_id, citizen, type, message, sent_at, received_at)
         VALUES ('wamid.in.' || md5(random()::text), $1, $2, 'text', '{}', $3, $3) RETURNING seq`,
        [number, replies[0]?.to ?? '0', now],
      );
      await client.query(
        `INSERT INTO outbox (number_id, citizen, inbound_seq, body, due_at, window_start, created_at)
         SELECT $1, c, $2, b, $3, w, $3 FROM unnest($4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY AS u(c, b, w, n) ORDER BY n`,
        [number, inbound.rows[0]?.seq, now, replies.map((r) => r.to), replies.map((r) => body(r.to, r.text)), replies.map((r) => r.windowStart ?? now)],
      );
      await client.query('COMMIT');
      await client.query(`NOTIFY samvad_outbox, '${number}'`);
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

interface OutboxState {
  readonly id: number;
  readonly citizen: string;
  readonly state: string;
  readonly attempts: number;
  readonly claimedBy: string | null;
  readonly leaseUntil: number | null;
  readonly wamid: string | null;
  readonly text: string;
}

async function outbox(pool: PgPool): Promise<OutboxState[]> {
  const result = await pool.query<{ id: string; citizen: string; state: string; attempts: number; claimed_by: string | null; lease_until: string | null; wamid: string | null; body: string }>(
    'SELECT id, citizen, state, attempts, claimed_by, lease_until, wamid, body FROM outbox ORDER BY id',
  );
  return result.rows.map((r) => ({
    id: Number(r.id),
    citizen: r.citizen,
    state: r.state,
    attempts: r.attempts,
    claimedBy: r.claimed_by,
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    wamid: r.wamid,
    text: (JSON.parse(r.body) as { text: { body: string } }).text.body,
  }));
}

const textOf = (send: RecordedSend) => (send.body as { text: { body: string } }).text.body;

/** The texts each citizen received, in arrival order at the fake. */
function receivedBy(sends: readonly RecordedSend[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const send of sends) {
    const to = String(send.body.to);
    by.set(to, [...(by.get(to) ?? []), textOf(send)]);
  }
  return by;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The most of `times` (ms) within any 1,000 ms. */
function busiestSecond(times: readonly number[]): number {
  const at = [...times].sort((x, y) => x - y);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i += 1) {
    while (j < at.length && (at[j] ?? 0) <= (at[i] ?? 0) + 1_000) j += 1;
    most = Math.max(most, j - i);
  }
  return most;
}

/** `count` replies each for `citizens` citizens, interleaved (the order replies are committed in). */
function interleaved(citizens: number, count: number, from = 0): { to: string; text: string }[] {
  const replies: { to: string; text: string }[] = [];
  for (let n = from; n < from + count; n += 1) for (let c = 0; c < citizens; c += 1) replies.push({ to: citizen(c), text: `${citizen(c)}#${n}` });
  return replies;
}

describe('PgSender: several processes drain one outbox', () => {
  it('two senders drain 1,000 replies for 50 citizens: each sent once, every citizen in order, the combined rate within the number’s limit', async () => {
    const rate = 100;
    await addReplies(interleaved(50, 10));
    const a = startSender('process-a', { rate });
    const b = startSender('process-b', { rate });
    await Promise.all([a.started, b.started]);
    // The other half arrives while they send, as turns commit.
    for (let part = 0; part < 5; part += 1) await addReplies(interleaved(50, 2, 10 + part * 2));
    await until('1,000 replies at the fake', () => fake.sentCount() >= 1_000, 40_000);
    await until('every row marked', async () => (await outbox(a.pool)).every((r) => r.state === 'sent'));
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more may arrive

    const sends = fake.sent();
    expect(sends).toHaveLength(1_000);
    expect(new Set(sends.map(textOf)).size).toBe(1_000);
    for (const [to, texts] of receivedBy(sends)) {
      expect(texts).toEqual(Array.from({ length: 20 }, (_, n) => `${to}#${n}`));
    }
    const rows = await outbox(a.pool);
    expect(rows.every((r) => r.wamid !== null && r.attempts === 1)).toBe(true);
    const byProcess = { a: rows.filter((r) => r.claimedBy === 'process-a').length, b: rows.filter((r) => r.claimedBy === 'process-b').length };
    expect(byProcess.a + byProcess.b).toBe(1_000);
    expect(byProcess.a).toBeGreaterThan(0);
    expect(byProcess.b).toBeGreaterThan(0);

    // The shared bucket, on the database's clock: the two processes together were granted at most
    // burst + rate sends in any second (a row's claim time is its lease_until − the lease).
    const burst = burstOf(rate);
    const claimedAt = rows.map((r) => (r.leaseUntil ?? 0) - 30_000);
    const granted = busiestSecond(claimedAt);
    expect(granted).toBeLessThanOrEqual(burst + rate + 1);
    // As Meta sees it (arrival at the fake): the same, but for sends bunched by a stalled event loop.
    const at = sends.map((s) => s.at);
    const arrived = busiestSecond(at);
    expect(arrived).toBeLessThanOrEqual(Math.ceil((burst + rate) * 1.5));
    const spanS = (Math.max(...at) - Math.min(...at)) / 1000;
    const steady = (1_000 - burst) / spanS;
    expect(steady).toBeLessThanOrEqual(rate * 1.1);
    console.log(
      `pg-send: 1,000 replies by 2 senders in ${spanS.toFixed(2)} s (limit ${rate}/s, burst ${burst}): after the burst ${steady.toFixed(0)}/s; ` +
        `busiest second ${granted} granted, ${arrived} arrived; rows per process a=${byProcess.a} b=${byProcess.b}`,
    );
  }, 60_000);

  it('a process killed mid-send (its connections gone, no stop): the other takes its leased rows over once the lease runs out and sends them', async () => {
    const leaseMs = 2_000;
    const real = client();
    let forwarded = 0;
    let dead = false;
    const hanging: ((outcome: SendOutcome) => void)[] = [];
    let died: Promise<void> | undefined;
    const victimPool = { current: undefined as PgPool | undefined };
    // The victim forwards its sends to the fake; on its 40th, it dies: Meta accepted what it had
    // in flight, but no outcome is ever written (the duplicate window of the documentation).
    const victimSend: SendFn = async (payload) => {
      forwarded += 1;
      if (forwarded === 40) died = kill();
      const outcome = await real(payload);
      if (!dead) return outcome;
      return new Promise<SendOutcome>((resolve) => hanging.push(resolve));
    };
    const kill = async () => {
      dead = true;
      const pool = victimPool.current;
      if (pool === undefined) return;
      const ended = pool.end().catch(() => undefined); // no new connection from here on
      const admin = openPool('admin');
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'victim'`);
      await admin.end();
      await ended;
    };
    await addReplies(interleaved(20, 5));
    const victim = startSender('victim', { send: victimSend, leaseMs, rate: 100 });
    victimPool.current = victim.pool;
    cleanups.push(async () => {
      hanging.splice(0).forEach((resolve) => resolve({ ok: false, message: 'test over' }));
    });
    await victim.started;
    await until('the victim to die', () => died !== undefined);
    await died;
    const observer = openPool('observer');
    cleanups.push(() => observer.end());
    const held = (await outbox(observer)).filter((r) => r.claimedBy === 'victim' && (r.state === 'pending' || r.state === 'sending'));
    expect(held.length).toBeGreaterThan(0);
    // Until another process runs, /healthz's figures (read by any process) name the abandoned citizens.
    await until('the leases to run out', async () => (await readOutboxWatch(observer, [NUMBER], 100)).abandoned > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const watch = await readOutboxWatch(observer, [NUMBER], 100);
    expect(watch.abandoned).toBe(new Set(held.map((r) => r.citizen)).size);
    expect(watch.open).toBe(100 - (await outbox(observer)).filter((r) => r.state === 'sent').length);

    // No safety poll: the survivor wakes when the victim's leases run out (the claim says when).
    const survivor = startSender('survivor', { leaseMs, rate: 100, pollMs: 60_000 });
    await survivor.started;
    await until('every row sent', async () => (await outbox(observer)).every((r) => r.state === 'sent'), 30_000);

    const rows = await outbox(observer);
    for (const row of held) expect(rows.find((r) => r.id === row.id)?.claimedBy).toBe('survivor');
    const takenOver = survivor.events.filter((e) => e.event === 'send.taken_over');
    expect(takenOver.map((e) => e.fields.outbox).sort()).toEqual(held.map((r) => r.id).sort());
    expect(takenOver.every((e) => e.fields.from === 'victim')).toBe(true);

    // Every reply arrived; only the rows the victim held when it died arrived twice (never more),
    // and each citizen's replies arrived in order.
    const sends = fake.sent();
    const counts = new Map<string, number>();
    for (const s of sends) counts.set(textOf(s), (counts.get(textOf(s)) ?? 0) + 1);
    expect(counts.size).toBe(100);
    const twice = [...counts].filter(([, n]) => n > 1).map(([text]) => text).sort();
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    const heldTexts = new Set(held.map((r) => r.text));
    expect(twice.every((text) => heldTexts.has(text))).toBe(true);
    for (const [to, texts] of receivedBy(sends)) {
      const collapsed = texts.filter((t, i) => t !== texts[i - 1]);
      expect(collapsed).toEqual(Array.from({ length: 5 }, (_, n) => `${to}#${n}`));
    }
    console.log(`pg-send: killed with ${held.length} rows leased; ${twice.length} sent twice (Meta had accepted them before the kill), all taken over after the ${leaseMs} ms lease`);
  }, 60_000);

  it('a send outlasting its lease: the row is taken over, and the late outcome is not written over the new holder’s (send.lease_lost)', async () => {
    const leaseMs = 1_000;
    const real = client();
    const gate = () => {
      let open: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return { open, opened };
    };
    const aSent = gate();
    const aGo = gate();
    const bSent = gate();
    const bGo = gate();
    const held = (sent: ReturnType<typeof gate>, go: ReturnType<typeof gate>): SendFn => async (payload) => {
      const outcome = await real(payload);
      sent.open();
      await go.opened;
      return outcome;
    };
    await addReplies([{ to: citizen(1), text: 'slow' }]);
    const a = startSender('process-a', { send: held(aSent, aGo), leaseMs, pollMs: 60_000 });
    await a.started;
    await aSent.opened;
    const b = startSender('process-b', { send: held(bSent, bGo), leaseMs, pollMs: 200 });
    cleanups.push(async () => {
      aGo.open();
      bGo.open();
    });
    await b.started;
    await bSent.opened; // B claimed the row once A's lease ran out, and sent it again
    aGo.open();
    await until('A to find its lease gone', () => a.events.some((e) => e.event === 'send.lease_lost'));
    bGo.open();
    await until('the row sent', async () => (await outbox(b.pool))[0]?.state === 'sent');
    const [row] = await outbox(b.pool);
    expect(row?.claimedBy).toBe('process-b');
    expect(row?.wamid).toBe(fake.sent()[1]?.wamid); // B's send, not A's late one
    expect(fake.sent().map(textOf)).toEqual(['slow', 'slow']);
    expect(b.events.filter((e) => e.event === 'send.taken_over').map((e) => e.fields.from)).toEqual(['process-a']);
  }, 30_000);

  it('a process does not send again a row whose send (or outcome) is still under way when its own lease runs out', async () => {
    const real = client();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slow: SendFn = async (payload) => {
      calls += 1;
      const outcome = await real(payload);
      await gate;
      return outcome;
    };
    await addReplies([{ to: citizen(1), text: 'slow' }]);
    const a = startSender('process-a', { send: slow, leaseMs: 300, pollMs: 100 });
    cleanups.push(async () => release());
    await a.started;
    await until('the send', () => calls === 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // three leases long, a poll every 100 ms
    release();
    await until('the row sent', async () => (await outbox(a.pool))[0]?.state === 'sent');
    expect(calls).toBe(1);
    expect(fake.sent().map(textOf)).toEqual(['slow']);
  }, 30_000);

  it('one process, two numbers: each number is sent through its own client at its own rate; a slow number does not hold up the other', async () => {
    const OTHER = '106540352242933';
    const other = graphSender({ baseUrl: fake.url, phoneNumberId: OTHER, accessToken: 'token', timeoutMs: 2_000 });
    const pool = openPool('process-two');
    cleanups.push(() => pool.end());
    const sender = new PgSender(pool, {
      bots: [
        { numberId: NUMBER, client: client(), rate: 1 },
        { numberId: OTHER, client: other, rate: 1_000 },
      ],
      processId: 'process-two',
      log: { log: () => undefined },
      metrics: createMetrics(() => ({ outbox: 0, queue: 0 })),
      pollMs: 500,
    });
    cleanups.push(() => sender.stop());
    await addReplies(interleaved(10, 1)); // 10 replies on the slow number (1/s)…
    await addReplies(interleaved(10, 3).map((r) => ({ ...r, text: `other ${r.text}` })), OTHER); // …30 on the fast one
    await sender.start();
    await until('the fast number’s 30 replies', () => fake.sent().filter((s) => s.phoneNumberId === OTHER).length === 30);
    const slow = fake.sent().filter((s) => s.phoneNumberId === NUMBER).length;
    expect(slow).toBeLessThan(10); // still waiting for tokens: the fast number went past them
    expect(fake.sent().filter((s) => s.phoneNumberId === OTHER).every((s) => textOf(s).startsWith('other '))).toBe(true);
    expect(fake.sent().filter((s) => s.phoneNumberId === NUMBER).every((s) => !textOf(s).startsWith('other '))).toBe(true);
    const buckets = await pool.query<{ number_id: string }>('SELECT number_id FROM send_rate ORDER BY number_id');
    expect(buckets.rows.map((r) => r.number_id)).toEqual([NUMBER, OTHER].sort());
  }, 30_000);

  it('an outage (the Graph API answering 503): replies are held and retried, then all sent once it is back, in order, none given up', async () => {
    fake.setMode('down');
    await addReplies(interleaved(5, 3));
    const a = startSender('process-a');
    const b = startSender('process-b');
    await Promise.all([a.started, b.started]);
    await until('every first reply tried twice', async () => {
      const rows = await outbox(a.pool);
      return rows.filter((r) => r.attempts >= 2).length >= 5;
    });
    const during = await outbox(a.pool);
    expect(during.every((r) => r.state === 'pending' || r.state === 'sending')).toBe(true);
    // Only each citizen's first reply is tried: the others wait behind it.
    expect(during.filter((r) => r.attempts > 0).map((r) => r.text).sort()).toEqual(Array.from({ length: 5 }, (_, c) => `${citizen(c)}#0`));
    expect(fake.sentCount()).toBe(0);
    expect(Math.max(a.sender.health().failuresInARow, b.sender.health().failuresInARow)).toBeGreaterThan(0);
    await until('the health figures', () => a.sender.health().held === 15);
    expect(a.sender.health()).toMatchObject({ held: 15, stalled: 0, writeError: undefined });

    fake.setMode('up');
    await until('every row sent', async () => (await outbox(a.pool)).every((r) => r.state === 'sent'));
    const sends = fake.sent();
    expect(sends).toHaveLength(15);
    for (const [to, texts] of receivedBy(sends)) expect(texts).toEqual([`${to}#0`, `${to}#1`, `${to}#2`]);
    expect(a.events.concat(b.events).some((e) => e.event === 'send.retry' && e.fields.code === 2)).toBe(true);
  }, 40_000);

  it('a hanging Graph API: requests end at their deadline and are retried, and other citizens are answered meanwhile', async () => {
    fake.setMode('hang', 2); // the first two sends get no answer at all
    await addReplies(interleaved(6, 2));
    const a = startSender('process-a', { send: client(400), maxInFlight: 2, slowAfterMs: 100 });
    await a.started;
    await until('every row sent', async () => (await outbox(a.pool)).every((r) => r.state === 'sent'));
    expect(fake.requests().hung).toBe(2);
    const sends = fake.sent();
    expect(sends).toHaveLength(12);
    for (const [to, texts] of receivedBy(sends)) expect(texts).toEqual([`${to}#0`, `${to}#1`]);
    // While the two hung (slow after 100 ms, holding at most half the slots), others went out.
    const retried = a.events.filter((e) => e.event === 'send.retry');
    expect(retried).toHaveLength(2);
    expect(retried.every((e) => String(e.fields.error).includes('no answer within 400 ms'))).toBe(true);
    const firstRetry = (await outbox(a.pool)).filter((r) => r.attempts === 2).map((r) => r.text);
    expect(firstRetry).toHaveLength(2);
    const before = sends.findIndex((s) => firstRetry.includes(textOf(s)));
    expect(before).toBeGreaterThan(0); // someone else's reply arrived before the hung ones' retries
  }, 30_000);

  it('131047 from Meta ends the reply as window_closed; a reply whose 24-hour window already closed is not sent; the next replies go on', async () => {
    const res = await fetch(fake.url.replace(/\/v23\.0$/, '/_inject'), { method: 'POST', body: JSON.stringify({ status: 400, code: 131047, count: 1 }) });
    expect(res.status).toBe(200);
    await addReplies([
      { to: citizen(1), text: 'refused' },
      { to: citizen(2), text: 'too late', windowStart: Date.now() - 25 * HOUR },
      { to: citizen(1), text: 'next' },
      { to: citizen(2), text: 'fresh' },
    ]);
    const a = startSender('process-a', { maxInFlight: 1 });
    await a.started;
    await until('every row ended', async () => (await outbox(a.pool)).every((r) => r.state !== 'pending' && r.state !== 'sending'));
    const rows = await outbox(a.pool);
    expect(rows.map((r) => [r.text, r.state])).toEqual([
      ['refused', 'window_closed'],
      ['too late', 'window_closed'],
      ['next', 'sent'],
      ['fresh', 'sent'],
    ]);
    expect(fake.sent().map(textOf).sort()).toEqual(['fresh', 'next']);
    const closed = a.events.filter((e) => e.event === 'send.window_closed');
    expect(closed.map((e) => e.fields.code ?? null)).toEqual([131047, null]);
  }, 30_000);

  it('a throughput error (130429) pauses the number for every process, then the replies go out', async () => {
    await fetch(fake.url.replace(/\/v23\.0$/, '/_inject'), { method: 'POST', body: JSON.stringify({ status: 400, code: 130429, count: 1 }) });
    await addReplies([{ to: citizen(1), text: 'first' }]);
    const retryBaseMs = 1_000;
    const a = startSender('process-a', { retryBaseMs, retryCapMs: 5_000 });
    const b = startSender('process-b', { retryBaseMs, retryCapMs: 5_000 });
    await Promise.all([a.started, b.started]);
    await until('the throughput error', () => (fake.failures()['130429'] ?? 0) === 1);
    const refusedAt = Date.now();
    await until('the retry recorded', async () => (await outbox(a.pool))[0]?.attempts === 1);
    await addReplies(interleaved(4, 1, 1));
    await until('every row sent', async () => (await outbox(a.pool)).every((r) => r.state === 'sent'));
    // The first delay is jittered in [base/2, base]: nothing reached Meta before half of it.
    const firstAfter = Math.min(...fake.sent().map((s) => s.at));
    expect(firstAfter - refusedAt).toBeGreaterThanOrEqual(retryBaseMs / 2 - 100);
    expect(fake.sent()).toHaveLength(5);
  }, 30_000);

  it('stop() lets the sends in flight finish and be marked; no lease is left behind', async () => {
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const real = client();
    const slow: SendFn = async (payload) => {
      await gate;
      return real(payload);
    };
    await addReplies(interleaved(3, 2));
    const a = startSender('process-a', { send: slow });
    await a.started;
    await until('three sends in flight', async () => (await outbox(a.pool)).filter((r) => r.leaseUntil !== null).length === 3);
    const stopping = a.sender.stop();
    release?.();
    await stopping;
    const rows = await outbox(a.pool);
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'pending', 'pending', 'pending']);
    expect(rows.filter((r) => r.state === 'pending').every((r) => r.leaseUntil === null && r.claimedBy === null)).toBe(true);
    await a.stop();

    // Another process sends the rest at once (nothing waits for a lease to run out).
    const b = startSender('process-b');
    await b.started;
    await until('every row sent', async () => (await outbox(b.pool)).every((r) => r.state === 'sent'), 5_000);
  }, 30_000);

  it('idle, a sender only polls slowly: one claim per number per poll, not a busy loop', async () => {
    const a = startSender('process-a', { pollMs: 1_000 });
    await a.started;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const bucketAt = async () => (await a.pool.query<{ updated_at: string }>('SELECT updated_at FROM send_rate')).rows.map((r) => r.updated_at);
    const before = await bucketAt();
    expect(before).toHaveLength(1); // created at start
    let calls = 0;
    const pool = a.pool as unknown as Record<'query', (...args: unknown[]) => unknown>;
    const original = pool.query.bind(a.pool);
    pool.query = (...args: unknown[]) => {
      calls += 1;
      return original(...args);
    };
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // Two polls (a third if the timers drift): a claim and a health read each; a busy loop would be thousands.
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(6);
    expect(await bucketAt()).toEqual(before); // not written while idle
    expect(a.sender.health()).toMatchObject({ held: 0, oldestHeldMs: 0, unwrittenMarks: 0, writeError: undefined, stalled: 0 });
  }, 30_000);
});

describe('Slots.room', () => {
  it('counts how many requests may start together, slow ones holding at most half', () => {
    const slots = new Slots(4, 1_000);
    expect(slots.room(0)).toBe(4);
    slots.take(1, 0);
    slots.take(2, 0);
    expect(slots.room(10)).toBe(2);
    // Both turned slow: they count as 2 of the half (2), so 2 more may start.
    expect(slots.room(2_000)).toBe(2);
    slots.take(3, 2_000);
    slots.take(4, 2_000);
    expect(slots.room(2_000)).toBe(0);
    // Four slow: they count for 2, and 8 in flight is the hard cap.
    expect(slots.room(4_000)).toBe(2);
  });
});
