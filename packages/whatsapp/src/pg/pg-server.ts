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
 * Everything runs on the main thread: storing is one round trip per batch of deliveries, and a
 * turn waits on the database, not the CPU, for most of its time.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { prepareGraph } from '@samvad/runtime';
import type { DataSourceProvider, Graph } from '@samvad/runtime';
import { DEFAULT_HEALTH_MAX_WAIT_SECONDS, DEFAULT_REPLY_MAX_AGE_SECONDS } from '../config.js';
import type { ServeConfig } from '../config.js';
import { jsonLogger } from '../ops/log.js';
import type { Logger } from '../ops/log.js';
import { createMetrics } from '../ops/metrics.js';
import { graphSender } from '../send/graph-client.js';
import { sendSettingsFrom } from '../send/settings.js';
import { GraphHolder } from '../server/graph-holder.js';
import type { GraphLoader } from '../server/graph-holder.js';
import { assessHealth } from '../server/health.js';
import { listen } from '../server/routes.js';
import type { RunningServer } from '../server/server.js';
import { handleWebhook } from '../server/webhook.js';
import { readBacklog } from './backlog.js';
import type { Backlog } from './backlog.js';
import { PgInboundStore } from './inbound-store.js';
import { applyMigrations } from './migrate.js';
import { describePgError } from './pg-error.js';
import { createPool, redactUrl } from './pool.js';
import { PgProcessor } from './processor.js';
import { PgSender } from './send/pg-sender.js';

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
  /** Citizens processed at once by this process (default 8). */
  readonly concurrency?: number;
}

/** How long `/healthz` waits for the database. */
const HEALTH_TIMEOUT_MS = 2_000;

interface Bot {
  readonly options: PgBotOptions;
  readonly holder: GraphHolder;
}

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

  const concurrency = options.concurrency ?? 8;
  const onPoolError = (error: Error) => log.log('warn', 'db.connection_lost', { error: describePgError(error) });
  // Acknowledging webhooks, /healthz and sending; and, apart, the turns and the LISTEN connection,
  // so that a burst of processing never makes a delivery wait for a connection.
  const pool = createPool(url, { max: 10, applicationName: 'samvad serve' }, onPoolError);
  const work = createPool(url, { max: concurrency + 2, applicationName: 'samvad serve (processing)' }, onPoolError);
  const end = () => Promise.all([pool.end(), work.end()]).catch(() => undefined);
  try {
    const migrated = await applyMigrations(pool);
    if (migrated.applied.length > 0) log.log('info', 'db.migrated', { applied: migrated.applied.join(','), version: migrated.version });
  } catch (error) {
    await end();
    throw new Error(`cannot use the database ${redactUrl(url)}: ${describePgError(error)}`, { cause: error });
  }

  let backlog: Backlog = { queueDepth: 0, oldestUnprocessedAt: undefined, outboxDepth: 0 };
  const metrics = createMetrics(() => ({ outbox: backlog.outboxDepth, queue: backlog.queueDepth }));
  const bots = new Map<string, Bot>();
  for (const bot of options.bots) {
    prepareGraph(bot.graph);
    const holder = new GraphHolder(bot.graph, bot.reloadGraph, log, (graph) => prepareGraph(graph), metrics.registry);
    bots.set(bot.phoneNumberId, { options: bot, holder });
  }

  const sending = sendSettingsFrom(process.env); // checked by loadConfig at start-up
  const processId = config.processId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const sender = new PgSender(pool, {
    bots: options.bots.map((b) => ({
      numberId: b.phoneNumberId,
      client: graphSender({ baseUrl: config.apiBaseUrl, phoneNumberId: b.phoneNumberId, accessToken: b.accessToken, timeoutMs: sending.timeoutMs }),
      rate: b.sendRate,
    })),
    processId,
    log,
    metrics,
    retryCapMs: sending.retryCapMs,
    ...(config.sendLeaseMs !== undefined ? { leaseMs: config.sendLeaseMs } : {}),
  });
  const processor = new PgProcessor(
    work,
    work,
    {
      numbers,
      bot: (numberId) => {
        const bot = bots.get(numberId);
        return bot === undefined ? undefined : { graph: bot.holder.graph, providers: bot.options.providers ?? {} };
      },
      replyMaxAgeMs: (config.replyMaxAgeSeconds ?? DEFAULT_REPLY_MAX_AGE_SECONDS) * 1000,
      onOutbox: (numberId) => sender.notify(numberId),
      concurrency,
    },
    log,
    metrics,
  );
  let recovered: number;
  try {
    await sender.start();
    recovered = await processor.start();
  } catch (error) {
    await processor.stop().catch(() => undefined);
    await sender.stop().catch(() => undefined);
    await end();
    throw new Error(`cannot start on the database ${redactUrl(url)}: ${describePgError(error)}`, { cause: error });
  }
  for (const bot of bots.values()) if (bot.options.watchFile !== undefined) bot.holder.watch(bot.options.watchFile);

  const store = new PgInboundStore(pool);
  const deps = { appSecret: config.appSecret, phoneNumberId: numbers, store, log, metrics, onStored: () => processor.wake() };
  const maxWaitMs = (config.healthMaxWaitSeconds ?? DEFAULT_HEALTH_MAX_WAIT_SECONDS) * 1000;

  const healthReport = async () => {
    let dbError: string | undefined;
    try {
      backlog = await readBacklog(pool, numbers, HEALTH_TIMEOUT_MS);
    } catch (error) {
      dbError = describePgError(error);
    }
    const report = assessHealth({
      now: Date.now(),
      dbError,
      workerRunning: true,
      worker: { processing: processor.health(), sending: sender.health() },
      workerTimeoutMs: HEALTH_TIMEOUT_MS,
      inbound: store.writeHealth(),
      oldestUnprocessedAt: dbError === undefined ? backlog.oldestUnprocessedAt : undefined,
      maxWaitMs,
      queueDepth: dbError === undefined ? backlog.queueDepth : -1,
      outboxDepth: dbError === undefined ? backlog.outboxDepth : -1,
      graph: [...bots.values()].map((b) => b.holder.graph.hash).join(','),
    });
    const graphs = Object.fromEntries([...bots.values()].map((b) => [b.options.phoneNumberId, { bot: b.options.name, graph: b.holder.graph.hash }]));
    return { ...report, store: 'postgres' as const, numbers: graphs };
  };
  const metricsText = async (): Promise<string> => {
    backlog = await readBacklog(pool, numbers, HEALTH_TIMEOUT_MS).catch(() => backlog);
    return metrics.registry.metrics();
  };

  const http = await listen(
    {
      verifyToken: config.verifyToken,
      ...(config.metricsToken !== undefined ? { metricsToken: config.metricsToken } : {}),
      log,
      webhook: (raw, signature) => handleWebhook(deps, raw, signature),
      health: healthReport,
      metrics: metricsText,
      metricsContentType: metrics.registry.contentType,
    },
    config.host,
    config.port,
  );
  log.log('info', 'server.started', {
    url: http.url,
    store: 'postgres',
    db: redactUrl(url),
    processId,
    bots: options.bots.map((b) => `${b.name}=${b.phoneNumberId}`).join(','),
    graph: [...bots.values()].map((b) => b.holder.graph.hash).join(','),
    recovered,
  });

  let closing: Promise<void> | undefined;
  return {
    url: http.url,
    reload: async (reason = 'requested') => {
      const results = await Promise.all([...bots.values()].map((b) => b.holder.reload(reason)));
      return results.every(Boolean);
    },
    close: () => {
      closing ??= (async () => {
        for (const bot of bots.values()) bot.holder.close();
        await http.close();
        await processor.stop();
        await sender.stop();
        await end();
        log.log('info', 'server.stopped', {});
      })();
      return closing;
    },
  };
}
