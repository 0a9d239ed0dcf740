/**
 * `samvad outbox list|retry` end to end: a real `samvad serve` and fake Graph API; a reply fails
 * for good (a permanent error), the operator lists it, retries it, and the running server sends it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxListing, RetryResult } from '@samvad/whatsapp/outbox';
import { runSamvad } from '../../whatsapp/test/support/processes.js';
import type { Spawned } from '../../whatsapp/test/support/processes.js';
import { fakeGraphForFile, serveJalnaMitra } from '../../whatsapp/test/support/served-bot.js';
import { deliveryBody, postWebhook, waitFor } from '../../whatsapp/test/support/webhook-bodies.js';

const SECRET = 'outbox-app-secret';
const TOKEN = 'outbox-access-token';
const CITIZEN = '919812345678';

const fake = fakeGraphForFile('outbox-cli', TOKEN);
let server: Spawned;
let dbPath: string;

beforeAll(async () => {
  dbPath = join(fake.dir, 'serve.db');
  server = await serveJalnaMitra(fake, { secret: SECRET, db: 'serve.db' });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const list = async (...args: string[]): Promise<OutboxListing> => {
  const { code, out } = await runSamvad(['outbox', 'list', '--format', 'json', ...args], { SAMVAD_DB: dbPath });
  expect(code, out).toBe(0);
  return JSON.parse(out) as OutboxListing;
};

describe('samvad outbox', () => {
  it('lists a reply that failed for good, retries it, and the running server sends it', async () => {
    // The next send fails with a permanent error (131026: message undeliverable): not retried by the server.
    await fake.control('/_inject', { status: 400, code: 131026, count: 1 });
    expect((await postWebhook(server.url, deliveryBody([{ from: CITIZEN, text: 'hi' }]), SECRET)).status).toBe(200);
    const failed = await waitFor('the reply marked failed', async () => {
      const listing = await list('--state', 'failed');
      return listing.rows.length > 0 ? listing : undefined;
    });
    expect(failed.rows).toHaveLength(1);
    const row = failed.rows[0];
    expect(row?.to).toBe('91******5678');
    expect(row?.errorCode).toBe(131026);

    // The table: masked number, state, error; never the whole number.
    const table = await runSamvad(['outbox', 'list', '--state', 'failed', '--db', dbPath]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/ID\s+STATE\s+TO\s+TRIES\s+MADE\s+ERROR/);
    expect(table.out).toMatch(new RegExp(`${row?.id}\\s+failed\\s+91\\*{6}5678\\s+1\\s+`));
    expect(table.out).toContain('(#131026)');
    expect(table.out).toContain('1 failed');
    expect(table.out).not.toContain(CITIZEN);

    const retry = await runSamvad(['outbox', 'retry', String(row?.id)], { SAMVAD_DB: dbPath });
    expect(retry.code, retry.out).toBe(0);
    expect(retry.out).toContain(`1 row(s) set back to pending: ${row?.id}`);

    // The running server picks it up (its safety-net poll) and sends it.
    await waitFor(
      'the retried reply delivered',
      async () => {
        const sent = await fake.sent();
        return sent.some((s) => s.body.to === CITIZEN) ? true : undefined;
      },
      20_000,
    );
    await waitFor('the row marked sent', async () => ((await list('--state', 'sent')).rows.some((r) => r.id === row?.id) ? true : undefined));
    expect((await list('--state', 'failed')).rows).toEqual([]);

    // Retrying it again is refused (exit 1), with the reason; JSON says the same.
    const again = await runSamvad(['outbox', 'retry', String(row?.id), '--format', 'json', '--db', dbPath]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out) as RetryResult).toEqual({ reopened: [], skipped: [{ id: row?.id, reason: 'already sent' }], windowClosed: [] });
  }, 60_000);

  it('explains what is wrong with its arguments (exit 2)', async () => {
    const missing = await runSamvad(['outbox', 'list', '--db', join(fake.dir, 'nowhere.db')]);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain(`no database at ${join(fake.dir, 'nowhere.db')}`);
    const both = await runSamvad(['outbox', 'retry', '--db', dbPath]);
    expect(both.code).toBe(2);
    expect(both.out).toContain('give row ids or --all-failed');
    const state = await runSamvad(['outbox', 'list', '--state', 'lost', '--db', dbPath]);
    expect(state.code).toBe(2);
    expect(state.out).toContain('--state must be one of');
    const id = await runSamvad(['outbox', 'retry', 'x1', '--db', dbPath]);
    expect(id.code).toBe(2);
    expect(id.out).toContain('a positive whole number, got "x1"');
  });
});
