/**
 * Several processes on one PostgreSQL (issue 13): three real `samvad serve` processes share one
 * database; 50 citizens × 10 messages are delivered round-robin across them (each citizen's next
 * message to the next process, as a load balancer would); one process is killed with SIGKILL in the
 * middle of the run and started again. Afterwards: every message processed exactly once (one mark,
 * one reply row each), every citizen's replies at the fake Graph API in order, nothing left in the
 * outbox. A reply may reach WhatsApp twice only if the killed process had sent it and died before
 * marking it sent (the documented lease window): such duplicates are counted, reported, and must
 * be of sends made before the kill.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedSend } from '@samvad/whatsapp';
import type { Spawned } from './support/processes.js';
import { queryRows, startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';
import { fakeGraphForFile, serveJalnaMitra } from './support/served-bot.js';
import { deliveryBody, newWamid, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'cluster-app-secret';
const CITIZENS = 50;
const MESSAGES = 10;
const PROCESSES = 3;
/** The delivery after which one process is killed. */
const KILL_AFTER = Math.floor((CITIZENS * MESSAGES) / 3);
/** The send lease of the processes (SAMVAD_SEND_LEASE_MS): how long a dead process's claimed replies wait for takeover. */
const LEASE_MS = 5_000;

const fake = fakeGraphForFile('cluster', 'cluster-access-token');
let database: TestPostgres | undefined;
afterAll(async () => {
  await database?.stop();
});

const query = queryRows;

/** Home (a list) or the GR menu (buttons): what a reply is. */
const kind = (s: RecordedSend) => (s.body.interactive as { type?: string } | undefined)?.type ?? String(s.body.type);

describe('three samvad serve processes on one PostgreSQL', () => {
  it('50 citizens × 10 messages round-robin, one process killed and restarted: exactly once, in order, outbox empty', { timeout: 180_000 }, async () => {
    database = await startTestPostgres();
    const url = database.url;
    await fake.clearSent();
    const start = (i: number) =>
      serveJalnaMitra(fake, {
        secret: SECRET,
        db: 'unused.db',
        extra: { SAMVAD_DB: url, WHATSAPP_SEND_RATE: '1000', SAMVAD_SEND_LEASE_MS: String(LEASE_MS), SAMVAD_PROCESS_ID: `cluster-${i}` },
      });
    // Started one after the other: the first applies the migrations, the others find them done.
    const processes: (Spawned | undefined)[] = [];
    for (let i = 0; i < PROCESSES; i += 1) processes.push(await start(i));

    const citizens = Array.from({ length: CITIZENS }, (_, i) => `9193${String(i).padStart(8, '0')}`);
    let delivered = 0;
    let killedAt: number | undefined;
    let redelivered = 0;
    let restarting: Promise<void> | undefined;
    /** Delivers one message to process `first` or, when it is down, the next one up (as Meta retries). */
    const deliver = async (first: number, body: string) => {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const target = processes[(first + attempt) % PROCESSES];
        if (target === undefined) continue;
        try {
          const res = await postWebhook(target.url, body, SECRET);
          if (res.status === 200) return;
        } catch {
          // the process died under the request: deliver again elsewhere
        }
        redelivered += 1;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('no process accepted a delivery in 50 attempts');
    };
    const killOne = async () => {
      const victim = processes[1];
      processes[1] = undefined;
      killedAt = Date.now();
      await victim?.kill9();
      processes[1] = await start(1);
    };

    await Promise.all(
      citizens.map(async (from, c) => {
        for (let i = 0; i < MESSAGES; i += 1) {
          // Each citizen alternates "0" (home: a list) and "2" (GR menu: buttons).
          await deliver(c + i, deliveryBody([{ from, text: i % 2 === 0 ? '0' : '2', id: newWamid() }]));
          delivered += 1;
          if (delivered === KILL_AFTER) restarting = killOne();
        }
      }),
    );
    await restarting;
    expect(killedAt).toBeDefined();

    const open = async () =>
      (await query<{ inbound: string; outbox: string }>(
        url,
        `SELECT (SELECT count(*) FROM inbound WHERE processed_at IS NULL) AS inbound,
                (SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')) AS outbox`,
      ))[0];
    await waitFor('the cluster to process and send everything', async () => {
      const left = await open();
      return left?.inbound === '0' && left.outbox === '0' ? true : undefined;
    }, 120_000);

    // Exactly once: 500 messages, each processed (no engine error) with exactly one reply row, all sent.
    const marks = await query<{ messages: string; processed: string; errors: string }>(
      url,
      `SELECT count(*) AS messages, count(processed_at) AS processed, count(error) AS errors FROM inbound`,
    );
    expect(marks).toEqual([{ messages: String(CITIZENS * MESSAGES), processed: String(CITIZENS * MESSAGES), errors: '0' }]);
    const perMessage = await query<{ rows: string; messages: string }>(
      url,
      `SELECT n AS rows, count(*) AS messages FROM (SELECT i.seq, count(o.id) AS n FROM inbound i LEFT JOIN outbox o ON o.inbound_seq = i.seq GROUP BY i.seq) x GROUP BY n`,
    );
    expect(perMessage).toEqual([{ rows: '1', messages: String(CITIZENS * MESSAGES) }]);
    expect(await query(url, `SELECT state, count(*)::int AS n FROM outbox GROUP BY state`)).toEqual([{ state: 'sent', n: CITIZENS * MESSAGES }]);

    // In order at WhatsApp; a reply sent twice (the killed process's lease window) shows as the same reply twice in a row.
    const sends = await fake.sent();
    const expected = Array.from({ length: MESSAGES }, (_, i) => (i % 2 === 0 ? 'list' : 'button'));
    const duplicates: { citizen: string; firstAt: number }[] = [];
    for (const citizen of citizens) {
      const mine = sends.filter((s) => s.body.to === citizen);
      const kept: RecordedSend[] = [];
      for (const s of mine) {
        const last = kept.at(-1);
        if (last !== undefined && kind(last) === kind(s) && JSON.stringify(last.body) === JSON.stringify(s.body)) duplicates.push({ citizen, firstAt: last.at });
        else kept.push(s);
      }
      expect(kept.map(kind), citizen).toEqual(expected);
    }
    // Only a reply the killed process had already handed to WhatsApp can be sent again.
    for (const d of duplicates) expect(d.firstAt).toBeLessThanOrEqual((killedAt ?? 0) + 1_000);
    expect(duplicates.length).toBeLessThanOrEqual(CITIZENS);
    console.info(
      `cluster: ${CITIZENS * MESSAGES} messages over ${PROCESSES} processes, one killed after ${KILL_AFTER}: ` +
        `${sends.length} sends, ${duplicates.length} duplicate(s) within the lease window, ${redelivered} delivery retries`,
    );

    for (const p of processes) await p?.stop();
  });
});
