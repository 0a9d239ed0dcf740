/**
 * `startServer(config, options)`: the production webhook server. Wires the durable inbound store,
 * the per-citizen processor, the outbox sender, the HTTP routes and graph reloading.
 */
import type { DataSourceProvider, Graph } from '@samvad/runtime';
import { DEFAULT_HEALTH_MAX_WAIT_SECONDS, DEFAULT_REPLY_MAX_AGE_SECONDS } from '../config.js';
import type { ServeConfig } from '../config.js';
import { endpointsOrThrow } from '../calls/endpoints.js';
import { sqliteCallBacklog } from '../calls/sqlite-calls.js';
import { jsonLogger } from '../ops/log.js';
import type { Logger } from '../ops/log.js';
import { createMetrics } from '../ops/metrics.js';
import { openDatabase } from '../store/db.js';
import { GroupCommitter } from '../store/group-commit.js';
import { InboundStore } from '../store/inbound-store.js';
import type { StoredInbound } from '../store/inbound-store.js';
import { OutboxStore } from '../store/outbox-store.js';
import { capDatabaseSize, describeStoreError } from '../store/store-error.js';
import { WriteLock } from '../store/write-lock.js';
import { ProcessingWorker } from '../work/processing-worker.js';
import { DEFAULT_WORKER_NICE } from '../work/thread-priority.js';
import { GraphHolder } from './graph-holder.js';
import type { GraphLoader } from './graph-holder.js';
import { assessHealth } from './health.js';
import { metricsWithWorker } from './metrics-text.js';
import { listenForWebhooks } from './routes.js';

export interface ServerOptions {
  /** The graph to serve (already validated). */
  readonly graph: Graph;
  /** How to load it again on `reload()` / file change; without it reloads are refused. */
  readonly reloadGraph?: GraphLoader;
  /** Files whose changes trigger a reload (a root .flow and its includes; each reload's files replace them). */
  readonly watchFile?: string | readonly string[];
  /** Data sources the graph may call. */
  readonly providers?: Readonly<Record<string, DataSourceProvider>>;
  readonly logger?: Logger;
  /** `FULL` fsyncs every commit; default `NORMAL` (see store/db.ts). */
  readonly synchronous?: 'NORMAL' | 'FULL';
  /** Where the endpoints of `call` nodes are read from (default `process.env`, which the worker shares). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** How long `/healthz` waits for the processing worker's report. */
const HEALTH_TIMEOUT_MS = 2_000;

/** A running server. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  /** Reloads the graph; true when the new one is serving. */
  reload(reason?: string): Promise<boolean>;
  /** Stops accepting, finishes in-flight turns and sends, closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the server: this thread verifies, stores and acknowledges webhooks; a worker thread
 * (its own SQLite connection) processes the stored messages and sends the replies. Messages a
 * previous run stored but did not process, and replies it did not send, are resumed first.
 */
export async function startServer(config: ServeConfig, options: ServerOptions): Promise<RunningServer> {
  const log = options.logger ?? jsonLogger();
  const synchronous = options.synchronous ?? 'NORMAL';
  // Every endpoint the graph calls must have its URL and secret before anything starts.
  const env = options.env ?? process.env;
  endpointsOrThrow(options.graph, env);
  // The worker checkpoints the WAL; this thread only as a backstop (a WAL of 10,000 pages, ~40 MB).
  const db = openDatabase(config.dbPath, synchronous, 10_000);
  capDatabaseSize(db, config.dbMaxMb);
  const writeLock = new WriteLock();
  const group = new GroupCommitter(db, writeLock);
  const store = new InboundStore(db, group);
  const outbox = new OutboxStore(db, group);
  const metrics = createMetrics(() => ({ outbox: outbox.depth(), queue: store.depth() }));
  const worker = await ProcessingWorker.start(
    {
      dbPath: config.dbPath,
      synchronous,
      graph: options.graph,
      apiBaseUrl: config.apiBaseUrl,
      phoneNumberId: config.phoneNumberId,
      accessToken: config.accessToken,
      sendRate: config.sendRate,
      nice: config.workerNice ?? DEFAULT_WORKER_NICE,
      writeLock: writeLock.buffer,
      replyMaxAgeMs: (config.replyMaxAgeSeconds ?? DEFAULT_REPLY_MAX_AGE_SECONDS) * 1000,
      ...(config.dbMaxMb !== undefined ? { dbMaxMb: config.dbMaxMb } : {}),
    },
    options.providers ?? {},
    log,
  );
  const holder = new GraphHolder(options.graph, checkedLoader(options.reloadGraph, env), log, (graph) => worker.setGraph(graph), metrics.registry);
  const callBacklog = sqliteCallBacklog(db);
  const deps = { appSecret: config.appSecret, phoneNumberId: config.phoneNumberId, store, log, metrics, onStored: (fresh: readonly StoredInbound[]) => worker.enqueue(fresh) };

  // Recovery happens before listening, so no message can be both recovered and freshly stored.
  const recovered = store.unprocessed();
  worker.enqueue(recovered);
  if (options.watchFile !== undefined) holder.watch(options.watchFile);

  const metricsText = () => metricsWithWorker(metrics.registry, worker);

  const healthReport = async () => {
    const read = <T>(fn: () => T, fallback: T): T => {
      try {
        return fn();
      } catch {
        return fallback;
      }
    };
    let dbError: string | undefined;
    try {
      db.prepare('SELECT 1').get();
    } catch (error) {
      dbError = describeStoreError(error);
    }
    return assessHealth({
      now: Date.now(),
      dbError,
      workerRunning: worker.running,
      worker: await worker.health(HEALTH_TIMEOUT_MS),
      workerTimeoutMs: HEALTH_TIMEOUT_MS,
      inbound: store.writeHealth(),
      oldestUnprocessedAt: read(() => store.oldestUnprocessedAt(), undefined),
      maxWaitMs: (config.healthMaxWaitSeconds ?? DEFAULT_HEALTH_MAX_WAIT_SECONDS) * 1000,
      queueDepth: read(() => store.depth(), -1),
      outboxDepth: read(() => outbox.depth(), -1),
      graph: holder.graph.hash,
      calls: read(callBacklog, undefined),
    });
  };

  const http = await listenForWebhooks(config, deps, healthReport, metricsText);
  log.log('info', 'server.started', { url: http.url, graph: holder.graph.hash, recovered: recovered.length, resumedSends: worker.resumedSends });

  let closing: Promise<void> | undefined;
  return {
    url: http.url,
    reload: (reason = 'requested') => holder.reload(reason),
    close: () => {
      closing ??= (async () => {
        holder.close();
        await http.close();
        await worker.stop();
        await group.commit(() => undefined); // flushes every write queued before it
        db.close();
        log.log('info', 'server.stopped', {});
      })();
      return closing;
    },
  };
}

/**
 * `loader`, refusing a graph whose endpoints cannot be resolved from `env` (the old graph keeps
 * serving, as for any refused reload).
 */
export function checkedLoader(loader: GraphLoader | undefined, env: Readonly<Record<string, string | undefined>>, label?: string): GraphLoader | undefined {
  if (loader === undefined) return undefined;
  return async () => {
    const loaded = await loader();
    if (!loaded.ok) return loaded;
    try {
      endpointsOrThrow(loaded.graph, env, label);
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error), ...(loaded.files !== undefined ? { files: loaded.files } : {}) };
    }
    return loaded;
  };
}
