/**
 * The PostgreSQL processing worker: processing (PgProcessor) and sending (PgSender) on their own
 * connections, in a worker thread at a lower CPU priority, so that the HTTP thread only verifies,
 * stores and acknowledges webhooks — as the SQLite server's worker (work/worker-main.ts), and
 * speaking the same protocol (work/protocol.ts): `process` wakes the processor (the messages are
 * in the database), `graph` swaps a bot's graph, data sources run on the HTTP thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareGraph } from '@samvad/runtime';
import type { DataSourceProvider, Graph } from '@samvad/runtime';
import { CallWorker } from '../calls/call-worker.js';
import { resolveEndpoints } from '../calls/endpoints.js';
import type { ResolvedEndpoint } from '../calls/endpoints.js';
import { callPolicyFrom } from '../calls/settings.js';
import { mediaDownloaderFrom } from '../media/downloader.js';
import type { MediaDownloader } from '../media/downloader.js';
import { createMetrics } from '../ops/metrics.js';
import { graphSender } from '../send/graph-client.js';
import { sendSettingsFrom } from '../send/settings.js';
import type { ToWorker } from '../work/protocol.js';
import { lowerThreadPriority } from '../work/thread-priority.js';
import { workerPort } from '../work/worker-port.js';
import { CALLS_CHANNEL, PgCallStore } from './calls/pg-calls.js';
import { describePgError } from './pg-error.js';
import { lowerBackendPriority } from './backend-priority.js';
import { createPool } from './pool.js';
import type { PgClient } from './pool.js';
import { PgProcessor } from './processor.js';
import { defaultStatementsInFlight } from './statement-gate.js';
import { OutboxListener } from './send/outbox-listener.js';
import { PgSender } from './send/pg-sender.js';
import type { PgWorkerInit } from './worker-init.js';

const port = parentPort;
if (port === null) throw new Error('pg/worker-main must run in a worker thread');
const init = workerData as PgWorkerInit;
const { post, log, remote, settle, answerMetrics, answerHealth } = workerPort(port);
const priorityProblem = lowerThreadPriority(init.nice);
if (priorityProblem !== undefined) log.log('warn', 'worker.priority_unchanged', { nice: init.nice, error: priorityProblem });

const onPoolError = (error: Error) => log.log('warn', 'db.connection_lost', { error: describePgError(error) });
// The turns (and the LISTEN connection); apart, the sender's claims and marks.
// Lanes: one connection each (the statements in flight, plus one); plus a scan and the LISTEN connection.
const lanes = (init.statementsInFlight ?? defaultStatementsInFlight()) + 1;
const work = createPool(init.url, { max: lanes + 2, applicationName: 'samvad serve (processing)' }, onPoolError);
const sendPool = createPool(init.url, { max: 6, applicationName: 'samvad serve (sending)', genericPlans: true }, onPoolError);
// Their backends, when PostgreSQL runs on this machine, at this thread's lower priority (backend-priority.ts).
let backendPriorityNoted = false;
const lowerBackend = (client: PgClient) => {
  const problem = lowerBackendPriority(client, init.nice);
  if (problem === undefined || backendPriorityNoted) return;
  backendPriorityNoted = true;
  log.log('info', 'worker.db_priority_unchanged', { nice: init.nice, reason: problem });
};
work.on('connect', lowerBackend);
sendPool.on('connect', lowerBackend);
const metrics = createMetrics(() => ({ outbox: 0, queue: 0 }));

/** The endpoints of a graph's `call`s, from the environment (checked by startPgServer before the graph got here). */
const endpointsOf = (graph: Graph): ReadonlyMap<string, ResolvedEndpoint> => {
  const resolved = resolveEndpoints(graph, process.env);
  return resolved.ok ? resolved.endpoints : new Map();
};
const bots = new Map<string, { graph: Graph; providers: Readonly<Record<string, DataSourceProvider>>; endpoints: ReadonlyMap<string, ResolvedEndpoint>; media?: MediaDownloader }>();
for (const bot of init.bots) {
  prepareGraph(bot.graph);
  // Media files citizens send, when SAMVAD_MEDIA_DIR is set (checked and made by loadConfig at start-up), with this number's token.
  const media = mediaDownloaderFrom(process.env, { apiBaseUrl: init.apiBaseUrl, accessToken: bot.accessToken, phoneNumberId: bot.numberId, log, registry: metrics.registry });
  bots.set(bot.numberId, {
    graph: bot.graph,
    providers: Object.fromEntries(bot.providerNames.map((name) => [name, remote(name, bot.numberId)])),
    endpoints: endpointsOf(bot.graph),
    ...(media !== undefined ? { media } : {}),
  });
}

const sending = sendSettingsFrom(process.env); // checked by loadConfig at start-up
const sender = new PgSender(sendPool, {
  bots: init.bots.map((b) => ({
    numberId: b.numberId,
    client: graphSender({ baseUrl: init.apiBaseUrl, phoneNumberId: b.numberId, accessToken: b.accessToken, timeoutMs: sending.timeoutMs }),
    rate: b.sendRate,
    ...(b.name !== undefined ? { name: b.name } : {}),
  })),
  processId: init.processId,
  log,
  metrics,
  retryCapMs: sending.retryCapMs,
  ...(init.sendLeaseMs !== undefined ? { leaseMs: init.sendLeaseMs } : {}),
});
// Calls: claimed under leases from the shared table; a commit storing one (any process) NOTIFYs.
const calls = new CallWorker({
  store: new PgCallStore(sendPool, init.bots.map((b) => b.numberId), init.processId),
  endpoint: (numberId, name) => bots.get(numberId)?.endpoints.get(name),
  policy: callPolicyFrom(process.env), // checked by loadConfig at start-up
  log,
  metrics: metrics.calls,
  onFinished: () => processor.wake(), // the result is an inbound row (NOTIFY wakes the other processes)
});
const callsListener = new OutboxListener(sendPool, {
  channel: CALLS_CHANNEL,
  retryMs: 1_000,
  onWake: () => calls.notify(),
  onProblem: (error) => log.log('warn', 'call.listen_failed', { error: describePgError(error) }),
});
const processor = new PgProcessor(
  work,
  work,
  {
    numbers: init.bots.map((b) => b.numberId),
    bot: (numberId) => bots.get(numberId),
    replyMaxAgeMs: init.replyMaxAgeMs,
    onOutbox: (numberId, citizen) => sender.notify(numberId, citizen),
    onCall: () => calls.notify(),
    batchSize: init.batchSize,
    lanes,
    ...(init.statementsInFlight !== undefined ? { statementsInFlight: init.statementsInFlight } : {}),
  },
  log,
  metrics,
);

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'process':
      processor.wake(); // the messages are in the database
      return;
    case 'graph': {
      const bot = message.numberId === undefined ? undefined : bots.get(message.numberId);
      if (bot === undefined) return;
      prepareGraph(message.graph);
      bot.graph = message.graph;
      bot.endpoints = endpointsOf(message.graph);
      return;
    }
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
        await callsListener.stop();
        await calls.stop();
        await processor.stop();
        await sender.stop();
        await Promise.all([work.end(), sendPool.end()]).catch(() => undefined);
        post({ type: 'stopped' });
        port.close();
      })();
      return;
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
});

await sender.start();
const recovered = await processor.start();
await callsListener.start(); // its first wake-up claims what is due (a previous run's calls included)
post({ type: 'ready', resumedSends: 0, recovered });
