/**
 * `/metrics` of a server whose processing runs in a worker thread: this thread's metrics (those
 * the worker does not own) followed by the worker's, collected from it. Used by both stores' servers.
 */
import type { Registry } from 'prom-client';
import type { ProcessingWorker } from '../work/processing-worker.js';
import { WORKER_METRICS } from '../work/protocol.js';

/** The Prometheus text of `registry` (without the worker's metrics) plus the worker's own. */
export async function metricsWithWorker(registry: Registry, worker: ProcessingWorker): Promise<string> {
  const own = registry
    .getMetricsAsArray()
    .map((m) => m.name)
    .filter((name) => !(WORKER_METRICS as readonly string[]).includes(name));
  const parts = await Promise.all(own.map((name) => registry.getSingleMetricAsString(name)));
  return parts.join('\n') + '\n' + (await worker.metricsText());
}
