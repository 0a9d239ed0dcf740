/**
 * Sending through outages, with real parts: the fake Graph API on loopback (503s, dropped
 * connections, hanging requests), a port nobody listens on (connection refused), the real HTTP
 * client, a real SQLite outbox. Timings are scaled down through the options so each case runs in
 * seconds: the retry cap is 100–200 ms here, where the old sender gave up for good after 8 tries.
 */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../src/ops/log.js';
import { createMetrics } from '../src/ops/metrics.js';
import { graphSender } from '../src/send/graph-client.js';
import type { SendFn } from '../src/send/graph-client.js';
import { Sender } from '../src/send/sender.js';
import type { SenderOptions } from '../src/send/sender.js';
import { startFakeGraphApi } from '../src/fake/fake-graph-api.js';
import type { FakeGraphApi } from '../src/fake/fake-graph-api.js';
import { openDatabase } from '../src/store/db.js';
import type { Db } from '../src/store/db.js';
import { GroupCommitter } from '../src/store/group-commit.js';
import { OutboxStore } from '../src/store/outbox-store.js';
import type { OutboxRow } from '../src/store/outbox-store.js';

const PHONE = '106540352242922';
let dir: string;
let db: Db;
let fake: FakeGraphApi;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-outage-'));
  db = openDatabase(join(dir, 'samvad.db'));
  fake = await startFakeGraphApi({ accessToken: 'token' });
});

afterEach(async () => {
  await fake.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A port that refuses connections (bound once, then closed). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const client = (baseUrl: string, timeoutMs = 2_000): SendFn =>
  graphSender({ baseUrl, phoneNumberId: PHONE, accessToken: 'token', timeoutMs, connectTimeoutMs: 1_000 });

function setup(send: SendFn, options: Partial<SenderOptions> = {}) {
  const outbox = new OutboxStore(db, new GroupCommitter(db));
  const events: { event: string; fields: LogFields; at: number }[] = [];
  const log: Logger = { log: (_level, event, fields = {}) => void events.push({ event, fields, at: Date.now() }) };
  const sender = new Sender(outbox, send, log, createMetrics(() => ({ outbox: 0, queue: 0 })), {
    rate: 1_000,
    retryBaseMs: 20,
    retryCapMs: 150,
    pollMs: 0,
    ...options,
  });
  const insertInbound = db.prepare(`INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, ?, 'text', ?, ?)`);
  const insertOutbox = db.prepare(`INSERT INTO outbox (user, inbound_seq, body, created_at) VALUES (?, ?, ?, ?)`);
  let n = 0;
  /** A citizen's message (sent by WhatsApp at `sentAt`) and one reply to it, committed like the processor does. */
  const reply = (user: string, sentAt = Date.now()): OutboxRow => {
    n += 1;
    const message = JSON.stringify({ wamid: `wamid.in${n}`, from: user, timestamp: Math.floor(sentAt / 1000), type: 'text' });
    const seq = Number(insertInbound.run(`wamid.in${n}`, user, message, Date.now()).lastInsertRowid);
    const body = JSON.stringify({ messaging_product: 'whatsapp', to: user, type: 'text', text: { body: `reply ${n}` } });
    return { id: Number(insertOutbox.run(user, seq, body, Date.now()).lastInsertRowid), user, body, attempts: 0 };
  };
  const rows = () =>
    db.prepare('SELECT id, user, state, attempts, error FROM outbox ORDER BY id').all() as {
      id: number;
      user: string;
      state: string;
      attempts: number;
      error: string | null;
    }[];
  return { outbox, sender, events, reply, rows };
}

const until = async (what: string, done: () => boolean, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const users = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);

describe('sending through an outage', () => {
  it('the Graph API answers 503, then refuses connections, for far longer than the old give-up: every reply goes out after, once, in order', async () => {
    let refusing = false;
    const live = client(fake.url);
    const dead = client(`http://127.0.0.1:${await deadPort()}/v23.0`);
    const { outbox, sender, events, reply, rows } = setup((body) => (refusing ? dead(body) : live(body)));
    sender.start();
    fake.setMode('down');
    const citizens = users(6, '91920');
    const made = citizens.flatMap((u) => [reply(u), reply(u)]);
    sender.enqueue(made);
    // The old sender (8 attempts) gave up after ~1 s at these timings; this outage lasts ~2.5 s.
    const heads = new Set(citizens.map((u) => made.find((r) => r.user === u)?.id));
    await until('8 attempts of each citizen\'s first reply', () => rows().every((r) => !heads.has(r.id) || r.attempts >= 8));
    refusing = true;
    await sleep(800);
    expect(rows().filter((r) => r.state === 'failed' || r.state === 'window_closed')).toEqual([]);
    expect(events.some((e) => e.event === 'send.retry' && String(e.fields.error).includes('ECONNREFUSED'))).toBe(true);
    refusing = false;
    fake.setMode('up');
    await until('every reply sent', () => outbox.depth() === 0);
    expect(rows().map((r) => r.state)).toEqual(made.map(() => 'sent'));
    const delivered = fake.sent().map((s) => JSON.stringify(s.body));
    expect([...delivered].sort()).toEqual(made.map((r) => r.body).sort()); // each once
    for (const user of citizens) {
      const mine = made.filter((r) => r.user === user).map((r) => r.body);
      expect(delivered.filter((b) => mine.includes(b)), user).toEqual(mine);
    }
    expect(sender.health().failuresInARow).toBe(0);
    await sender.stop();
  }, 30_000);

  it('dropped connections (no answer at all) are retried like a 503', async () => {
    const { outbox, sender, reply } = setup(client(fake.url));
    sender.start();
    fake.setMode('reset', 12);
    sender.enqueue(users(4, '91921').map((u) => reply(u)));
    await until('every reply sent', () => outbox.depth() === 0);
    expect(fake.failures().reset).toBe(12);
    expect(fake.sent()).toHaveLength(4);
    await sender.stop();
  });

  it('keeps retrying until the 24-hour window closes, then ends the row as window_closed (not failed)', async () => {
    // A 3-second "24-hour window", counted from WhatsApp's timestamp of the citizen's message.
    const { sender, events, reply, rows } = setup(client(fake.url), { windowMs: 3_000 });
    sender.start();
    fake.setMode('down');
    const row = reply('919220000001');
    sender.enqueue([row]);
    await until('the row ended', () => rows()[0]?.state !== 'pending' && rows()[0]?.state !== 'sending');
    const [ended] = rows();
    expect(ended?.state).toBe('window_closed');
    expect(ended?.attempts).toBeGreaterThan(8); // far past the old 8 tries
    expect(ended?.error).toContain('window closed while retrying');
    expect(events.find((e) => e.event === 'send.window_closed')?.fields.outbox).toBe(row.id);
    expect(fake.sent()).toHaveLength(0);
    await sender.stop();
  }, 20_000);

  it('a reply whose window closed before it was read back is not sent at all', async () => {
    const { outbox, sender, reply, rows } = setup(client(fake.url), { windowMs: 60_000 });
    reply('919230000001', Date.now() - 120_000); // left by a previous run, its citizen wrote 2 minutes ago
    const fresh = reply('919230000002');
    sender.start(); // reads both back from the outbox
    await until('both rows ended', () => outbox.depth() === 0);
    expect(rows().map((r) => r.state)).toEqual(['window_closed', 'sent']);
    expect(fake.sent().map((s) => s.body.to)).toEqual([fresh.user]);
    await sender.stop();
  });

  it('a hanging Graph API does not stall everyone: while the first requests hang, other citizens are answered', async () => {
    const { outbox, sender, events, reply } = setup(client(fake.url, 3_000), { maxInFlight: 8, slowAfterMs: 200 });
    sender.start();
    fake.setMode('hang', 8); // the first 8 requests fill every slot and never get an answer
    const citizens = users(24, '91924');
    sender.enqueue(citizens.map((u) => reply(u)));
    await until('the 16 others answered', () => fake.sent().length >= 16, 10_000);
    const othersDoneAt = Date.now();
    // ...before any hanging request reached its deadline.
    const deadlineReached = (e: (typeof events)[number]) => e.event === 'send.retry' && String(e.fields.error).includes('no answer within');
    expect(events.filter(deadlineReached).map((e) => e.fields.error)).toEqual([]);
    expect(fake.requests().hung).toBe(8);
    await until('every reply sent', () => outbox.depth() === 0, 15_000);
    const firstTimeout = events.find(deadlineReached);
    expect(String(firstTimeout?.fields.error)).toContain('no answer within 3000 ms');
    expect(othersDoneAt).toBeLessThanOrEqual(firstTimeout?.at ?? 0);
    expect(new Set(fake.sent().map((s) => s.body.to))).toEqual(new Set(citizens));
    expect(fake.sent()).toHaveLength(24);
    await sender.stop();
  }, 30_000);

  it('when every request hangs: at most twice the slots in flight, each request ends at its deadline, all sent once it answers again', async () => {
    const http = client(fake.url, 600);
    let inFlight = 0;
    let most = 0;
    const counted: SendFn = async (body) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await http(body);
      } finally {
        inFlight -= 1;
      }
    };
    const { outbox, sender, events, reply } = setup(counted, { maxInFlight: 4, slowAfterMs: 100 });
    sender.start();
    fake.setMode('hang');
    const citizens = users(12, '91925');
    sender.enqueue(citizens.map((u) => reply(u)));
    await until('requests ending at their deadline', () => events.filter((e) => e.event === 'send.retry').length >= 8);
    expect(most).toBeGreaterThan(4); // slow requests gave up half their slots to new ones...
    expect(most).toBeLessThanOrEqual(8); // ...but never more than twice the slots in flight
    expect(events.find((e) => e.event === 'send.retry')?.fields.error).toContain('no answer within 600 ms');
    fake.setMode('up');
    await until('every reply sent', () => outbox.depth() === 0);
    expect(fake.sent().map((s) => s.body.to).sort()).toEqual([...citizens].sort());
    await sender.stop();
  }, 30_000);
});
