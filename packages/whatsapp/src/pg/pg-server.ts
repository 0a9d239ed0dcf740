/**
 * `startPgServer(config, options)`: `samvad serve` on PostgreSQL (`SAMVAD_DB=postgres://…`). Any
 * number of these processes, on one machine or many, share one database: each stores the webhooks
 * it receives, processes whatever is stored (pg/processor.ts: exactly once, in order per citizen)
 * and sends whatever is due (pg/send: leases and a shared rate per number).
 *
 * One process serves one or many business numbers, each with its own bot (graph, reload and
 * watch, data sources, access token, send rate); a delivery's items are routed by their
 * `metadata.phone_number_id`. The HTTP routes are the SQLite server's (server/routes.ts).
 *
 * As with SQLite, two threads: this one verifies, stores (one round trip per batch of deliveries,
 * pg/inbound-store.ts) and acknowledges webhooks and answers /healthz and /metrics; a worker thread
 * at a lower CPU priority (pg/worker-main.ts, through work/processing-worker.ts) processes and
 * sends, on connections of its own. Data sources run here, on the worker's behalf.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSourceProvider, Graph } from '@samvad/runtime';
import { DEFAULT_HEALTH_MAX_WAIT_SECONDS, DEFAULT_REPLY_MAX_AGE_SECONDS } from '../config.js';
import type { ServeConfig } from '../config.js';
import { endpointsOrThrow } from '../calls/endpoints.js';
import type { CallBacklog } from '../calls/call-store.js';
import { jsonLogger } from '../ops/log.js';
import type { Logger } from '../ops/log.js';
import { createMetrics } from '../ops/metrics.js';
import { GraphHolder } from '../server/graph-holder.js';
import type { GraphLoader } from '../server/graph-holder.js';
import { assessHealth } from '../server/health.js';
import { metricsWithWorker } from '../server/metrics-text.js';
import { listenForWebhooks } from '../server/routes.js';
import { checkedLoader } from '../server/server.js';
import type { RunningServer } from '../server/server.js';
import type { InboundSink } from '../server/webhook.js';
import type { StoredInbound } from '../store/inbound-store.js';
import { ProcessingWorker } from '../work/processing-worker.js';
import { DEFAULT_WORKER_NICE } from '../work/thread-priority.js';
import { emptyBacklog, readBacklog } from './backlog.js';
import type { Backlog } from './backlog.js';
import { PgInboundStore } from './inbound-store.js';
import { readCallBacklog } from './calls/pg-calls.js';
import { applyMigrations } from './migrate.js';
import { numberMetrics } from './number-metrics.js';
import { describePgError } from './pg-error.js';
import { createPool, redactUrl } from './pool.js';
import type { PgWorkerInit } from './worker-init.js';

/** The processing worker's module: `.ts` when running from source (work/boot.mjs registers tsx). */
const WORKER_ENTRY = new URL(`./worker-main${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

/** One bot of the process: the number it answers and everything it needs. */
export interface PgBotOptions {
  /** A short name (logs). */
  readonly name: string;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  /** Messages per second for this number, for the whole cluster. */
  readonly sendRate: number;
  /** The graph to serve (already validated). */
  readonly graph: Graph;
  /** How to load it again on `reload()` / file change; without it reloads are refused. */
  readonly reloadGraph?: GraphLoader;
  /** Files whose changes reload this bot. */
  readonly watchFile?: string | readonly string[];
  readonly providers?: Readonly<Record<string, DataSourceProvider>>;
}

export interface PgServerOptions {
  /** At least one; numbers unique. */
  readonly bots: readonly PgBotOptions[];
  readonly logger?: Logger;
  /** Most citizens one processing lane holds and commits in one transaction (default 32; pg/batch-lane.ts). */
  readonly batchSize?: number;
  /** Where the endpoints of `call` nodes are read from (default `process.env`, which the worker shares). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** How long `/healthz` waits for the database. */
const HEALTH_TIMEOUT_MS = 2_000;

/**
 * Connects, applies missing migrations, starts processing (what a previous run or another process
 * left unprocessed is picked up) and sending, then listens. Rejects with a clear message when the
 * database cannot be reached or its schema is newer than this samvad.
 */
export async function startPgServer(config: ServeConfig, options: PgServerOptions): Promise<RunningServer> {
  const log = options.logger ?? jsonLogger();
  const url = config.dbUrl;
  if (url === undefined) throw new Error('startPgServer needs SAMVAD_DB=postgres://…');
  if (options.bots.length === 0) throw new Error('startPgServer needs at least one bot');
  const numbers = options.bots.map((b) => b.phoneNumberId);
  if (new Set(numbers).size !== numbers.length) throw new Error(`two bots answer the same phone number id (${numbers.join(', ')})`);
  // Every endpoint every bot calls must have its URL and secret before anything starts.
  const env = options.env ?? process.env;
  for (const bot of options.bots) endpointsOrThrow(bot.graph, env, options.bots.length > 1 ? `bot ${bot.name}` : undefined);

  const onPoolError = (error: Error) => log.log('warn', 'db.connection_lost', { error: describePgError(error) });
  // This thread's connections: storing deliveries, /healthz, /metrics. The worker has its own.
  const pool = createPool(url, { max: 6, applicationName: 'samvad serve' }, onPoolError);
  try {
    const migrated = await applyMigrations(pool);
    if (migrated.applied.length > 0) log.log('info', 'db.migrated', { applied: migrated.applied.join(','), version: migrated.version });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot use the database ${redactUrl(url)}: ${describePgError(error)}`, { cause: error });
  }

  let backlog: Backlog = emptyBacklog(numbers);
  const metrics = createMetrics(() => ({ outbox: backlog.outboxDepth, queue: backlog.queueDepth }));
  const perNumber = numberMetrics(metrics.registry, new Map(options.bots.map((b) => [b.phoneNumberId, b.name])), () => backlog);
  const processId = config.processId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const init: PgWorkerInit = {
    url,
    bots: options.bots.map((b) => ({
      numberId: b.phoneNumberId,
      graph: b.graph,
      accessToken: b.accessToken,
      sendRate: b.sendRate,
      providerNames: Object.keys(b.providers ?? {}),
      ...(b.name !== undefined ? { name: b.name } : {}),
    })),
    apiBaseUrl: config.apiBaseUrl,
    replyMaxAgeMs: (config.replyMaxAgeSeconds ?? DEFAULT_REPLY_MAX_AGE_SECONDS) * 1000,
    nice: config.workerNice ?? DEFAULT_WORKER_NICE,
    processId,
    batchSize: options.batchSize ?? 32,
    ...(config.sendLeaseMs !== undefined ? { sendLeaseMs: config.sendLeaseMs } : {}),
    ...(config.pgStatements !== undefined ? { statementsInFlight: config.pgStatements } : {}),
  };
  const providersOf = new Map(options.bots.map((b) => [b.phoneNumberId, b.providers ?? {}]));
  let worker: ProcessingWorker;
  try {
    worker = await ProcessingWorker.start(init, (numberId) => providersOf.get(numberId ?? '') ?? {}, log, WORKER_ENTRY);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot start processing on the database ${redactUrl(url)}: ${describePgError(error)}`, { cause: error });
  }
  const holders = options.bots.map((bot) => ({
    bot,
    holder: new GraphHolder(bot.graph, checkedLoader(bot.reloadGraph, env, options.bots.length > 1 ? `bot ${bot.name}` : undefined), log, (graph) => worker.setGraph(graph, bot.phoneNumberId), metrics.registry),
  }));
  for (const { bot, holder } of holders) if (bot.watchFile !== undefined) holder.watch(bot.watchFile);
  const hashes = () => holders.map((h) => h.holder.graph.hash).join(',');

  const inbound = new PgInboundStore(pool);
  const store: InboundSink = {
    store: async (messages, statuses) => {
      const fresh = await inbound.store(messages, statuses);
      for (const { message } of fresh) perNumber.stored(message.phoneNumberId);
      return fresh;
    },
  };
  // The messages are in the database (and NOTIFY wakes every process): this only saves this process a round trip.
  const deps = { appSecret: config.appSecret, phoneNumberId: numbers, store, log, metrics, onStored: (fresh: readonly StoredInbound[]) => worker.enqueue(fresh.slice(0, 1)) };
  const maxWaitMs = (config.healthMaxWaitSeconds ?? DEFAULT_HEALTH_MAX_WAIT_SECONDS) * 1000;

  const healthReport = async () => {
    let dbError: string | undefined;
    const [read, workerHealth, calls] = await Promise.all([
      readBacklog(pool, numbers, HEALTH_TIMEOUT_MS).catch((error: unknown) => {
        dbError = describePgError(error);
        return undefined;
      }),
      worker.health(HEALTH_TIMEOUT_MS),
      readCallBacklog(pool, numbers, HEALTH_TIMEOUT_MS).catch((): CallBacklog | undefined => undefined),
    ]);
    if (read !== undefined) backlog = read;
    const report = assessHealth({
      now: Date.now(),
      dbError,
      workerRunning: worker.running,
      worker: workerHealth,
      workerTimeoutMs: HEALTH_TIMEOUT_MS,
      inbound: inbound.writeHealth(),
      oldestUnprocessedAt: read?.oldestUnprocessedAt,
      maxWaitMs,
      queueDepth: read?.queueDepth ?? -1,
      outboxDepth: read?.outboxDepth ?? -1,
      graph: hashes(),
      ...(calls !== undefined ? { calls } : {}),
    });
    const bots = Object.fromEntries(
      holders.map(({ bot, holder }) => {
        const waiting = read?.byNumber.get(bot.phoneNumberId);
        return [bot.phoneNumberId, { bot: bot.name, graph: holder.graph.hash, queueDepth: waiting?.queueDepth ?? -1, outboxDepth: waiting?.outboxDepth ?? -1 }];
      }),
    );
    return { ...report, store: 'postgres' as const, numbers: bots };
  };
  const metricsText = async (): Promise<string> => {
    backlog = await readBacklog(pool, numbers, HEALTH_TIMEOUT_MS).catch(() => backlog);
    return metricsWithWorker(metrics.registry, worker);
  };

  const http = await listenForWebhooks(config, deps, healthReport, metricsText);
  log.log('info', 'server.started', {
    url: http.url,
    store: 'postgres',
    db: redactUrl(url),
    processId,
    bots: options.bots.map((b) => `${b.name}=${b.phoneNumberId}`).join(','),
    graph: hashes(),
    recovered: worker.recovered ?? 0,
  });

  let closing: Promise<void> | undefined;
  return {
    url: http.url,
    reload: async (reason = 'requested') => {
      const results = await Promise.all(holders.map((h) => h.holder.reload(reason)));
      return results.every(Boolean);
    },
    close: () => {
      closing ??= (async () => {
        for (const { holder } of holders) holder.close();
        await http.close();
        await worker.stop();
        await pool.end().catch(() => undefined);
        log.log('info', 'server.stopped', {});
      })();
      return closing;
    },
  };
}
