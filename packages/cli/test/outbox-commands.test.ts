/**
 * `samvad outbox list|retry` on a real SQLite file written the way `serve` writes it: filters,
 * limits, counts, `--all-failed`, the window warning, JSON — run in-process for speed (the end to
 * end test with a running server is outbox.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@samvad/whatsapp';
import type { OutboxListing, RetryResult } from '@samvad/whatsapp/outbox';
import { runInProcess } from './helpers/in-process.js';

let dir: string;
let dbPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-outbox-commands-'));
  dbPath = join(dir, 'samvad.db');
  const db = openDatabase(dbPath);
  const now = Date.now();
  const inbound = db.prepare(`INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, ?, 'text', ?, ?)`);
  const outbox = db.prepare(
    `INSERT INTO outbox (user, inbound_seq, body, state, attempts, error_code, error, created_at) VALUES (?, ?, '{}', ?, ?, ?, ?, ?)`,
  );
  const rows: [user: string, agoS: number, state: string, attempts: number, code: number | null, error: string | null][] = [
    ['919800000001', 30 * 3600, 'failed', 1, 131026, '(#131026) Message undeliverable'], // its window has closed
    ['919800000002', 600, 'failed', 1, 100, '(#100) Invalid parameter'],
    ['919800000003', 120, 'window_closed', 1, 131047, '(#131047) Re-engagement message'],
    ['919800000004', 60, 'sending', 5, 2, 'WhatsApp Business API service is temporarily unavailable'],
    ['919800000005', 30, 'pending', 0, null, null],
    ['919800000006', 10, 'sent', 1, null, null],
  ];
  rows.forEach(([user, agoS, state, attempts, code, error], i) => {
    const seq = Number(inbound.run(`wamid.${i}`, user, JSON.stringify({ timestamp: Math.floor((now - agoS * 1000) / 1000) }), now).lastInsertRowid);
    outbox.run(user, seq, state, attempts, code, error, now - agoS * 1000);
  });
  db.close();
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const json = async <T>(args: string[]): Promise<{ code: number; value: T }> => {
  const run = await runInProcess(dir, ['outbox', ...args, '--db', dbPath, '--format', 'json']);
  return { code: run.code, value: JSON.parse(run.out) as T };
};

describe('samvad outbox (in-process)', () => {
  it('lists what is not sent by default, each state on its own, the newest --limit, and counts every state', async () => {
    const unsent = await json<OutboxListing>(['list']);
    expect(unsent.code).toBe(0);
    expect(unsent.value.rows.map((r) => r.state)).toEqual(['failed', 'failed', 'window_closed', 'sending', 'pending']);
    expect(unsent.value.counts).toEqual({ pending: 1, sending: 1, sent: 1, failed: 2, window_closed: 1 });
    expect(unsent.value.rows[0]).toMatchObject({ to: '91******0001', attempts: 1, errorCode: 131026 });
    expect((await json<OutboxListing>(['list', '--state', 'open'])).value.rows.map((r) => r.state)).toEqual(['sending', 'pending']);
    expect((await json<OutboxListing>(['list', '--state', 'sent'])).value.rows).toHaveLength(1);
    const limited = await json<OutboxListing>(['list', '--state', 'all', '--limit', '2']);
    expect(limited.value.rows.map((r) => r.state)).toEqual(['pending', 'sent']); // the newest two, oldest first
    expect(limited.value.matching).toBe(6);
    const table = await runInProcess(dir, ['outbox', 'list', '--state', 'all', '--limit', '2', '--db', dbPath]);
    expect(table.out).toContain('(4 older not shown; --limit)');
    expect(table.out).not.toMatch(/9198000000\d\d/);
  });

  it('retries every failed row with --all-failed, warns about a closed window, leaves the others', async () => {
    const result = await json<RetryResult>(['retry', '--all-failed']);
    expect(result.code).toBe(0);
    expect(result.value).toEqual({ reopened: [1, 2], skipped: [], windowClosed: [1] });
    const after = await json<OutboxListing>(['list', '--state', 'all']);
    expect(after.value.rows.map((r) => [r.id, r.state, r.attempts, r.error])).toEqual([
      [1, 'pending', 0, null],
      [2, 'pending', 0, null],
      [3, 'window_closed', 1, '(#131047) Re-engagement message'],
      [4, 'sending', 5, 'WhatsApp Business API service is temporarily unavailable'],
      [5, 'pending', 0, null],
      [6, 'sent', 1, null],
    ]);
    const table = await runInProcess(dir, ['outbox', 'retry', '3', '4', '6', '99', '--db', dbPath]);
    expect(table.code).toBe(1);
    expect(table.out).toContain('✓ 1 row(s) set back to pending: 3');
    expect(table.out).toContain('! 4: not retried, still sending (the server is on it)');
    expect(table.out).toContain('! 6: not retried, already sent');
    expect(table.out).toContain('! 99: not retried, no such row');
  });

  it('retrying a row whose window closed says the server will end it unsent', async () => {
    const run = await runInProcess(dir, ['outbox', 'retry', '1', '--db', dbPath]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("1: the citizen's 24-hour window has closed; the server will end them as window_closed unsent");
  });

  it('names a file that is not a serve database (exit 2)', async () => {
    const notServe = join(dir, 'other.db');
    openDatabase(notServe).exec('DROP TABLE outbox');
    const run = await runInProcess(dir, ['outbox', 'list', '--db', notServe]);
    expect(run.code).toBe(2);
    expect(run.err + run.out).toContain('is not a samvad serve database (it has no outbox table)');
  });
});
