/**
 * The call worker against a real receiver on 127.0.0.1, on both stores: a real SQLite file and a
 * real PostgreSQL. The call is stored by the turn's transaction (SQLite: the processor's insert;
 * PostgreSQL: finishTurn), then claimed, posted, retried and finished — the finish leaving the
 * inbound row `samvad-call:<key>` that carries the result to the citizen's conversation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@samvad/whatsapp';
import type { CallMetrics } from '../src/calls/call-metrics.js';
import type { Logger } from '../src/ops/log.js';
import type { NewCall } from '../src/calls/call-request.js';
import { newCall } from '../src/calls/call-request.js';
import type { CallStore, FinishedCall } from '../src/calls/call-store.js';
import { CallWorker } from '../src/calls/call-worker.js';
import type { ResolvedEndpoint } from '../src/calls/endpoints.js';
import { SqliteCallStore, sqliteCallInsert } from '../src/calls/sqlite-calls.js';
import { createMetrics } from '../src/ops/metrics.js';
import { PgCallStore } from '../src/pg/calls/pg-calls.js';
import { copySqliteToPostgres } from '../src/pg/copy.js';
import { applyMigrations } from '../src/pg/migrate.js';
import { createPool } from '../src/pg/pool.js';
import type { PgPool } from '../src/pg/pool.js';
import { claimNext, finishTurn } from './support/pg-one-turn.js';
import { openDatabase } from '../src/store/db.js';
import type { Db } from '../src/store/db.js';
import { GroupCommitter } from '../src/store/group-commit.js';
import type { InboundMessage } from '../src/webhook/types.js';
import { startCallReceiver } from './support/call-receiver.js';
import type { CallReceiver } from './support/call-receiver.js';
import { startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';
import { waitFor } from './support/webhook-bodies.js';

const NUMBER = '106540352242922';
const SECRET = 'calls-worker-secret-0123456789';
const request = (timeoutMs: number) => ({ id: 'submit:1', endpoint: 'grievances', node: 'submit', fields: { department: 'Revenue', problem: 'no water' }, timeoutMs });

/** One store as the tests drive it: a turn that stores a call, and "a process" (a store instance) to claim it. */
interface Fixture {
  readonly name: string;
  /** Stores a citizen's message and, in its turn's transaction, the call; resolves with the call. */
  turnWithCall(citizen: string, timeoutMs: number): Promise<NewCall>;
  /** A call store as one process sees it (`processId`: PostgreSQL's lease holder). Opening a new one on SQLite is a restart. */
  process(processId: string): CallStore;
  /** The call's row. */
  row(key: string): Promise<{ state: string; attempts: number; outcome: string | null; answer: string | null }>;
  /** The inbound message stored under `wamid`, if any. */
  inbound(wamid: string): Promise<InboundMessage | undefined>;
}

let receiver: CallReceiver;
let dir: string;
let pgServer: TestPostgres;
let pool: PgPool;
let sqlite: Db;
beforeAll(async () => {
  receiver = await startCallReceiver(SECRET);
  dir = mkdtempSync(join(tmpdir(), 'samvad-calls-worker-'));
  pgServer = await startTestPostgres();
  pool = createPool(pgServer.url, { max: 8 });
  await applyMigrations(pool);
}, 60_000);
afterAll(async () => {
  await receiver?.close();
  sqlite?.close();
  await pool?.end();
  await pgServer?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
const message = (citizen: string): InboundMessage => {
  counter += 1;
  return { wamid: `wamid.calls${counter}`, from: citizen, phoneNumberId: NUMBER, timestamp: Math.floor(Date.now() / 1000), type: 'text', inbound: { kind: 'text', text: 'Submit' }, errors: [] };
};

const sqliteFixture: Fixture = {
  name: 'sqlite',
  async turnWithCall(citizen, timeoutMs) {
    sqlite ??= openDatabase(join(dir, 'calls.db'));
    const group = new GroupCommitter(sqlite);
    const insert = sqliteCallInsert(sqlite);
    const m = message(citizen);
    const call = newCall(request(timeoutMs), 'grievance', citizen);
    await group.commit(() => {
      const seq = Number(sqlite.prepare(`INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, ?, 'text', ?, ?)`).run(m.wamid, citizen, JSON.stringify(m), Date.now()).lastInsertRowid);
      sqlite.prepare('INSERT INTO processed (seq, processed_at) VALUES (?, ?)').run(seq, Date.now());
      insert(call, { citizen, inboundSeq: seq, windowStart: m.timestamp * 1000, now: Date.now() });
    });
    return call;
  },
  process: () => new SqliteCallStore(sqlite, new GroupCommitter(sqlite), NUMBER),
  row: async (key) => sqlite.prepare('SELECT state, attempts, outcome, answer FROM calls WHERE key = ?').get(key) as never,
  inbound: async (wamid) => {
    const row = sqlite.prepare('SELECT message FROM inbound WHERE wamid = ?').pluck().get(wamid) as string | undefined;
    return row === undefined ? undefined : (JSON.parse(row) as InboundMessage);
  },
};

const pgFixture: Fixture = {
  name: 'postgres',
  async turnWithCall(citizen, timeoutMs) {
    const m = message(citizen);
    await pool.query(
      `INSERT INTO inbound (wamid, number_id, citizen, type, message, sent_at, received_at) VALUES ($1, $2, $3, 'text', $4, $5, $5)`,
      [m.wamid, NUMBER, citizen, JSON.stringify(m), m.timestamp * 1000],
    );
    const client = await pool.connect();
    try {
      const claimed = await claimNext(client, NUMBER, citizen);
      if (claimed.kind !== 'message') throw new Error(`no message to process: ${claimed.kind}`);
      const call = newCall(request(timeoutMs), 'grievance', citizen);
      const done = await finishTurn(client, NUMBER, citizen, { seq: claimed.seq, now: Date.now(), session: { v: 1 } as never, bodies: [], call: { ...call, windowStart: m.timestamp * 1000 } });
      expect(done.marked).toBe(true);
      return call;
    } finally {
      client.release();
    }
  },
  process: (processId) => new PgCallStore(pool, [NUMBER], processId),
  row: async (key) => {
    const r = await pool.query(`SELECT state, attempts, outcome, answer FROM calls WHERE key = $1`, [key]);
    return r.rows[0] as never;
  },
  inbound: async (wamid) => {
    const r = await pool.query<{ message: string }>(`SELECT message FROM inbound WHERE wamid = $1`, [wamid]);
    return r.rows[0] === undefined ? undefined : (JSON.parse(r.rows[0].message) as InboundMessage);
  },
};

const endpoint = (): ResolvedEndpoint => ({ name: 'grievances', url: receiver.url, secret: SECRET, timeoutMs: 1_000 });

function worker(store: CallStore, finished: FinishedCall[], attempts = 3, leaseGraceMs = 200, extra: { log?: Logger; metrics?: CallMetrics; endpoint?: ResolvedEndpoint } = {}): CallWorker {
  return new CallWorker({
    store,
    endpoint: (numberId, name) => (numberId === NUMBER && name === 'grievances' ? (extra.endpoint ?? endpoint()) : undefined),
    policy: { attempts, baseMs: 20, capMs: 200 },
    log: extra.log ?? silentLogger,
    metrics: extra.metrics ?? createMetrics(() => ({ outbox: 0, queue: 0 })).calls,
    onFinished: (stored) => finished.push(stored),
    leaseGraceMs,
    pollMs: 100,
  });
}

const requestsFor = (key: string) => receiver.requests.filter((r) => r.key === key);

/** Runs a worker on `store` until it has finished one call; what it finished. */
async function runUntilFirstFinished(store: CallStore): Promise<FinishedCall[]> {
  const finished: FinishedCall[] = [];
  const w = worker(store, finished);
  w.start();
  try {
    await waitFor('the call finished', () => finished[0]);
  } finally {
    await w.stop();
  }
  return finished;
}

describe.each([sqliteFixture, pgFixture])('the call worker on $name', (fixture) => {
  it('posts once, signed, and finishes the call with the answer as an inbound message', async () => {
    receiver.script({});
    const call = await fixture.turnWithCall('919810000001', 1_000);
    const finished = await runUntilFirstFinished(fixture.process('p1'));
    const sent = requestsFor(call.key);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ signatureValid: true, raw: call.body, contentType: 'application/json' });
    const reference = receiver.submissions.get(call.key);
    expect(reference).toMatch(/^REF-/);
    const stored = await fixture.inbound(`samvad-call:${call.key}`);
    expect(stored?.inbound).toEqual({ kind: 'call', requestId: 'submit:1', result: { ok: true, answer: { reference, status: 'registered' } } });
    expect(JSON.parse(finished[0]?.json ?? '{}')).toEqual(stored);
    expect(await fixture.row(call.key)).toMatchObject({ state: 'done', attempts: 1, outcome: 'ok' });
  });

  it('retries a 500 twice with the same key and body; the third attempt registers ONE submission', async () => {
    receiver.script({ failFirst: { n: 2, status: 500 } });
    const call = await fixture.turnWithCall('919810000002', 1_000);
    const finished = await runUntilFirstFinished(fixture.process('p1'));
    const sent = requestsFor(call.key);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.raw))).toEqual(new Set([call.body]));
    expect(sent.every((r) => r.signatureValid)).toBe(true);
    expect([...receiver.submissions.keys()].filter((k) => k === call.key)).toHaveLength(1);
    expect(await fixture.row(call.key)).toMatchObject({ state: 'done', attempts: 3, outcome: 'ok' });
  });

  it('a 400 is final at once (rejected); a receiver that never answers times out after the attempts cap', async () => {
    receiver.script({ answerWith: { status: 400, body: '{"error":"fields.problem is empty"}' } });
    const rejected = await fixture.turnWithCall('919810000003', 1_000);
    const finished: FinishedCall[] = [];
    const w = worker(fixture.process('p1'), finished);
    w.start();
    try {
      await waitFor('the rejected call finished', () => finished[0]);
      expect(requestsFor(rejected.key)).toHaveLength(1);
      expect((await fixture.inbound(`samvad-call:${rejected.key}`))?.inbound).toEqual({
        kind: 'call',
        requestId: 'submit:1',
        result: { ok: false, reason: 'rejected', detail: 'HTTP 400: {"error":"fields.problem is empty"}' },
      });
      receiver.script({ silent: true });
      const timedOut = await fixture.turnWithCall('919810000004', 150);
      w.notify();
      await waitFor('the silent call finished', () => finished[1]);
      expect(requestsFor(timedOut.key)).toHaveLength(3);
      expect((await fixture.inbound(`samvad-call:${timedOut.key}`))?.inbound).toEqual({
        kind: 'call',
        requestId: 'submit:1',
        result: { ok: false, reason: 'timeout', detail: 'no answer within 150 ms (attempt 3 of 3)' },
      });
      expect(await fixture.row(timedOut.key)).toMatchObject({ state: 'done', attempts: 3, outcome: 'timeout' });
    } finally {
      await w.stop();
    }
  });

  it('an answer without the field the call receives finishes the call as incomplete: the fallback result, logged (path, not the citizen) and counted', async () => {
    receiver.script({ answerWith: { status: 200, body: '{"status":"registered","data":{"ref":["x"]}}' } });
    const call = await fixture.turnWithCall('919810000006', 1_000);
    const lines: { level: string; event: string; fields: Record<string, unknown> }[] = [];
    const log: Logger = { log: (level, event, fields = {}) => lines.push({ level, event, fields: { ...fields } }) };
    const metrics = createMetrics(() => ({ outbox: 0, queue: 0 }));
    const receives = new Map([['submit', { ref: 'reference', state: 'status' }]]);
    const finished: FinishedCall[] = [];
    const w = worker(fixture.process('p1'), finished, 3, 200, { log, metrics: metrics.calls, endpoint: { ...endpoint(), receives } });
    w.start();
    try {
      await waitFor('the incomplete call finished', () => finished[0]);
    } finally {
      await w.stop();
    }
    expect(requestsFor(call.key)).toHaveLength(1); // not retried: the system answered
    expect((await fixture.inbound(`samvad-call:${call.key}`))?.inbound).toEqual({
      kind: 'call',
      requestId: 'submit:1',
      result: { ok: false, reason: 'incomplete', detail: 'the answer has no "reference" (receive reference -> ref)' },
    });
    const row = await fixture.row(call.key);
    expect(row).toMatchObject({ state: 'done', attempts: 1, outcome: 'incomplete' });
    expect(JSON.parse(row.answer ?? 'null')).toEqual({ status: 'registered', data: { ref: ['x'] } }); // kept for operators
    const logged = lines.filter((l) => l.event === 'call.incomplete');
    expect(logged).toEqual([
      { level: 'warn', event: 'call.incomplete', fields: expect.objectContaining({ key: call.key, endpoint: 'grievances', node: 'submit', path: 'reference', variable: 'ref', problem: 'missing' }) },
    ]);
    expect(JSON.stringify(lines)).not.toContain('919810000006');
    expect(JSON.stringify(lines)).not.toContain('no water');
    expect(await metrics.registry.metrics()).toMatch(/samvad_calls_total\{endpoint="grievances",outcome="incomplete"\} 1/);
  });

  it('a process that dies after the POST leaves the call pending; it is posted again with the same key and finished once', async () => {
    receiver.script({ hold: true });
    const call = await fixture.turnWithCall('919810000005', 1_000);
    const before = requestsFor(call.key).length;
    const finishedA: FinishedCall[] = [];
    const a = worker(fixture.process('process-a'), finishedA);
    a.start();
    await waitFor('the first POST', () => (requestsFor(call.key).length > before ? true : undefined));
    await a.stop(); // dies: the attempt is abandoned, nothing recorded
    receiver.script({}); // the held answer is stored; the next request with the key gets it again
    receiver.release();
    const finishedB: FinishedCall[] = [];
    // SQLite: a new store is the next start (the dead run's lease is void). PostgreSQL: another process, after the lease ran out.
    const b = worker(fixture.process('process-b'), finishedB);
    b.start();
    try {
      await waitFor('the call finished by the second process', () => finishedB[0], 20_000);
    } finally {
      await b.stop();
    }
    const sent = requestsFor(call.key);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.raw).toBe(sent[0]?.raw);
    expect([...receiver.submissions.keys()].filter((k) => k === call.key)).toHaveLength(1);
    expect(finishedA).toEqual([]);
    expect((await fixture.inbound(`samvad-call:${call.key}`))?.inbound).toMatchObject({ result: { ok: true, answer: { reference: receiver.submissions.get(call.key) } } });
    expect(await fixture.row(call.key)).toMatchObject({ state: 'done', attempts: 2, outcome: 'ok' });
  });
});

describe('several processes on PostgreSQL', () => {
  it('never post the same call at once: a held call is not claimed by another process until its lease runs out', async () => {
    receiver.script({ hold: true });
    const call = await pgFixture.turnWithCall('919810000006', 1_000);
    const a = pgFixture.process('process-a');
    const b = pgFixture.process('process-b');
    const claimed = await a.claimDue(10, 100);
    expect(claimed.map((c) => c.key)).toContain(call.key);
    expect((await b.claimDue(10, 100)).map((c) => c.key)).not.toContain(call.key);
    // The lease is the call's timeout plus the grace: 1.1 s. Process B takes it over after it.
    const taken = await waitFor('the lease to run out', async () => {
      const mine = (await b.claimDue(10, 100)).filter((c) => c.key === call.key);
      return mine.length > 0 ? mine : undefined;
    }, 10_000);
    expect(taken[0]?.attempts).toBe(2);
    // A's hand-back of a call B now holds changes nothing.
    await a.retryLater(claimed.find((c) => c.key === call.key) ?? claimed[0]!, 0, 'late');
    expect((await a.claimDue(10, 100)).map((c) => c.key)).not.toContain(call.key);
    // Both finishing: one inbound row, one done mark.
    const first = await b.finish(taken[0]!, { result: { ok: true, answer: { reference: 'R1' } }, outcome: 'ok' });
    const second = await a.finish(taken[0]!, { result: { ok: true, answer: { reference: 'R1' } }, outcome: 'ok' });
    expect(first).toBeDefined();
    expect(second).toBeUndefined();
    receiver.release();
  });
});

describe('samvad db copy', () => {
  it('carries a pending call into PostgreSQL: the cluster posts it with the same key and body', async () => {
    const file = join(dir, 'moving.db');
    const source = openDatabase(file);
    const citizen = '919810000007';
    const m = message(citizen);
    const call = newCall(request(1_000), 'grievance', citizen);
    const seq = Number(source.prepare(`INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, ?, 'text', ?, ?)`).run(m.wamid, citizen, JSON.stringify(m), Date.now()).lastInsertRowid);
    source.prepare('INSERT INTO processed (seq, processed_at) VALUES (?, ?)').run(seq, Date.now());
    sqliteCallInsert(source)(call, { citizen, inboundSeq: seq, windowStart: m.timestamp * 1000, now: Date.now() });
    source.prepare('UPDATE calls SET attempts = 2, lease_until = ? WHERE key = ?').run(Date.now() + 60_000, call.key); // a run that died mid-attempt
    source.close();
    const number = '106540352249999';
    const counts = await copySqliteToPostgres(file, pool, number);
    expect(counts.calls).toEqual({ total: 1, pending: 1 });
    const claimed = await new PgCallStore(pool, [number], 'after-copy').claimDue(10, 100);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({ key: call.key, body: call.body, numberId: number, citizen, attempts: 3, windowStart: m.timestamp * 1000 });
  });
});
