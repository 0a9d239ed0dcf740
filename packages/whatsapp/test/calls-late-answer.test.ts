/**
 * The processor's side of a call (SQLite, a real file, the real runtime): the call is stored in
 * the transaction of the turn that made it, and a call's result is answered however long the
 * department took — not held to SAMVAD_REPLY_MAX_AGE — while WhatsApp's 24-hour window is open;
 * past it the session still moves on, nothing is sent, and `call.reply_window_closed` is logged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '@samvad/runtime';
import type { LogFields, Logger } from '@samvad/whatsapp';
import { callMessage } from '../src/calls/call-message.js';
import { createMetrics } from '../src/ops/metrics.js';
import { Processor } from '../src/server/processor.js';
import { runtimeEngine } from '../src/server/runtime-engine.js';
import { openDatabase } from '../src/store/db.js';
import type { Db } from '../src/store/db.js';
import { GroupCommitter } from '../src/store/group-commit.js';
import type { InboundMessage } from '../src/webhook/types.js';
import { DESK_FLOW } from './support/desk-flow.js';
import { waitFor } from './support/webhook-bodies.js';

const NUMBER = '106540352242922';
const HOUR = 3_600_000;
let dir: string;
let db: Db;
let graph: Graph;
const logged: { event: string; fields: LogFields }[] = [];
const log: Logger = { log: (_level, event, fields = {}) => void logged.push({ event, fields }) };
let processor: Processor;
let onCalls = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-calls-late-'));
  writeFileSync(join(dir, 'desk.flow'), DESK_FLOW);
  const { compile, nodeHost } = await import('@samvad/compiler');
  const compiled = compile(join(dir, 'desk.flow'), nodeHost()).graph;
  if (compiled === undefined) throw new Error('desk.flow did not compile');
  graph = compiled;
  db = openDatabase(join(dir, 'late.db'));
  const group = new GroupCommitter(db);
  const engine = runtimeEngine(graph, db, {});
  processor = new Processor(db, group, () => engine, () => undefined, log, createMetrics(() => ({ outbox: 0, queue: 0 })), {
    replyMaxAgeMs: HOUR,
    onCall: () => void (onCalls += 1),
  });
});
afterAll(async () => {
  await processor?.stop();
  db?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/** Stores `message` and has the processor run it; resolves once it is processed. */
async function run(message: InboundMessage): Promise<number> {
  const seq = Number(db.prepare('INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, ?, ?, ?, ?)').run(message.wamid, message.from, message.type, JSON.stringify(message), Date.now()).lastInsertRowid);
  processor.enqueue([{ seq, message, json: JSON.stringify(message) }]);
  await waitFor(`message ${seq} processed`, () => (db.prepare('SELECT 1 FROM processed WHERE seq = ?').get(seq) !== undefined ? true : undefined));
  return seq;
}
const text = (from: string, body: string, sentAt: number): InboundMessage => {
  counter += 1;
  return { wamid: `wamid.late${counter}`, from, phoneNumberId: NUMBER, timestamp: Math.floor(sentAt / 1000), type: 'text', inbound: { kind: 'text', text: body }, errors: [] };
};
const repliesTo = (seq: number) => (db.prepare('SELECT body FROM outbox WHERE inbound_seq = ? ORDER BY id').pluck().all(seq) as string[]).join('\n');

/** Walks `citizen` to the call (the last message sent `sentAt`); resolves with the stored call. */
async function walkToCall(citizen: string, sentAt: number): Promise<{ key: string; request_id: string; inbound_seq: number; window_start: number; body: string }> {
  await run(text(citizen, 'hi', sentAt));
  await run(text(citizen, '1', sentAt));
  const before = onCalls;
  const seq = await run(text(citizen, 'The tap leaks', sentAt));
  expect(repliesTo(seq)).toBe(''); // the call node says nothing
  expect(onCalls).toBe(before + 1);
  const call = db.prepare('SELECT key, request_id, inbound_seq, window_start, body FROM calls WHERE user = ?').get(citizen) as { key: string; request_id: string; inbound_seq: number; window_start: number; body: string };
  expect(call.inbound_seq).toBe(seq); // stored by the turn of the message that reached it
  expect(JSON.parse(call.body)).toEqual({ bot: 'desk', node: 'submit', citizen, call: call.request_id, fields: { problem: 'The tap leaks' } });
  return call;
}

describe("a call's result reaches the citizen", () => {
  it('two hours later (SAMVAD_REPLY_MAX_AGE is one hour): answered, since the citizen is waiting for it', async () => {
    const citizen = '919830000001';
    const sentAt = Date.now() - 2 * HOUR;
    const call = await walkToCall(citizen, sentAt);
    expect(call.window_start).toBe(Math.floor(sentAt / 1000) * 1000);
    const result = callMessage({ key: call.key, numberId: NUMBER, citizen, requestId: call.request_id, windowStart: call.window_start, result: { ok: true, answer: { reference: 'REF-LATE-1' } } });
    const seq = await run(result);
    expect(repliesTo(seq)).toContain('Registered: REF-LATE-1');
    // An ordinary message as old is still not answered (Meta redelivering after an outage).
    const old = await run(text(citizen, 'hi', sentAt));
    expect(repliesTo(old)).toBe('');
  });

  it('more than 24 hours later: the session moves on, nothing is sent, and the reason is logged', async () => {
    const citizen = '919830000002';
    const sentAt = Date.now() - 25 * HOUR;
    const call = await walkToCall(citizen, sentAt);
    const result = callMessage({ key: call.key, numberId: NUMBER, citizen, requestId: call.request_id, windowStart: call.window_start, result: { ok: true, answer: { reference: 'REF-LATE-2' } } });
    const seq = await run(result);
    expect(repliesTo(seq)).toBe('');
    const closed = logged.find((l) => l.event === 'call.reply_window_closed' && l.fields['wamid'] === result.wamid);
    expect(closed?.fields).toMatchObject({ user: citizen });
    expect(Number(closed?.fields['ageSeconds'])).toBeGreaterThan(24 * 3600);
    // The session went on past the call, to the page showing the reference: a new message is not told to wait.
    const session = JSON.parse(String(db.prepare('SELECT data FROM sessions WHERE id = ?').pluck().get(citizen))) as { node: string; vars: Record<string, string> };
    expect(session).toMatchObject({ node: 'submitted', vars: { ref: 'REF-LATE-2' } });
    const next = await run(text(citizen, '0', Date.now()));
    expect(repliesTo(next)).not.toContain('Please wait');
    expect(repliesTo(next)).toContain('Welcome to the desk');
  });
});
