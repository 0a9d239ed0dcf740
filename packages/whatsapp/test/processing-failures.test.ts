/**
 * A transient database failure must not strand citizens (issue 10, item 2): with the database
 * full (a real SQLITE_FULL — the file capped with SAMVAD_DB_MAX_MB and filled by another
 * connection), processing retries each citizen's message with backoff, keeping order; /healthz
 * answers 503 with the reason; once space is freed every message is processed exactly once, every
 * citizen gets every reply in order, and /healthz is 200 again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataItem, Inbound } from '@samvad/runtime';
import type { RecordedSend } from '@samvad/whatsapp';
import { createMetrics } from '../src/ops/metrics.js';
import { Processor } from '../src/server/processor.js';
import type { TurnEngine } from '../src/server/processor.js';
import { openDatabase } from '../src/store/db.js';
import { GroupCommitter } from '../src/store/group-commit.js';
import { InboundStore } from '../src/store/inbound-store.js';
import type { InboundMessage } from '../src/webhook/types.js';
import { SECRET, memoryLogger, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

const MAX_MB = 2;
const CITIZENS = Array.from({ length: 10 }, (_, i) => `9198200000${String(i).padStart(2, '0')}`);
const CONTROL = '919829999999';
const ROWS: DataItem[] = [
  { id: 'gr1', fields: { title: 'GR on crop insurance' } },
  { id: 'gr2', fields: { title: 'GR on scholarships' } },
];

let h: Harness;
let gate: Promise<void> = Promise.resolve();
let open: () => void = () => undefined;
let sourceCalls = 0;

beforeAll(async () => {
  h = await startHarness(
    {
      providers: {
        gr: async () => {
          sourceCalls += 1;
          await gate;
          return ROWS;
        },
      },
    },
    { dbMaxMb: MAX_MB },
  );
});
afterAll(async () => {
  open();
  await h.close();
});

interface Health {
  ok: boolean;
  processing: string;
  reasons: string[];
  queueDepth: number;
  outboxDepth: number;
}
const healthz = async (): Promise<{ status: number; body: Health }> => {
  const res = await fetch(`${h.server.url}/healthz`);
  return { status: res.status, body: (await res.json()) as Health };
};
const sentTo = (user: string): RecordedSend[] => h.fake.sent().filter((s) => s.body.to === user);
const kinds = (user: string) => sentTo(user).map((s) => (s.body.interactive as { type?: string } | undefined)?.type ?? String(s.body.type));

/** Posts like Meta: a delivery answered 500 is delivered again (here every 100 ms) until 200. */
async function deliverLikeMeta(from: string, text: string): Promise<number> {
  const body = deliveryBody([{ from, text }]);
  for (let attempt = 1; ; attempt += 1) {
    const res = await postWebhook(h.server.url, body, SECRET);
    if (res.status === 200) return attempt;
    expect(res.status).toBe(500);
    if (attempt > 300) throw new Error(`delivery from ${from} still refused after ${attempt} attempts`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Fills the database up to the cap from a connection of its own; returns how to free it again. */
function fillDatabase(path: string): { free: () => void; rows: number } {
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`max_page_count = ${Math.floor((MAX_MB * 1024 * 1024) / pageSize)}`);
  db.exec('CREATE TABLE IF NOT EXISTS filler (b BLOB)');
  const insert = db.prepare('INSERT INTO filler (b) VALUES (randomblob(?))');
  let rows = 0;
  for (const size of [3000, 500, 100]) {
    for (;;) {
      try {
        insert.run(size);
        rows += 1;
      } catch (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_FULL');
        break;
      }
    }
  }
  return {
    rows,
    free: () => {
      db.exec('DELETE FROM filler');
      db.close();
    },
  };
}

describe('processing through a full database', () => {
  it('retries each citizen’s message until the disk frees: none lost, none twice, order kept; /healthz 503 then 200', async () => {
    // A control citizen runs the script on a healthy database: what every citizen must get.
    for (const text of ['hi', '4', '0']) await deliverLikeMeta(CONTROL, text);
    const expected = await waitFor('the control citizen’s replies', () => (kinds(CONTROL).length >= 3 ? kinds(CONTROL) : undefined));
    expect((await healthz()).status).toBe(200);

    for (const user of CITIZENS) await deliverLikeMeta(user, 'hi');
    await waitFor('every welcome', () => (CITIZENS.every((u) => sentTo(u).length >= 1) ? true : undefined));

    // Every citizen asks for the latest GRs; the data source holds their turns until the disk is full.
    gate = new Promise((resolve) => (open = resolve));
    const before = sourceCalls;
    for (const user of CITIZENS) await deliverLikeMeta(user, '4');
    await waitFor('every turn waiting on the data source', () => (sourceCalls - before >= CITIZENS.length ? true : undefined));
    const full = fillDatabase(h.config.dbPath);
    expect(full.rows).toBeGreaterThan(100);
    open();

    // Meanwhile each citizen sends one more message; Meta redelivers it until it is stored.
    const deliveries = Promise.all(CITIZENS.map((user) => deliverLikeMeta(user, '0')));
    const unhealthy = await waitFor('/healthz to report failing writes', async () => {
      const r = await healthz();
      return r.status === 503 && r.body.processing === 'failing' ? r.body : undefined;
    });
    expect(unhealthy.ok).toBe(false);
    expect(unhealthy.reasons.join(' ')).toMatch(/processing: writes failing for .*SQLITE_FULL/);
    await new Promise((r) => setTimeout(r, 1_000)); // the disk stays full a while: retries keep failing
    expect(h.logs.filter((l) => l.event === 'process.store_failed').length).toBeGreaterThanOrEqual(2);

    full.free();
    await deliveries;
    await waitFor('every reply', () => (CITIZENS.every((u) => sentTo(u).length >= expected.length) ? true : undefined), 30_000);
    const healthy = await waitFor('/healthz 200 again', async () => {
      const r = await healthz();
      return r.status === 200 && r.body.queueDepth === 0 && r.body.outboxDepth === 0 ? r.body : undefined;
    });
    expect(healthy).toMatchObject({ ok: true, processing: 'ok', reasons: [] });

    // Every citizen: exactly the control's replies to "hi", "4" and "0", in order, once.
    for (const user of CITIZENS) expect(kinds(user), user).toEqual(expected);
    const db = new Database(h.config.dbPath, { readonly: true });
    const rows = db
      .prepare(
        `SELECT i.user, count(p.seq) AS marks, (SELECT count(*) FROM outbox o WHERE o.inbound_seq = i.seq) AS replies
           FROM inbound i LEFT JOIN processed p ON p.seq = i.seq WHERE i.user IN (${CITIZENS.map(() => '?').join(',')}) GROUP BY i.seq`,
      )
      .all(...CITIZENS) as { user: string; marks: number; replies: number }[];
    db.close();
    expect(rows).toHaveLength(CITIZENS.length * 3);
    expect(rows.every((r) => r.marks === 1)).toBe(true);
    for (const user of CITIZENS) expect(rows.filter((r) => r.user === user).reduce((n, r) => n + r.replies, 0)).toBe(sentTo(user).length);
    expect(h.logs.some((l) => l.event === 'process.store_recovered')).toBe(true);
  });
});

describe('the processor, directly (a real SQLite file)', () => {
  const message = (n: number, text: string): InboundMessage => ({
    wamid: `wamid.PROC${n}`,
    from: '919850000001',
    phoneNumberId: '1',
    timestamp: Math.floor(Date.now() / 1000),
    type: 'text',
    inbound: { kind: 'text', text },
    errors: [],
  });

  async function setUp(engine: TurnEngine, texts: readonly string[], retryBaseMs = 20) {
    const dir = mkdtempSync(join(tmpdir(), 'samvad-processor-'));
    const db = openDatabase(join(dir, 'p.db'));
    const group = new GroupCommitter(db);
    const logs: Record<string, unknown>[] = [];
    const outboxed: string[] = [];
    const processor = new Processor(db, group, () => engine, (rows) => outboxed.push(...rows.map((r) => r.body)), memoryLogger(logs), createMetrics(() => ({ outbox: 0, queue: 0 })), {
      replyMaxAgeMs: 3_600_000,
      retryBaseMs,
      retryCapMs: Math.max(50, retryBaseMs),
    });
    const stored = await new InboundStore(db, group).store(texts.map((t, i) => message(i, t)), []);
    processor.enqueue(stored);
    const marks = () => db.prepare('SELECT i.message, p.error FROM inbound i JOIN processed p ON p.seq = i.seq ORDER BY i.seq').all() as { message: string; error: string | null }[];
    const close = () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { processor, logs, outboxed, marks, close };
  }

  const textOf = (inbound: Inbound) => (inbound.kind === 'text' ? inbound.text : '?');

  it('retries a store failure (same message, order kept) but records an engine bug and moves on', async () => {
    let busy = 2;
    const engine: TurnEngine = {
      async prepare(_user, inbound) {
        const text = textOf(inbound);
        if (text === 'busy' && busy > 0) {
          busy -= 1;
          throw new Database.SqliteError('database is locked', 'SQLITE_BUSY'); // reading the session failed
        }
        if (text === 'bug') throw new Error('engine exploded');
        return { outbound: [{ kind: 'text', text: `ok ${text}` }], lang: 'en', commit: () => undefined };
      },
    };
    const t = await setUp(engine, ['busy', 'bug', 'after']);
    try {
      const marks = await waitFor('three processed marks', () => (t.marks().length === 3 ? t.marks() : undefined));
      expect(marks.map((m) => m.error)).toEqual([null, 'engine exploded', null]);
      expect(t.outboxed.map((b) => (JSON.parse(b) as { text: { body: string } }).text.body)).toEqual(['ok busy', 'ok after']);
      expect(t.logs.filter((l) => l.event === 'process.store_failed').map((l) => [l.attempt, l.error])).toEqual([
        [1, 'SQLITE_BUSY: database is locked'],
        [2, 'SQLITE_BUSY: database is locked'],
      ]);
      expect(t.logs.filter((l) => l.event === 'turn.failed')).toHaveLength(1);
      expect(t.processor.health()).toMatchObject({ queued: 0, retrying: 0 });
    } finally {
      await t.processor.stop();
      t.close();
    }
  });

  it('reports failing writes while retrying, and stop() does not wait for the disk: the message stays stored', async () => {
    const engine: TurnEngine = {
      async prepare() {
        throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
      },
    };
    const t = await setUp(engine, ['hi', 'again'], 60_000); // the next try would be a minute away
    try {
      await waitFor('a failed attempt', () => t.logs.find((l) => l.event === 'process.store_failed'));
      const health = t.processor.health();
      expect(health).toMatchObject({ queued: 2, retrying: 1, error: 'SQLITE_FULL: database or disk is full' });
      expect(health.failingForMs).toBeGreaterThanOrEqual(0);
      const stopped = await Promise.race([t.processor.stop().then(() => 'stopped'), new Promise((r) => setTimeout(() => r('still waiting'), 5_000))]);
      expect(stopped).toBe('stopped');
      expect(t.marks()).toEqual([]);
    } finally {
      t.close();
    }
  });
});
