/**
 * The async edge around `step`: when a step asks for data, call the host's provider (with a
 * timeout), feed the result back, and repeat until the step needs nothing more.
 */
import type { Graph } from '../graph/types.js';
import type { Session } from '../session/session.js';
import { step } from './step.js';
import type { StepEvent } from './step-types.js';
import type { DataRequest, DataResult, DataSourceProvider, Inbound, Outbound } from './types.js';

/** The host's side of a turn: the clock, the data sources and an analytics hook. */
export interface TurnOptions {
  /** Epoch milliseconds (read once per turn). */
  readonly now: number;
  readonly providers: Readonly<Record<string, DataSourceProvider>>;
  readonly userId?: string;
  readonly idleTimeoutMs?: number;
  readonly onStep?: (event: StepEvent) => void;
}

/** A turn's result: the session to store and every outbound of every step, in order. */
export interface TurnResult {
  readonly session: Session;
  readonly outbound: readonly Outbound[];
}

/** More data requests than this in one turn means a misbehaving graph; stop asking. */
const MAX_REQUESTS = 8;

/** Runs one inbound message through `step`, resolving data requests with `providers`. */
export async function runTurn(
  graph: Graph,
  session: Session | undefined,
  inbound: Inbound,
  options: TurnOptions,
): Promise<TurnResult> {
  const ctx = {
    now: options.now,
    ...(options.userId === undefined ? {} : { userId: options.userId }),
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.onStep === undefined ? {} : { onStep: options.onStep }),
  };
  let result = step(graph, session, inbound, ctx);
  const outbound: Outbound[] = [...result.outbound];
  for (let asked = 0; result.request !== undefined; asked += 1) {
    const request: DataRequest = result.request;
    const data: DataResult =
      asked < MAX_REQUESTS
        ? await fetchData(options.providers, request)
        : { ok: false, reason: 'error', detail: 'too many data requests in one turn' };
    result = step(graph, result.session, { kind: 'data', requestId: request.id, result: data }, ctx);
    outbound.push(...result.outbound);
  }
  return { session: result.session, outbound };
}

/** Calls the provider for a request; a missing provider, an error or the timeout is a failure. */
export async function fetchData(
  providers: Readonly<Record<string, DataSourceProvider>>,
  request: DataRequest,
): Promise<DataResult> {
  const provider = Object.hasOwn(providers, request.source) ? providers[request.source] : undefined;
  if (provider === undefined) {
    return { ok: false, reason: 'error', detail: `no data source named "${request.source}" is configured` };
  }
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<DataResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${request.timeoutMs} ms`));
      resolve({ ok: false, reason: 'timeout', detail: `"${request.source}" did not answer within ${request.timeoutMs} ms` });
    }, request.timeoutMs);
  });
  const call = (async (): Promise<DataResult> => {
    try {
      const items = await provider(request.params, controller.signal);
      return { ok: true, items };
    } catch (error) {
      if (controller.signal.aborted) return { ok: false, reason: 'timeout' };
      return { ok: false, reason: 'error', detail: error instanceof Error ? error.message : String(error) };
    }
  })();
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
