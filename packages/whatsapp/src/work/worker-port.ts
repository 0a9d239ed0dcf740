/**
 * The plumbing both processing workers (SQLite: work/worker-main.ts, PostgreSQL:
 * pg/worker-main.ts) share on their port: posting, logging through the HTTP thread, data-source
 * calls answered by `data` messages, and the `metrics` and `health` answers.
 */
import type { MessagePort } from 'node:worker_threads';
import type { DataItem, DataSourceProvider } from '@samvad/runtime';
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import { WORKER_METRICS } from './protocol.js';
import type { FromWorker, ToWorker, WorkerHealth } from './protocol.js';

/** A `data` message: the answer to a data-source call. */
export type DataAnswer = Extract<ToWorker, { readonly type: 'data' }>;

/** The worker's side of the port, apart from the messages only one worker understands. */
export interface WorkerPort {
  readonly post: (message: FromWorker) => void;
  /** Logs through the HTTP thread's logger. */
  readonly log: Logger;
  /** A data source run on the HTTP thread; `numberId`: whose bot's sources (several numbers). */
  readonly remote: (source: string, numberId?: string) => DataSourceProvider;
  /** Settles the data-source call a `data` message answers. */
  readonly settle: (message: DataAnswer) => void;
  /** Answers a `metrics` message with the metrics this worker owns. */
  readonly answerMetrics: (id: number, metrics: ServeMetrics) => void;
  /** Answers a `health` message. */
  readonly answerHealth: (id: number, health: WorkerHealth) => void;
}

/** The shared plumbing on `port`. */
export function workerPort(port: MessagePort): WorkerPort {
  const post = (message: FromWorker) => port.postMessage(message);
  const log: Logger = { log: (level, event, fields = {}) => post({ type: 'log', level, event, fields }) };
  let nextId = 0;
  const pending = new Map<number, { resolve: (items: readonly DataItem[]) => void; reject: (error: Error) => void }>();
  const remote = (source: string, numberId?: string): DataSourceProvider => (params) =>
    new Promise((resolve, reject) => {
      nextId += 1;
      pending.set(nextId, { resolve, reject });
      post({ type: 'fetch', id: nextId, source, params, ...(numberId !== undefined ? { numberId } : {}) });
    });
  const settle = (message: DataAnswer) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiting?.resolve(message.items);
    else waiting?.reject(new Error(message.error));
  };
  const answerMetrics = (id: number, metrics: ServeMetrics) => {
    void Promise.all(WORKER_METRICS.map((name) => metrics.registry.getSingleMetricAsString(name))).then((parts) =>
      post({ type: 'metrics', id, text: parts.join('\n') + '\n' }),
    );
  };
  const answerHealth = (id: number, health: WorkerHealth) => post({ type: 'health', id, health });
  return { post, log, remote, settle, answerMetrics, answerHealth };
}
