/**
 * The HTTP thread's handle on the processing worker: hands it stored messages (batched per
 * event-loop turn), graph reloads and data-source results; relays its logs; collects its metrics.
 */
import { Worker } from 'node:worker_threads';
import { fetchData } from '@samvad/runtime';
import type { DataSourceProvider, Graph } from '@samvad/runtime';
import type { Logger } from '../ops/log.js';
import type { StoredInbound } from '../store/inbound-store.js';
import type { FromWorker, HandedInbound, ToWorker, WorkerHealth, WorkerInit } from './protocol.js';

/** Where the worker's code is: `.ts` when running from source (the bootstrap registers tsx). */
const ENTRY = new URL(`./worker-main${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
const BOOT = new URL('./boot.mjs', import.meta.url);

/** The data sources the worker may call: one set, or each number's bot's own. */
export type WorkerProviders = Readonly<Record<string, DataSourceProvider>> | ((numberId: string | undefined) => Readonly<Record<string, DataSourceProvider>>);

export class ProcessingWorker {
  private batch: HandedInbound[] = [];
  private scheduled = false;
  private alive = true;
  private metricsId = 0;
  private readonly metricsWaiting = new Map<number, (text: string) => void>();
  private readonly healthWaiting = new Map<number, (health: WorkerHealth) => void>();
  private stopped: (() => void) | undefined;
  /** The worker said it finished ('stopped'): its exit, whatever the code, is the expected one. */
  private finished = false;
  private forceExit: NodeJS.Timeout | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly providers: WorkerProviders,
    private readonly log: Logger,
    /** Outbox rows a previous run left unsent, now being sent. */
    readonly resumedSends: number,
    /** Stored messages waiting to be processed at start (when the worker counts them). */
    readonly recovered: number | undefined,
  ) {
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) => {
      this.alive = false;
      log.log('error', 'worker.crashed', { error: error.message });
    });
    worker.on('exit', (code) => {
      this.alive = false;
      clearTimeout(this.forceExit);
      this.stopped?.();
      if (code !== 0 && !this.finished) log.log('error', 'worker.exited', { code });
    });
  }

  /**
   * Starts the worker; resolves once it has resumed the outbox. By default it runs worker-main (the
   * SQLite store); `entry` runs another worker module speaking the same protocol (the PostgreSQL
   * store's) with `init` as the rest of its `workerData`.
   */
  static start(init: Omit<WorkerInit, 'entry' | 'providerNames'>, providers: Readonly<Record<string, DataSourceProvider>>, log: Logger): Promise<ProcessingWorker>;
  static start(init: object, providers: WorkerProviders, log: Logger, entry: string): Promise<ProcessingWorker>;
  static start(init: object, providers: WorkerProviders, log: Logger, entry: string = ENTRY): Promise<ProcessingWorker> {
    const workerData = { ...init, entry, providerNames: typeof providers === 'function' ? [] : Object.keys(providers) };
    const worker = new Worker(BOOT, { workerData });
    return new Promise((resolve, reject) => {
      const onReady = (message: FromWorker) => {
        if (message.type === 'log') log.log(message.level, message.event, message.fields);
        if (message.type !== 'ready') return;
        worker.off('message', onReady);
        worker.off('error', reject);
        resolve(new ProcessingWorker(worker, providers, log, message.resumedSends, message.recovered));
      };
      worker.on('message', onReady);
      worker.once('error', reject);
    });
  }

  get running(): boolean {
    return this.alive;
  }

  /** Hands committed messages to the worker (one message per event-loop turn for all of them). */
  enqueue(items: readonly StoredInbound[]): void {
    if (items.length === 0) return;
    for (const { seq, json } of items) this.batch.push({ seq, json });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const items = this.batch;
      this.batch = [];
      this.send({ type: 'process', items });
    });
  }

  /** Serves `graph` from the next message on (for the bot of `numberId`, in a worker serving several). */
  setGraph(graph: Graph, numberId?: string): void {
    this.send(numberId === undefined ? { type: 'graph', graph } : { type: 'graph', graph, numberId });
  }

  /** The worker's metrics in Prometheus text ('' when it is not running). */
  metricsText(): Promise<string> {
    if (!this.alive) return Promise.resolve('');
    this.metricsId += 1;
    const id = this.metricsId;
    return new Promise((resolve) => {
      this.metricsWaiting.set(id, resolve);
      this.send({ type: 'metrics', id });
    });
  }

  /**
   * What the worker reports about its queues, or undefined when it is not running or does not
   * answer within `timeoutMs` (busy or stuck: a health problem in itself).
   */
  health(timeoutMs: number): Promise<WorkerHealth | undefined> {
    if (!this.alive) return Promise.resolve(undefined);
    this.metricsId += 1;
    const id = this.metricsId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.healthWaiting.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.healthWaiting.set(id, (health) => {
        clearTimeout(timer);
        resolve(health);
      });
      this.send({ type: 'health', id });
    });
  }

  /** Lets the worker finish its turns and sends, flush and close its database. */
  stop(): Promise<void> {
    if (!this.alive) return Promise.resolve();
    return new Promise((resolve) => {
      this.stopped = resolve;
      this.send({ type: 'stop' });
    });
  }

  private send(message: ToWorker): void {
    if (this.alive) this.worker.postMessage(message);
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'log':
        this.log.log(message.level, message.event, message.fields);
        return;
      case 'fetch':
        void this.runSource(message.id, message.source, message.params, message.numberId);
        return;
      case 'metrics':
        this.metricsWaiting.get(message.id)?.(message.text);
        this.metricsWaiting.delete(message.id);
        return;
      case 'health':
        this.healthWaiting.get(message.id)?.(message.health);
        this.healthWaiting.delete(message.id);
        return;
      case 'stopped':
        // The worker closed its database and its port, and ends by itself (exit code 0); should
        // something still hold its event loop, it is ended after a second — expected either way.
        this.finished = true;
        this.forceExit = setTimeout(() => {
          this.log.log('info', 'worker.terminated', { reason: 'it had stopped but did not end by itself within 1 s' });
          void this.worker.terminate();
        }, 1_000);
        return;
      default: {
        const never: never = message;
        throw new Error(`unknown worker message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Runs a data source for the worker (its own timeout applies there; a long one here too). */
  private async runSource(id: number, source: string, params: Readonly<Record<string, string>>, numberId: string | undefined): Promise<void> {
    const providers = typeof this.providers === 'function' ? this.providers(numberId) : this.providers;
    const result = await fetchData(providers, { id: String(id), source, params, timeoutMs: 60_000 });
    this.send(result.ok ? { type: 'data', id, ok: true, items: result.items } : { type: 'data', id, ok: false, error: result.detail ?? result.reason });
  }
}
