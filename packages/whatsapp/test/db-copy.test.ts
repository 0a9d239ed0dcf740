/**
 * `samvad db migrate` and `samvad db copy`: a district's SQLite file, written by the real
 * `samvad serve`, copied into a real PostgreSQL; then `samvad serve` on PostgreSQL carries on where
 * the SQLite one stopped: a citizen mid-menu continues there, an unsent reply is sent.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedSend } from '@samvad/whatsapp';
import { runSamvad } from './support/processes.js';
import { queryRows, startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';
import { fakeGraphForFile, serveJalnaMitra } from './support/served-bot.js';
import { PHONE_NUMBER_ID, deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'db-copy-app-secret';
const fake = fakeGraphForFile('db-copy', 'db-copy-access-token');
const databases: TestPostgres[] = [];
afterAll(async () => {
  for (const db of databases) await db.stop();
});

async function freshDatabase(): Promise<string> {
  const db = await startTestPostgres();
  databases.push(db);
  return db.url;
}

const query = queryRows;

const health = async (url: string) => (await (await fetch(`${url}/healthz`)).json()) as { queueDepth: number; outboxDepth: number };
const drained = (url: string) => waitFor('processing to finish', async () => ((await health(url)).queueDepth === 0 ? true : undefined), 30_000);
const idle = (url: string) =>
  waitFor('an idle server', async () => {
    const h = await health(url);
    return h.queueDepth === 0 && h.outboxDepth === 0 ? true : undefined;
  }, 30_000);
/** What a reply says, without whom it is to. */
const content = (s: RecordedSend) => JSON.stringify({ ...s.body, to: undefined });

describe('samvad db', () => {
  it('migrate applies the schema once, then finds it up to date; refuses a SQLite path', async () => {
    const url = await freshDatabase();
    const first = await runSamvad(['db', 'migrate', '--db', url]);
    expect(first.out).toMatch(/applied migration\(s\) 1, 2 to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/t_\w+: schema version 2/);
    expect(first.code).toBe(0);
    const again = await runSamvad(['db', 'migrate'], { SAMVAD_DB: url });
    expect(again.out).toContain('is up to date (schema version 2)');
    expect(again.code).toBe(0);
    expect(first.out + again.out).not.toContain('samvad-test'); // the password
    const tables = await query<{ t: string }>(url, `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    expect(tables.map((r) => r.t)).toEqual(['calls', 'inbound', 'outbox', 'samvad_migrations', 'send_rate', 'sessions', 'statuses']);

    const sqlite = await runSamvad(['db', 'migrate', '--db', './samvad.db']);
    expect(sqlite.code).toBe(2);
    expect(sqlite.out).toContain('--db must be a postgres:// URL: a SQLite file needs no migrate');
  });

  it('migrate names an unreachable database without showing its password', async () => {
    const { code, out } = await runSamvad(['db', 'migrate', '--db', 'postgres://samvad:hunter2secret@127.0.0.1:1/samvad']);
    expect(code).toBe(1);
    expect(out).toContain('postgres://samvad:***@127.0.0.1:1/samvad');
    expect(out).toContain('cannot reach the database');
    expect(out).not.toContain('hunter2secret');
  });

  it('copy moves a district from SQLite; serve on PostgreSQL resumes its sessions and sends its unsent replies', async () => {
    await fake.clearSent();
    const file = join(fake.dir, 'district.db');
    const say = (url: string, from: string, text: string) => postWebhook(url, deliveryBody([{ from, text }]), SECRET).then((r) => expect(r.status).toBe(200));
    const midMenu = '919800000001';
    const reference = '919800000002';
    const atHome = '919800000003';
    const unsent = '919800000004';

    // The district on SQLite: one citizen stops in the GR menu; others show what "1" answers there and at home.
    const onSqlite = await serveJalnaMitra(fake, { secret: SECRET, db: 'district.db' });
    try {
      for (const [from, texts] of [[midMenu, ['hi', '2']], [reference, ['hi', '2', '1']], [atHome, ['hi', '1']]] as const) {
        for (const text of texts) {
          await say(onSqlite.url, from, text);
          await idle(onSqlite.url);
        }
      }
      const status = { id: 'wamid.COPIED-STATUS', status: 'delivered', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: midMenu };
      expect((await postWebhook(onSqlite.url, deliveryBody([], [status]), SECRET)).status).toBe(200);
      // An outage: this citizen's reply is processed but stays in the outbox, unsent.
      await fake.control('/_mode', { mode: 'down' });
      await say(onSqlite.url, unsent, 'hi');
      await drained(onSqlite.url);
      expect((await health(onSqlite.url)).outboxDepth).toBe(1);
    } finally {
      await onSqlite.stop();
      await fake.control('/_mode', { mode: 'up' });
    }
    const before = await fake.sent();
    // What "1" answers in the GR menu (after "hi" and "2": one reply each), and at home (after "hi").
    const inGr = before.filter((s) => s.body.to === reference).slice(2).map(content);
    const homeOne = before.filter((s) => s.body.to === atHome).slice(1).map(content);
    expect(inGr.length).toBeGreaterThan(0);
    expect(inGr).not.toEqual(homeOne);

    const url = await freshDatabase();
    const copied = await runSamvad(['db', 'copy', `sqlite:${file}`, url, '--number-id', PHONE_NUMBER_ID]);
    expect(copied.out).toContain(`copied ${file} into postgres://postgres:***@127.0.0.1`);
    expect(copied.out).toContain('inbound   8 (8 processed, 0 waiting)');
    expect(copied.out).toContain('sessions  4');
    expect(copied.out).toContain(`outbox    ${before.length + 1} (${before.length} sent, 1 to send, 0 failed, 0 window_closed)`);
    expect(copied.out).toContain('statuses  1');
    expect(copied.code).toBe(0);
    const rows = await query<{ n: string; numbers: string }>(url, `SELECT count(*) AS n, string_agg(DISTINCT number_id, ',') AS numbers FROM inbound WHERE processed_at IS NOT NULL`);
    expect(rows).toEqual([{ n: '8', numbers: PHONE_NUMBER_ID }]);

    const twice = await runSamvad(['db', 'copy', file, url, '--number-id', PHONE_NUMBER_ID]);
    expect(twice.code).toBe(1);
    expect(twice.out).toContain(`the database already holds 8 inbound messages, 4 sessions, ${before.length + 1} outbox rows, 1 statuses`);
    expect(twice.out).toContain(`for number ${PHONE_NUMBER_ID}: copying again would double them`);

    // The district on PostgreSQL: the unsent reply goes out, the citizen in the GR menu continues there.
    const onPg = await serveJalnaMitra(fake, { secret: SECRET, db: 'unused.db', extra: { SAMVAD_DB: url } });
    try {
      await waitFor('the copied unsent reply', async () => ((await fake.sentTo(unsent)).length === 1 ? true : undefined));
      await say(onPg.url, midMenu, '1');
      await idle(onPg.url);
    } finally {
      await onPg.stop();
    }
    const replies = await fake.sentTo(midMenu);
    expect(replies.slice(2).map(content)).toEqual(inGr);
  });

  it('copy refuses what it cannot copy, saying why', async () => {
    const url = await freshDatabase();
    const missing = await runSamvad(['db', 'copy', join(fake.dir, 'nope.db'), url, '--number-id', PHONE_NUMBER_ID]);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/cannot copy .*nope\.db: cannot open .*nope\.db/);
    const noNumber = await runSamvad(['db', 'copy', 'x.db', url], { WHATSAPP_PHONE_NUMBER_ID: '' });
    expect(noNumber.code).toBe(2);
    expect(noNumber.out).toContain('--number-id <phone_number_id>');
    const swapped = await runSamvad(['db', 'copy', url, 'x.db', '--number-id', PHONE_NUMBER_ID]);
    expect(swapped.code).toBe(2);
    expect(swapped.out).toContain('<postgres-url> must start with postgres://');
  });
});
