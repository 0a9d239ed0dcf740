/**
 * The processing worker: its own SQLite connection, the per-citizen processor and the outbox
 * sender, so the HTTP thread only verifies, stores and acknowledges. Data sources run on the
 * HTTP thread (they are the host's functions) and are called through messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Graph } from '@samvad/runtime';
import { CallWorker } from '../calls/call-worker.js';
import { resolveEndpoints } from '../calls/endpoints.js';
import type { ResolvedEndpoint } from '../calls/endpoints.js';
import { callPolicyFrom } from '../calls/settings.js';
import { SqliteCallStore } from '../calls/sqlite-calls.js';
import { mediaDownloaderFrom } from '../media/downloader.js';
import { createMetrics } from '../ops/metrics.js';
import { graphSender } from '../send/graph-client.js';
import { Sender } from '../send/sender.js';
import { sendSettingsFrom } from '../send/settings.js';
import { Processor } from '../server/processor.js';
import type { TurnEngine } from '../server/processor.js';
import { runtimeEngine } from '../server/runtime-engine.js';
import { SessionCache } from '../server/session-cache.js';
import { lowWaterMark, openDatabase, startCheckpoints } from '../store/db.js';
import { GroupCommitter } from '../store/group-commit.js';
import { OutboxStore } from '../store/outbox-store.js';
import { capDatabaseSize } from '../store/store-error.js';
import { WriteLock } from '../store/write-lock.js';
import type { InboundMessage } from '../webhook/types.js';
import { lowerThreadPriority } from './thread-priority.js';
import type { ToWorker, WorkerInit } from './protocol.js';
import { workerPort } from './worker-port.js';

const port = parentPort;
if (port === null) throw new Error('worker-main must run in a worker thread');
const init = workerData as WorkerInit;
const { post, log, remote, settle, answerMetrics, answerHealth } = workerPort(port);

// This thread checkpoints, on a timer and outside the shared write lock (see startCheckpoints).
const db = openDatabase(init.dbPath, init.synchronous, 0);
capDatabaseSize(db, init.dbMaxMb);
const stopCheckpoints = startCheckpoints(db);
const group = new GroupCommitter(db, new WriteLock(init.writeLock));
// Once a second, the processed low-water mark moves up (see store/db.ts): one small write.
const advanceLowWater = lowWaterMark(db);
const lowWaterTimer = setInterval(() => void group.commit(advanceLowWater).catch(() => undefined), 1000);
lowWaterTimer.unref();
const outbox = new OutboxStore(db, group);
const metrics = createMetrics(() => ({ outbox: 0, queue: 0 }));
const priorityProblem = lowerThreadPriority(init.nice);
if (priorityProblem !== undefined) log.log('warn', 'worker.priority_unchanged', { nice: init.nice, error: priorityProblem });

const providers = Object.fromEntries(init.providerNames.map((name) => [name, remote(name)]));

const sessions = new SessionCache();
// Media files citizens send, when SAMVAD_MEDIA_DIR is set (checked and made by loadConfig at start-up).
const media = mediaDownloaderFrom(process.env, { apiBaseUrl: init.apiBaseUrl, accessToken: init.accessToken, phoneNumberId: init.phoneNumberId, log, registry: metrics.registry });
let engine: TurnEngine = runtimeEngine(init.graph, db, providers, sessions, media);
const sending = sendSettingsFrom(process.env); // checked by loadConfig at start-up
const graphApi = graphSender({ baseUrl: init.apiBaseUrl, phoneNumberId: init.phoneNumberId, accessToken: init.accessToken, timeoutMs: sending.timeoutMs });
const sender = new Sender(outbox, graphApi, log, metrics, { rate: init.sendRate, retryCapMs: sending.retryCapMs });

// Calls: the endpoints of the graph being served, from the environment (checked by startServer
// before the worker started, and before a reloaded graph is handed over).
const endpointsOf = (graph: Graph): ReadonlyMap<string, ResolvedEndpoint> => {
  const resolved = resolveEndpoints(graph, process.env);
  return resolved.ok ? resolved.endpoints : new Map();
};
let endpoints = endpointsOf(init.graph);
const calls = new CallWorker({
  store: new SqliteCallStore(db, group, init.phoneNumberId),
  endpoint: (_numberId, name) => endpoints.get(name),
  policy: callPolicyFrom(process.env), // checked by loadConfig at start-up
  log,
  metrics: metrics.calls,
  onFinished: ({ seq, json }) => processor.enqueue([{ seq, message: JSON.parse(json) as InboundMessage, json }]),
});
const processor = new Processor(db, group, () => engine, (rows) => sender.enqueue(rows), log, metrics, {
  replyMaxAgeMs: init.replyMaxAgeMs,
  onCall: () => calls.notify(),
});

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'process':
      processor.enqueue(message.items.map(({ seq, json }) => ({ seq, message: JSON.parse(json) as InboundMessage, json })));
      return;
    case 'graph':
      engine = runtimeEngine(message.graph, db, providers, sessions, media);
      endpoints = endpointsOf(message.graph);
      return;
    case 'data':
      settle(message);
      return;
    case 'metrics':
      answerMetrics(message.id, metrics);
      return;
    case 'health':
      answerHealth(message.id, { processing: processor.health(), sending: sender.health(), callsInFlight: calls.active });
      return;
    case 'stop':
      void (async () => {
        await calls.stop();
        await processor.stop();
        await sender.stop();
        clearInterval(lowWaterTimer);
        // Committed after every write queued before it: the last turns and sent marks, then the mark.
        await group.commit(advanceLowWater).catch(() => undefined);
        stopCheckpoints();
        db.close();
        post({ type: 'stopped' });
        // Nothing is left to do: closing the port lets the thread end by itself, with exit code 0.
        port.close();
      })();
      return;
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
});

post({ type: 'ready', resumedSends: sender.start() });
calls.start(); // calls a previous run left pending are due at once
