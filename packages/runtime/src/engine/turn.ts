/**
 * The working state of one step: a mutable copy of the session plus what has been said so far.
 * Only `step` creates turns; everything else reads and updates them.
 */
import type { Graph, LocalizedText, MessageKey } from '../graph/types.js';
import { interpolate } from '../match/interpolate.js';
import { HISTORY_LIMIT } from '../session/session.js';
import type { Pending, Session } from '../session/session.js';
import { SESSION_VERSION } from './types.js';
import type { DataRequest, Outbound } from './types.js';

/** One step in progress: the session being changed and the outbound said so far. */
export interface Turn {
  readonly graph: Graph;
  readonly now: number;
  node: string;
  lang: string;
  vars: Record<string, string>;
  history: string[];
  misses: number;
  pending: Pending | undefined;
  createdAt: number;
  readonly out: Outbound[];
  request: DataRequest | undefined;
  /** The static option chosen in this step, as `<menu>.<option>`. */
  chosen?: string;
}

/** A turn for a brand-new conversation at the start node (not yet rendered). */
export function freshTurn(graph: Graph, now: number, lang?: string): Turn {
  return {
    graph,
    now,
    node: graph.start,
    lang: lang ?? defaultLanguage(graph),
    vars: {},
    history: [],
    misses: 0,
    pending: undefined,
    createdAt: now,
    out: [],
    request: undefined,
  };
}

/** A turn continuing a stored session (copies what a step may change). */
export function resumeTurn(graph: Graph, session: Session, now: number): Turn {
  let known = false;
  for (const language of graph.languages) if (language.code === session.lang) known = true;
  return {
    graph,
    now,
    node: session.node,
    lang: known ? session.lang : defaultLanguage(graph),
    vars: session.vars as Record<string, string>,
    history: session.history as string[],
    misses: session.misses,
    pending: session.pending,
    createdAt: session.createdAt,
    out: [],
    request: undefined,
  };
}

/** The session a turn ends in. */
export function toSession(turn: Turn): Session {
  const base = {
    v: SESSION_VERSION,
    node: turn.node,
    lang: turn.lang,
    vars: turn.vars,
    history: turn.history,
    graphHash: turn.graph.hash,
    createdAt: turn.createdAt,
    updatedAt: turn.now,
    misses: turn.misses,
  } as const;
  return turn.pending === undefined ? base : { ...base, pending: turn.pending };
}

/** The graph's first language (the default). */
export function defaultLanguage(graph: Graph): string {
  return graph.languages[0]?.code ?? 'en';
}

/** A text in the turn's language (else the default language, else any), interpolated. */
export function say(turn: Turn, text: LocalizedText | undefined, extra?: Record<string, string>): string {
  if (text === undefined) return '';
  const template = text[turn.lang] ?? text[defaultLanguage(turn.graph)] ?? Object.values(text)[0] ?? '';
  return interpolate(template, extra === undefined ? turn.vars : { ...turn.vars, ...extra });
}

/** A system message in the turn's language. */
export function message(turn: Turn, key: MessageKey, extra?: Record<string, string>): string {
  return say(turn, turn.graph.messages[key], extra);
}

/** Adds a plain text to the outbound. */
export function sayText(turn: Turn, text: string): void {
  if (text !== '') turn.out.push({ kind: 'text', text });
}

/** Sets a variable (copy-on-write: the stored session is never mutated). */
export function setVar(turn: Turn, name: string, value: string): void {
  if (turn.vars[name] === value) return;
  turn.vars = { ...turn.vars, [name]: value };
}

/** Remembers `node` for `back` (copy-on-write, capped). */
export function pushHistory(turn: Turn, node: string): void {
  const next = turn.history.length >= HISTORY_LIMIT ? turn.history.slice(1) : turn.history.slice();
  next.push(node);
  turn.history = next;
}
