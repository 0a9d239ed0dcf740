/**
 * `samvad outbox list|retry` against PostgreSQL, run as the real command (spawned) on a real
 * database, with a running `PgSender` that sends a reopened reply as soon as it is announced.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphApi } from '../src/fake/fake-graph-api.js';
import type { FakeGraphApi } from '../src/fake/fake-graph-api.js';
import { silentLogger } from '../src/ops/log.js';
import { createMetrics } from '../src/ops/metrics.js';
import { applyMigrations } from '../src/pg/migrate.js';
import { createPool } from '../src/pg/pool.js';
import type { PgPool } from '../src/pg/pool.js';
import { PgSender } from '../src/pg/send/pg-sender.js';
import { graphSender } from '../src/send/graph-client.js';
import type { OutboxListing, RetryResult } from '../src/store/outbox-admin.js';
import { runSamvad } from './support/processes.js';
import { startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';

const DISTRICT_A = '106540352242922';
const DISTRICT_B = '106540352242933';
const HOUR = 60 * 60 * 1000;

let db: TestPostgres;
let pool: PgPool;
let fake: FakeGraphApi;

beforeEach(async () => {
  db = await startTestPostgres();
  pool = createPool(db.url, { max: 4 }, () => undefined);
  await applyMigrations(pool);
  fake = await startFakeGraphApi({ accessToken: 'token' });
  const now = Date.now();
  const inbound = await pool.query<{ seq: string }>(
    `INSERT INTO inbound (wamid, number_id, citizen, type, message, sent_at, received_at) VALUES ('wamid.in', $1, '919800000001', 'text', '{}', $2, $2) RETURNING seq`,
    [DISTRICT_A, now],
  );
  const rows: [number: string, citizen: string, agoMs: number, state: string, attempts: number, code: number | null, error: string | null][] = [
    [DISTRICT_A, '919800000001', 30 * HOUR, 'failed', 1, 131026, '(#131026) Message undeliverable'], // its window has closed
    [DISTRICT_A, '919800000002', 600_000, 'failed', 1, 100, '(#100) Invalid parameter'],
    [DISTRICT_B, '919800000003', 120_000, 'window_closed', 1, 131047, '(#131047) Re-engagement message'],
    [DISTRICT_B, '919800000004', 60_000, 'sending', 5, 2, 'WhatsApp Business API service is temporarily unavailable'],
    [DISTRICT_A, '919800000005', 30_000, 'sent', 1, null, null],
  ];
  for (const [number, citizen, ago, state, attempts, code, error] of rows) {
    const body = JSON.stringify({ messaging_product: 'whatsapp', to: citizen, type: 'text', text: { body: `to ${citizen}` } });
    await pool.query(
      `INSERT INTO outbox (number_id, citizen, inbound_seq, body, state, attempts, error_code, error, due_at, window_start, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9)`,
      [number, citizen, inbound.rows[0]?.seq, body, state, attempts, code, error, now - ago],
    );
  }
});

afterEach(async () => {
  await pool.end();
  await fake.close();
  await db.stop();
});

const json = async <T>(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; value: T }> => {
  const run = await runSamvad(['outbox', ...args, '--format', 'json'], env);
  try {
    return { code: run.code, value: JSON.parse(run.out) as T };
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${run.out}`);
  }
};

describe('samvad outbox on PostgreSQL', () => {
  it('lists every number’s unsent rows with their number and counts, from --db or SAMVAD_DB; the table shows the number', async () => {
    const listed = await json<OutboxListing>(['list', '--db', db.url]);
    expect(listed.code).toBe(0);
    expect(listed.value.rows.map((r) => [r.numberId, r.state, r.to])).toEqual([
      [DISTRICT_A, 'failed', '91******0001'],
      [DISTRICT_A, 'failed', '91******0002'],
      [DISTRICT_B, 'window_closed', '91******0003'],
      [DISTRICT_B, 'sending', '91******0004'],
    ]);
    expect(listed.value.counts).toEqual({ pending: 0, sending: 1, sent: 1, failed: 2, window_closed: 1 });
    expect(listed.value.rows[0]).toMatchObject({ attempts: 1, errorCode: 131026 });
    const fromEnv = await json<OutboxListing>(['list', '--state', 'sent'], { SAMVAD_DB: db.url });
    expect(fromEnv.value.rows.map((r) => r.to)).toEqual(['91******0005']);
    const table = await runSamvad(['outbox', 'list', '--state', 'failed', '--db', db.url], { NO_COLOR: '1' });
    expect(table.out).toMatch(/ID\s+NUMBER\s+STATE\s+TO/);
    expect(table.out).toContain(DISTRICT_A);
  }, 60_000);

  it('retry reopens a failed row and a running sender sends it at once (NOTIFY); open and sent rows are left alone', async () => {
    const sender = new PgSender(pool, {
      bots: [{ numberId: DISTRICT_A, client: graphSender({ baseUrl: fake.url, phoneNumberId: DISTRICT_A, accessToken: 'token' }), rate: 10 }],
      processId: 'serve-1',
      log: silentLogger,
      metrics: createMetrics(() => ({ outbox: 0, queue: 0 })),
      pollMs: 60_000, // only the notification can wake it in time
    });
    await sender.start();
    try {
      const ids = (await pool.query<{ id: string; citizen: string }>('SELECT id, citizen FROM outbox ORDER BY id')).rows.map((r) => Number(r.id));
      const retried = await json<RetryResult>(['retry', String(ids[1]), String(ids[3]), String(ids[4]), '--db', db.url]);
      expect(retried.value).toEqual({
        reopened: [ids[1]],
        skipped: [
          { id: ids[3], reason: 'still sending (the server is on it)' },
          { id: ids[4], reason: 'already sent' },
        ],
        windowClosed: [],
      });
      expect(retried.code).toBe(1);
      const deadline = Date.now() + 10_000;
      while (fake.sentCount() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(fake.sent().map((s) => s.body.to)).toEqual(['919800000002']);
      const all = await json<RetryResult>(['retry', '--all-failed', '--db', db.url]);
      expect(all.value.reopened).toEqual([ids[0]]);
      expect(all.value.windowClosed).toEqual([ids[0]]); // 30 h old: the sender ends it again, unsent
    } finally {
      await sender.stop();
    }
  }, 60_000);

  it('a database without the samvad schema, or a bad URL, is a clear message without the password', async () => {
    const empty = await startTestPostgres();
    try {
      const run = await runSamvad(['outbox', 'list', '--db', empty.url]);
      expect(run.code).toBe(2);
      expect(run.out).toContain('not a samvad database yet');
      const password = new URL(empty.url).password;
      if (password !== '') expect(run.out).not.toContain(password);
    } finally {
      await empty.stop();
    }
    const refused = await runSamvad(['outbox', 'list', '--db', 'postgres://samvad:s3cret-pw@127.0.0.1:1/samvad']);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('postgres://samvad:***@127.0.0.1:1/samvad');
    expect(refused.out).not.toContain('s3cret-pw');
  }, 60_000);
});
