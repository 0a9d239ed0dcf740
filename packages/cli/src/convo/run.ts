/**
 * Runs one conversation-test case through the runtime's pure `step`, answering data requests and
 * `call`s from canned results, and checks every turn. Pure and synchronous: no clock, no network,
 * no files.
 */
import { SESSION_VERSION, step } from '@samvad/runtime';
import type { Graph, Inbound, Outbound, Session, StepResult } from '@samvad/runtime';
import { cannedCall, cannedResult } from '../sources/canned.js';
import type { CannedCalls, CannedData } from '../sources/canned.js';
import { checkTurn } from './compare.js';
import type { Failure, MadeCall, Reply } from './compare.js';
import { collector } from './coverage.js';
import type { Touched } from './coverage.js';
import { traceStep } from './trace.js';
import type { ConvoCase, ConvoSettings, Turn } from './types.js';

/** Everything a case runs against. */
export interface CaseSetup {
  readonly graph: Graph;
  readonly settings: ConvoSettings;
  readonly data: CannedData;
  /** Canned answers to `call`s by endpoint (none: every call fails and takes its `fallback`). */
  readonly calls?: CannedCalls;
  /** A reply as plain text, as the simulator's transcript shows it. */
  readonly render: (outbound: Outbound, language: string) => string;
}

/** How a case went, and what it touched (for coverage). */
export interface CaseResult {
  readonly name: string;
  readonly line: number;
  /** The first expectation that failed, with the `user:` line it answered. */
  readonly failure?: Failure & { readonly turn?: Turn };
  readonly touched: Touched;
}

/** A fixed clock: tests never expire a session by accident. */
const NOW = Date.UTC(2026, 0, 1);
/** A data request or call loop longer than this is a misbehaving graph (the async driver stops too). */
const MAX_REQUESTS = 8;

function reply(outbound: Outbound, language: string, render: CaseSetup['render']): Reply {
  const text = render(outbound, language);
  return outbound.kind === 'menu' ? { text, options: outbound.options.map((o) => o.title) } : { text };
}

/** A session that has just ended, so that the first message starts a conversation in `language`. */
function startingSession(graph: Graph, language: string): Session {
  return {
    v: SESSION_VERSION,
    node: graph.start,
    lang: language,
    vars: {},
    history: [],
    graphHash: graph.hash,
    createdAt: NOW,
    updatedAt: NOW,
    misses: 0,
    pending: { kind: 'ended' },
  };
}

/** Runs a case. The first failed expectation stops it. */
export function runCase(testCase: ConvoCase, setup: CaseSetup): CaseResult {
  const { graph, settings } = setup;
  const touched = collector();
  const base = { name: testCase.name, line: testCase.line, touched };
  const language = settings.language;
  if (language !== undefined && !graph.languages.some((l) => l.code === language.value)) {
    const spoken = graph.languages.map((l) => l.code).join(', ');
    return {
      ...base,
      failure: { line: language.line, message: `the bot has no language \`${language.value}\` (it speaks ${spoken})`, diff: [] },
    };
  }
  let session: Session | undefined = language === undefined ? undefined : startingSession(graph, language.value);

  const advance = (inbound: Inbound): StepResult => {
    const before = session;
    const result = step(graph, before, inbound, { now: NOW });
    const trace = traceStep(graph, before, result.event);
    for (const node of trace.nodes) touched.nodes.add(node);
    if (trace.option !== undefined) touched.options.add(trace.option);
    touched.languages.add(result.event.language);
    session = result.session;
    return result;
  };

  for (const [index, turn] of testCase.turns.entries()) {
    let result = advance(turn.inbound);
    const outbound: Outbound[] = [...result.outbound];
    const calls: MadeCall[] = [];
    /** Endpoints called this turn that had no canned answer (said with a failure: the likely cause). */
    const unanswered = new Set<string>();
    for (let asked = 0; asked < MAX_REQUESTS; asked += 1) {
      const { request, call } = result;
      if (request !== undefined) {
        result = advance({ kind: 'data', requestId: request.id, result: cannedResult(setup.data, request.source) });
      } else if (call !== undefined) {
        calls.push({ endpoint: call.endpoint, fields: call.fields });
        if (setup.calls === undefined || !Object.hasOwn(setup.calls, call.endpoint)) unanswered.add(call.endpoint);
        result = advance({ kind: 'call', requestId: call.id, result: cannedCall(setup.calls ?? {}, call.endpoint) });
      } else break;
      outbound.push(...result.outbound);
    }
    if (index === 0 && session !== undefined && Object.keys(settings.vars).length > 0) {
      session = { ...session, vars: { ...settings.vars, ...session.vars } };
    }
    const lang = result.session.lang;
    const failure = checkTurn(turn.expect, {
      replies: outbound.map((o) => reply(o, lang, setup.render)),
      calls,
      node: result.session.node,
    });
    if (failure !== undefined) {
      const note =
        unanswered.size === 0
          ? ''
          : ` (note: no canned answer for ${[...unanswered].map((e) => `endpoint \`${e}\``).join(', ')}, so the call failed; give one in the \`data:\` file as "${[...unanswered][0] ?? ''}": { "answer": { … } })`;
      return { ...base, failure: { ...failure, message: failure.message + note, turn } };
    }
  }
  return base;
}
