/**
 * CPU per message of each half of `samvad serve`, without HTTP or autocannon (so it is stable on a
 * busy machine): the HTTP thread's webhook work (verify, parse, store, group commit, hand-off
 * copy) and the worker's processing (session, `runTurn`, render, outbox, processed mark, commit).
 *   node_modules/.bin/tsx bench/serve/halves.ts [--messages 40000] [--batch 20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compile, nodeHost } from '@samvad/compiler';
import { signBody } from '../../packages/whatsapp/src/server/signature.js';
import { handleWebhook } from '../../packages/whatsapp/src/server/webhook.js';
import { createMetrics } from '../../packages/whatsapp/src/ops/metrics.js';
import { silentLogger } from '../../packages/whatsapp/src/ops/log.js';
import { openDatabase, startCheckpoints } from '../../packages/whatsapp/src/store/db.js';
import { GroupCommitter } from '../../packages/whatsapp/src/store/group-commit.js';
import { InboundStore } from '../../packages/whatsapp/src/store/inbound-store.js';
import type { StoredInbound } from '../../packages/whatsapp/src/store/inbound-store.js';
import { Processor } from '../../packages/whatsapp/src/server/processor.js';
import { runtimeEngine } from '../../packages/whatsapp/src/server/runtime-engine.js';
import type { HandedInbound } from '../../packages/whatsapp/src/work/protocol.js';
import type { InboundMessage } from '../../packages/whatsapp/src/webhook/types.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MESSAGES = arg('messages', 40_000);
const BATCH = arg('batch', 20);
const SECRET = 'bench-app-secret';
const USERS = 1000;
const ROOT = resolve(import.meta.dirname, '../..');

function delivery(n: number): { raw: Buffer; signature: string } {
  const from = `9198${String(n % USERS).padStart(8, '0')}`;
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '419561257915477', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
      contacts: [{ profile: { name: 'Bench' }, wa_id: from }],
      messages: [{ from, id: `wamid.HALVES${process.pid}x${n}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: Math.floor(n / USERS) % 2 === 0 ? '0' : '2' } }],
    } }] }],
  });
  return { raw: Buffer.from(body), signature: signBody(body, SECRET) };
}

const cpu = () => { const c = process.cpuUsage(); return c.user + c.system; };
const dir = mkdtempSync(join(tmpdir(), 'samvad-halves-'));
try {
  const dbPath = join(dir, 'halves.db');
  const bodies = Array.from({ length: MESSAGES }, (_, i) => delivery(i));

  // HTTP thread half (as in server.ts: checkpoints only as a backstop).
  const db = openDatabase(dbPath, 'NORMAL', 10_000);
  const group = new GroupCommitter(db);
  const store = new InboundStore(db, group);
  const metrics = createMetrics(() => ({ outbox: 0, queue: 0 }));
  const handed: HandedInbound[] = [];
  const deps = { appSecret: SECRET, phoneNumberId: '106540352242922', store, log: silentLogger, metrics, onStored: (fresh: readonly StoredInbound[]) => {
    // What postMessage costs the sender: a structured clone of what is handed over.
    handed.push(...structuredClone(fresh.map(({ seq, json }) => ({ seq, json }))));
  } };
  const warm = Math.min(5000, MESSAGES / 4);
  let start = 0;
  for (let i = 0; i < MESSAGES; i += BATCH) {
    if (i === warm) start = cpu();
    await Promise.all(bodies.slice(i, i + BATCH).map((b) => handleWebhook(deps, b.raw, b.signature)));
  }
  const httpUs = (cpu() - start) / (MESSAGES - warm);

  // Worker half: its own connection, the handed-over messages; it checkpoints (worker-main.ts).
  const wdb = openDatabase(dbPath, 'NORMAL', 0);
  const stopCheckpoints = startCheckpoints(wdb);
  const wgroup = new GroupCommitter(wdb);
  const compiled = compile(join(ROOT, 'flows/jalna-mitra.flow'), nodeHost());
  if (compiled.graph === undefined) throw new Error('flows/jalna-mitra.flow does not compile');
  const engine = runtimeEngine(compiled.graph, wdb, {});
  let outboxRows = 0;
  const processor = new Processor(wdb, wgroup, () => engine, (rows) => { outboxRows += rows.length; }, silentLogger, metrics);
  const idle = async () => { while (processor.depth() > 0) await new Promise((r) => setImmediate(r)); await new Promise((r) => setTimeout(r, 5)); };
  // What the worker does with a handed-over batch (worker-main.ts): parse, then queue.
  const receive = (items: readonly HandedInbound[]) =>
    processor.enqueue(items.map(({ seq, json }) => ({ seq, message: JSON.parse(json) as InboundMessage, json })));
  for (let i = 0; i < warm; i += BATCH) { receive(handed.slice(i, i + BATCH)); await new Promise((r) => setImmediate(r)); }
  await idle();
  start = cpu();
  for (let i = warm; i < handed.length; i += BATCH) { receive(handed.slice(i, i + BATCH)); await new Promise((r) => setImmediate(r)); }
  await idle();
  const workerUs = (cpu() - start) / (handed.length - warm);
  console.log(JSON.stringify({ messages: MESSAGES, batch: BATCH, httpThreadUsPerMessage: Number(httpUs.toFixed(1)), workerUsPerMessage: Number(workerUs.toFixed(1)), outboxRows }));
  stopCheckpoints();
  db.close();
  wdb.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
