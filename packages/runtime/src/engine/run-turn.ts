/**
 * The async edge around `step`: when a step asks for data or makes a call, ask the host's
 * provider or caller (with a timeout), feed the result back, and repeat until the step needs
 * nothing more. A host that makes calls durably (`serve`) sets `deferCalls` and gets the call back.
 */
import type { Graph } from '../graph/types.js';
import type { Session } from '../session/session.js';
import { step } from './step.js';
import type { StepEvent } from './step-types.js';
import type { CallProvider, CallRequest, CallResult, DataRequest, DataResult, DataSourceProvider, Inbound, Outbound } from './types.js';

/** The host's side of a turn: the clock, the data sources, the endpoints' callers and an analytics hook. */
export interface TurnOptions {
  /** Epoch milliseconds (read once per turn). */
  readonly now: number;
  readonly providers: Readonly<Record<string, DataSourceProvider>>;
  /** Per endpoint name: makes a call (chat, tests). An endpoint without one fails (`reason: 'error'`). */
  readonly callers?: Readonly<Record<string, CallProvider>>;
  /**
   * Stop at a call and return it in `TurnResult.call` instead of making it: the host makes it
   * (durably) and later feeds back `{ kind: 'call', requestId: call.id, result }` as a new turn.
   */
  readonly deferCalls?: boolean;
  readonly userId?: string;
  readonly idleTimeoutMs?: number;
  readonly onStep?: (event: StepEvent) => void;
}

/** A turn's result: the session to store and every outbound of every step, in order. */
export interface TurnResult {
  readonly session: Session;
  readonly outbound: readonly Outbound[];
  /**
   * The call the session now waits for: with `deferCalls`, for the host to make; without, only
   * when the turn made `MAX_TURN_CALLS` calls already (a graph whose calls loop without a question
   * in between) and stopped.
   */
  readonly call?: CallRequest;
}

/** More data requests than this in one turn means a misbehaving graph; stop asking. */
const MAX_REQUESTS = 8;
/** More calls than this in one turn means calls that loop (e.g. a fallback back to the call); stop calling. */
export const MAX_TURN_CALLS = 8;

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
  let asked = 0;
  let called = 0;
  for (;;) {
    const { request, call } = result;
    if (request !== undefined && asked <= MAX_REQUESTS) {
      const data: DataResult =
        asked < MAX_REQUESTS
          ? await fetchData(options.providers, request)
          : { ok: false, reason: 'error', detail: 'too many data requests in one turn' };
      asked += 1;
      result = step(graph, result.session, { kind: 'data', requestId: request.id, result: data }, ctx);
    } else if (call !== undefined && !options.deferCalls && called < MAX_TURN_CALLS) {
      called += 1;
      const answer = await performCall(options.callers ?? {}, call);
      result = step(graph, result.session, { kind: 'call', requestId: call.id, result: answer }, ctx);
    } else {
      break;
    }
    outbound.push(...result.outbound);
  }
  return result.call === undefined ? { session: result.session, outbound } : { session: result.session, outbound, call: result.call };
}

/**
 * Makes a call with the endpoint's caller, within the request's timeout (the caller's signal is
 * aborted then). A missing caller, a caller that throws or the timeout is a failed result.
 */
export async function performCall(callers: Readonly<Record<string, CallProvider>>, request: CallRequest): Promise<CallResult> {
  const caller = Object.hasOwn(callers, request.endpoint) ? callers[request.endpoint] : undefined;
  if (caller === undefined) {
    return { ok: false, reason: 'error', detail: `no caller for endpoint "${request.endpoint}" is configured` };
  }
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CallResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${request.timeoutMs} ms`));
      resolve({ ok: false, reason: 'timeout', detail: `"${request.endpoint}" did not answer within ${request.timeoutMs} ms` });
    }, request.timeoutMs);
  });
  const made = (async (): Promise<CallResult> => {
    try {
      const result: unknown = await caller(request, controller.signal);
      if (typeof result === 'object' && result !== null && typeof (result as { ok?: unknown }).ok === 'boolean') return result as CallResult;
      return { ok: false, reason: 'error', detail: `the caller for "${request.endpoint}" returned no result` };
    } catch (error) {
      if (controller.signal.aborted) return { ok: false, reason: 'timeout', detail: `"${request.endpoint}" did not answer within ${request.timeoutMs} ms` };
      return { ok: false, reason: 'error', detail: error instanceof Error ? error.message : String(error) };
    }
  })();
  try {
    return await Promise.race([made, timeout]);
  } finally {
    clearTimeout(timer);
  }
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
