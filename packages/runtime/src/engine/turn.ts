/**
 * The working state of one step: a mutable copy of the session plus what has been said so far.
 * Only `step` creates turns; everything else reads and updates them.
 */
import type { Graph, LocalizedText, MessageKey } from '../graph/types.js';
import { interpolate } from '../match/interpolate.js';
import { EngineSession, HISTORY_LIMIT } from '../session/session.js';
import type { Pending, Session } from '../session/session.js';
import type { CallRequest, DataRequest, Outbound } from './types.js';

/** One step in progress: the session being changed and the outbound said so far. */
export interface Turn {
  readonly graph: Graph;
  readonly now: number;
  node: string;
  lang: string;
  vars: Record<string, string>;
  history: readonly string[];
  misses: number;
  pending: Pending | undefined;
  createdAt: number;
  /** What has been said so far; add to it with `emit`/`emitAll` only. */
  out: readonly Outbound[];
  /** True while `out` is a frozen render shared between steps (copied before anything is added). */
  outShared: boolean;
  request: DataRequest | undefined;
  /** A `call` entered in this step: the host makes it and feeds back the result. */
  call: CallRequest | undefined;
  /** The id of the call whose result this step received (a new call's id must differ from it). */
  answered: string | undefined;
  /** The static option chosen in this step, as `<menu>.<option>`. */
  chosen: string | undefined;
}

/** A turn for a brand-new conversation at the start node (not yet rendered). */
export function freshTurn(graph: Graph, now: number, lang?: string): Turn {
  return {
    graph,
    now,
    node: graph.start,
    lang: lang ?? defaultLanguage(graph),
    vars: {},
    history: NO_HISTORY,
    misses: 0,
    pending: undefined,
    createdAt: now,
    out: NOTHING_SAID,
    outShared: true,
    request: undefined,
    call: undefined,
    answered: undefined,
    chosen: undefined,
  };
}

/** A turn continuing a stored session (copies what a step may change). */
export function resumeTurn(graph: Graph, session: Session, now: number): Turn {
  const languages = graph.languages;
  let known = false;
  for (let i = 0; i < languages.length && !known; i += 1) known = languages[i]?.code === session.lang;
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
    out: NOTHING_SAID,
    outShared: true,
    request: undefined,
    call: undefined,
    answered: undefined,
    chosen: undefined,
  };
}

/** The session a turn ends in. */
export function toSession(turn: Turn): Session {
  return new EngineSession(
    turn.node,
    turn.lang,
    turn.vars,
    turn.history,
    turn.graph.hash,
    turn.createdAt,
    turn.now,
    turn.misses,
    turn.pending,
  );
}

/** Adds one message to the outbound (copying a shared render first). */
export function emit(turn: Turn, message: Outbound): void {
  const out = turn.outShared ? turn.out.slice() : (turn.out as Outbound[]);
  out.push(message);
  turn.out = out;
  turn.outShared = false;
}

/** Adds frozen messages to the outbound; when nothing was said yet, the frozen array itself is used. */
export function emitAll(turn: Turn, messages: readonly Outbound[]): void {
  if (turn.out.length === 0) {
    turn.out = messages;
    turn.outShared = true;
    return;
  }
  for (let i = 0; i < messages.length; i += 1) emit(turn, messages[i] as Outbound);
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
  if (text !== '') emit(turn, { kind: 'text', text });
}

/** Sets a variable (copy-on-write: the stored session is never mutated). */
export function setVar(turn: Turn, name: string, value: string): void {
  if (turn.vars[name] === value) return;
  turn.vars = { ...turn.vars, [name]: value };
}

/** Unsets a variable (copy-on-write). */
export function unsetVar(turn: Turn, name: string): void {
  if (!Object.hasOwn(turn.vars, name)) return;
  const { [name]: _gone, ...rest } = turn.vars;
  turn.vars = rest;
}

/** Remembers `node` for `back` (copy-on-write, capped). */
export function pushHistory(turn: Turn, node: string): void {
  const history = turn.history;
  const next = history.length >= HISTORY_LIMIT ? history.slice(1) : history.slice();
  next.push(node);
  turn.history = next;
}

/** The history after `home` or `restart` (shared: history arrays are never changed in place). */
export const NO_HISTORY: readonly string[] = Object.freeze([]);
const NOTHING_SAID: readonly Outbound[] = Object.freeze([]);
