/**
 * The simulator's engine over `@samvad/runtime`: the same `runTurn` the production bot runs,
 * with one in-memory session, the injected clock, the host's data-source providers and its call
 * providers (canned answers); every call made is recorded for the transcript.
 */
import { answerGap, incompleteResult, runTurn } from '@samvad/runtime';
import type { CallProvider, CallRequest, CallResult, DataSourceProvider, Graph, Inbound, Session, StepEvent } from '@samvad/runtime';
import type { ChatCall, ChatEngine, ChatSnapshot, ChatTurn } from './engine.js';

export interface RuntimeEngineOptions {
  readonly providers: Readonly<Record<string, DataSourceProvider>>;
  /** Answers to `call`s by endpoint name; an endpoint without one fails (its `fallback` is taken). */
  readonly callers?: Readonly<Record<string, CallProvider>>;
  /** Why a call to an endpoint without a provider failed (default: names the endpoint). */
  readonly noCaller?: (endpoint: string) => string;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** The language to open (and reset) in; default: the bot's first. */
  readonly lang?: string;
}

/** The reply id of the runtime's language menu rows: what a citizen's tap on a language sends. */
const languageReply = (code: string): Inbound => ({ kind: 'reply', id: `~lang:${code}` });

/** A chat engine running `graph` (swappable with `replaceGraph`) for one simulated citizen. */
export function createRuntimeEngine(graph: Graph, options: RuntimeEngineOptions): ChatEngine {
  let current = graph;
  let session: Session | undefined;

  const codes = () => current.languages.map((l) => l.code);
  const snapshot = (): ChatSnapshot =>
    session === undefined
      ? { node: current.start, language: options.lang ?? codes()[0] ?? 'en', variables: {}, history: [] }
      : { node: session.node, language: session.lang, variables: session.vars, history: session.history };

  /** Providers for every endpoint of the graph that record each call into `made`. */
  const recordingCallers = (made: ChatCall[]): Record<string, CallProvider> => {
    const callers: Record<string, CallProvider> = {};
    for (const endpoint of Object.keys(current.endpoints)) {
      const provider = options.callers !== undefined && Object.hasOwn(options.callers, endpoint) ? options.callers[endpoint] : undefined;
      const sends = current.endpoints[endpoint]?.sends ?? [];
      callers[endpoint] = async (request, signal) => {
        // Recorded with the fields in the order the endpoint declares them (the graph's own order is sorted).
        const shown = { ...request, fields: inOrder(request.fields, sends) };
        const index = made.push({ request: shown }) - 1;
        const answered: CallResult =
          provider === undefined
            ? { ok: false, reason: 'error', detail: options.noCaller?.(endpoint) ?? `no answer is configured for endpoint "${endpoint}"` }
            : await provider(request, signal);
        const result = judged(current, request, answered);
        made[index] = { request: shown, result };
        return result;
      };
    }
    return callers;
  };

  const turn = async (inbound: Inbound, notices: readonly string[] = []): Promise<ChatTurn> => {
    let last: StepEvent | undefined;
    const calls: ChatCall[] = [];
    const result = await runTurn(current, session, inbound, {
      now: options.now(),
      providers: options.providers,
      callers: recordingCallers(calls),
      onStep: (event) => {
        last = event;
      },
    });
    session = result.session;
    const step = last === undefined ? {} : { step: { outcome: last.outcome, matchedBy: last.matchedBy } };
    const listButton = current.messages.list_button?.[result.session.lang];
    return {
      outbound: result.outbound,
      snapshot: snapshot(),
      notices,
      ...(calls.length === 0 ? {} : { calls: [...calls] }),
      ...step,
      ...(listButton === undefined ? {} : { listButton }),
    };
  };

  const open = async (notices: readonly string[] = []): Promise<ChatTurn> => {
    session = undefined;
    const first = await turn({ kind: 'text', text: '' }, notices);
    const wanted = options.lang;
    if (wanted === undefined || wanted === first.snapshot.language || !codes().includes(wanted)) return first;
    return turn(languageReply(wanted), notices);
  };

  return {
    languages: codes,
    snapshot,
    open: () => open(),
    send: (inbound) => turn(inbound),
    setLanguage: async (code) => {
      if (!codes().includes(code)) {
        throw new Error(`unknown language \`${code}\`; this bot speaks ${codes().join(', ')}`);
      }
      return turn(languageReply(code), [`language: ${code}`]);
    },
    reset: () => open(['session reset']),
    replaceGraph: (next) => {
      current = next;
    },
  };
}

/**
 * An answer lacking a field the call node's `receive` reads fails the call (`incomplete`), as in
 * serve: the transcript shows which field, and the engine takes the fallback.
 */
function judged(graph: Graph, request: CallRequest, result: CallResult): CallResult {
  if (!result.ok || typeof result.answer !== 'object' || result.answer === null) return result;
  const node = Object.hasOwn(graph.nodes, request.node) ? graph.nodes[request.node] : undefined;
  const gap = node?.kind === 'call' ? answerGap(node.receive, result.answer) : undefined;
  return gap === undefined ? result : incompleteResult(gap);
}

/** `fields` with the `order` names first, in that order, then any others. */
function inOrder(fields: Readonly<Record<string, string>>, order: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of order) if (Object.hasOwn(fields, name)) out[name] = fields[name] as string;
  for (const [name, value] of Object.entries(fields)) if (!Object.hasOwn(out, name)) out[name] = value;
  return out;
}
