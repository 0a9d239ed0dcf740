/** The calls' metrics, on the server's registry (kept by the processing worker, which makes the calls). */
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { CallOutcome } from './policy.js';

/** Names of the metrics this file registers (the worker answers for them: work/protocol.ts). */
export const CALL_METRICS = ['samvad_calls_total', 'samvad_call_retries_total', 'samvad_call_attempt_seconds'] as const;

export interface CallMetrics {
  /** Calls finished, by endpoint and outcome (`ok`, `rejected`, `timeout`, `error`, `incomplete`). */
  readonly calls: Counter<'endpoint' | 'outcome'>;
  /** Attempts that failed and will be tried again, by endpoint. */
  readonly retries: Counter<'endpoint'>;
  /** Time of one attempt, by endpoint. */
  readonly seconds: Histogram<'endpoint'>;
  /** Counts a finished call. */
  finished(endpoint: string, outcome: CallOutcome): void;
}

/** Registers the calls' metrics on `registry`. */
export function createCallMetrics(registry: Registry): CallMetrics {
  const calls = new Counter({ name: 'samvad_calls_total', help: 'Calls to department systems finished, by endpoint and outcome (ok, rejected, timeout, error, incomplete: answered without a field the flow receives)', labelNames: ['endpoint', 'outcome'], registers: [registry] });
  const retries = new Counter({ name: 'samvad_call_retries_total', help: 'Call attempts that failed and are tried again, by endpoint', labelNames: ['endpoint'], registers: [registry] });
  const seconds = new Histogram({
    name: 'samvad_call_attempt_seconds',
    help: 'Time of one call attempt (request to answer), by endpoint',
    labelNames: ['endpoint'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return { calls, retries, seconds, finished: (endpoint, outcome) => calls.inc({ endpoint, outcome }) };
}
