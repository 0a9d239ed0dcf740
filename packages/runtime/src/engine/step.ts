/**
 * `step`: the pure, synchronous heart of the runtime. One inbound message and the stored session
 * in; the new session, what to say and possibly a data-source request out. Never throws.
 */
import type { CommandKind, Graph } from '../graph/types.js';
import type { MatchedBy } from '../match/choices.js';
import { matchText } from '../match/choices.js';
import { normalize } from '../match/normalize.js';
import { checkSession } from '../session/session.js';
import type { Session } from '../session/session.js';
import type { Action, ActionIndex } from './actions.js';
import { actionFromReplyId, commandWords, optionAction, languageIndex, menuIndex, rowsIndex, stuckIndex, wayOnIndex } from './actions.js';
import { acceptInput, isDigitsOnly } from './input.js';
import { keepRows } from './rows.js';
import { apply, command, enter, show } from './navigate.js';
import { renderStuckMenu, sayInvalid } from './render.js';
import type { StepContext, StepEvent, StepOutcome, StepResult } from './step-types.js';
import { freshTurn, message, pushHistory, resumeTurn, say, sayText, setVar, toSession } from './turn.js';
import type { Turn } from './turn.js';
import type { Inbound } from './types.js';
import { nodeDepth, routeWord } from './word-routes.js';

interface Verdict {
  readonly outcome: StepOutcome;
  readonly matchedBy: MatchedBy;
}

/**
 * Advances a conversation by one inbound message. `session` may be undefined (first message),
 * from another graph version, expired, corrupt or of another session version: each case is
 * handled with a polite message, never an exception.
 */
export function step(graph: Graph, session: Session | undefined, inbound: Inbound, ctx: StepContext): StepResult {
  let turn: Turn;
  let verdict: Verdict;
  try {
    const started = begin(graph, session, ctx);
    turn = started.turn;
    verdict = started.verdict ?? handle(turn, inbound);
  } catch {
    // A defect in the graph or the engine: start over rather than leave the citizen without reply.
    turn = freshTurn(graph, ctx.now);
    verdict = { outcome: 'reset', matchedBy: 'none' };
    try {
      sayText(turn, message(turn, 'welcome_back'));
      enter(turn, graph.start);
    } catch {
      turn.out = [{ kind: 'text', text: 'Sorry, something went wrong. Please try again later.' }];
      turn.outShared = false;
    }
  }
  return finish(turn, verdict, ctx);
}

function finish(turn: Turn, verdict: Verdict, ctx: StepContext): StepResult {
  const event = stepEvent(turn, verdict, ctx.userId);
  if (ctx.onStep !== undefined) {
    try {
      ctx.onStep(event);
    } catch {
      // Analytics must never break a conversation.
    }
  }
  const session = toSession(turn);
  const request = turn.request;
  return request === undefined ? { session, outbound: turn.out, event } : { session, outbound: turn.out, event, request };
}

/** The step's event, built in one go (absent fields stay absent). */
function stepEvent(turn: Turn, verdict: Verdict, userId: string | undefined): StepEvent {
  const node = turn.node;
  const language = turn.lang;
  const { matchedBy, outcome } = verdict;
  const chosen = turn.chosen;
  if (chosen === undefined) {
    return userId === undefined ? { node, language, matchedBy, outcome } : { node, language, matchedBy, outcome, userId };
  }
  return userId === undefined
    ? { node, language, matchedBy, outcome, chosen }
    : { node, language, matchedBy, outcome, chosen, userId };
}

/** Opens the turn; returns a verdict when the session's state already decided the reply. */
function begin(graph: Graph, stored: Session | undefined, ctx: StepContext): { turn: Turn; verdict?: Verdict } {
  const none: MatchedBy = 'none';
  if (stored === undefined) {
    const turn = freshTurn(graph, ctx.now);
    enter(turn, graph.start);
    return { turn, verdict: { outcome: 'start', matchedBy: none } };
  }
  const checked = checkSession(stored);
  if (typeof checked === 'string') {
    const turn = freshTurn(graph, ctx.now);
    sayText(turn, message(turn, 'welcome_back'));
    enter(turn, graph.start);
    return { turn, verdict: { outcome: 'reset', matchedBy: none } };
  }
  const session = checked;
  const idle = ctx.idleTimeoutMs ?? graph.settings.idleTimeoutMs;
  if (idle > 0 && ctx.now - session.updatedAt > idle) {
    const turn = freshTurn(graph, ctx.now, session.lang);
    sayText(turn, message(turn, 'welcome_back'));
    enter(turn, graph.start);
    return { turn, verdict: { outcome: 'expired', matchedBy: none } };
  }
  const turn = resumeTurn(graph, session, ctx.now);
  if (session.graphHash !== graph.hash) {
    const exists = (id: string) => Object.hasOwn(graph.nodes, id);
    const history = turn.history.filter(exists);
    turn.history = history;
    if (!exists(turn.node)) {
      const survivor = history.pop() ?? graph.start;
      sayText(turn, message(turn, 'moved'));
      enter(turn, survivor);
      return { turn, verdict: { outcome: 'moved', matchedBy: none } };
    }
    const node = graph.nodes[turn.node];
    if (turn.pending?.kind === 'rows' && (node?.kind !== 'menu' || node.dynamic === undefined)) turn.pending = undefined;
  }
  if (turn.pending?.kind === 'ended') {
    const fresh = freshTurn(graph, ctx.now, turn.lang);
    enter(fresh, graph.start);
    return { turn: fresh, verdict: { outcome: 'start', matchedBy: none } };
  }
  return { turn };
}

function handle(turn: Turn, inbound: Inbound): Verdict {
  switch (inbound.kind) {
    case 'unsupported':
      sayText(turn, message(turn, 'unsupported'));
      show(turn);
      return { outcome: 'unsupported', matchedBy: 'none' };
    case 'data':
      return handleData(turn, inbound.requestId, inbound.result);
    case 'reply': {
      const index = currentIndex(turn);
      const action = index.byId.get(inbound.id)?.action ?? actionFromReplyId(turn.graph, inbound.id);
      if (action !== undefined) {
        const outcome = outcomeOf(action.kind === 'command' ? action.command : action.kind);
        apply(turn, action);
        return { outcome, matchedBy: 'reply' };
      }
      return handleText(turn, inbound.title ?? inbound.id);
    }
    case 'text':
      return handleText(turn, inbound.text);
    default: {
      const never: never = inbound;
      throw new Error(`unknown inbound ${JSON.stringify(never)}`);
    }
  }
}

function handleData(turn: Turn, requestId: string, result: Extract<Inbound, { kind: 'data' }>['result']): Verdict {
  const node = turn.graph.nodes[turn.node];
  if (turn.pending?.kind !== 'data' || turn.pending.id !== requestId || node?.kind !== 'menu' || node.dynamic === undefined) {
    return { outcome: 'stale', matchedBy: 'none' };
  }
  if (!result.ok) {
    sayText(turn, message(turn, 'source_failed'));
    enter(turn, node.dynamic.fallback);
    return { outcome: 'source_failed', matchedBy: 'none' };
  }
  turn.pending = { kind: 'rows', rows: keepRows(turn.graph, node.dynamic, result.items) };
  show(turn);
  return { outcome: 'data', matchedBy: 'none' };
}

function handleText(turn: Turn, text: string): Verdict {
  const node = turn.graph.nodes[turn.node];
  if (turn.pending?.kind === 'data') {
    // The data never came back (the host crashed mid-turn): ask again.
    enter(turn, turn.node);
    return { outcome: 'navigated', matchedBy: 'none' };
  }
  const commands = commandWords(turn.graph);
  if (node?.kind === 'input' && turn.pending === undefined) {
    const numeric = node.validate.kind === 'number' || node.validate.kind === 'digits';
    const asCommand = commands.get(normalize(text));
    if (asCommand !== undefined && !(numeric && isDigitsOnly(text))) {
      command(turn, asCommand);
      return { outcome: outcomeOf(asCommand), matchedBy: 'command' };
    }
    const value = acceptInput(text, node.validate);
    if (value !== undefined) {
      setVar(turn, node.variable, value);
      pushHistory(turn, turn.node);
      enter(turn, node.next);
      return { outcome: 'answered', matchedBy: 'none' };
    }
    turn.misses += 1;
    if (turn.misses >= node.retries) {
      enter(turn, node.onFail);
      return { outcome: 'too_many_retries', matchedBy: 'none' };
    }
    sayText(turn, say(turn, node.retry));
    return { outcome: 'invalid', matchedBy: 'none' };
  }
  const index = currentIndex(turn, node);
  const match = matchText(index, text, commands);
  const routed = routeElsewhere(turn, text, match);
  if (routed !== undefined) return routed;
  switch (match.kind) {
    case 'choice': {
      const action = match.choice.action;
      const outcome = outcomeOf(action.kind === 'command' ? action.command : action.kind);
      apply(turn, action);
      return { outcome, matchedBy: match.by };
    }
    case 'command':
      command(turn, match.command);
      return { outcome: outcomeOf(match.command), matchedBy: 'command' };
    case 'none':
      return miss(turn, index);
    default: {
      const never: never = match;
      throw new Error(`unknown match ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Bot-wide words: text that no choice on screen matches, or that a choice on screen matches only
 * by name while a more specific option deeper in the bot carries the same word, goes there.
 * Numbers, replies and command words never route.
 */
function routeElsewhere(turn: Turn, text: string, match: ReturnType<typeof matchText<Action, CommandKind>>): Verdict | undefined {
  if (match.kind === 'command') return undefined;
  if (match.kind === 'choice' && (match.by === 'number' || match.by === 'reply')) return undefined;
  if (turn.pending?.kind === 'language' || turn.pending?.kind === 'stuck') return undefined;
  const route = routeWord(turn.graph, text);
  if (route === undefined) return undefined;
  const here = match.kind === 'choice' ? nodeDepth(turn.graph, turn.node) : -1;
  if (route.depth <= here) return undefined;
  switch (route.kind) {
    case 'menu':
      if (route.menu === turn.node) return undefined;
      pushHistory(turn, turn.node);
      enter(turn, route.menu);
      return { outcome: 'navigated', matchedBy: 'word' };
    case 'option':
      if (route.menu !== turn.node) {
        pushHistory(turn, turn.node);
        turn.node = route.menu;
      }
      apply(turn, optionAction(route.menu, route.option));
      return { outcome: 'navigated', matchedBy: 'word' };
    default: {
      const never: never = route;
      throw new Error(`unknown route ${JSON.stringify(never)}`);
    }
  }
}

/** A wrong answer: hint with the choices, or after too many, offer home and help. */
function miss(turn: Turn, index: ActionIndex): Verdict {
  const overlay = turn.pending?.kind === 'language' || turn.pending?.kind === 'stuck';
  if (!overlay) turn.misses += 1;
  if (!overlay && turn.misses >= turn.graph.settings.retries) {
    turn.misses = 0;
    turn.pending = { kind: 'stuck' };
    renderStuckMenu(turn);
    return { outcome: 'too_many_retries', matchedBy: 'none' };
  }
  sayInvalid(turn, index);
  return { outcome: 'invalid', matchedBy: 'none' };
}

/** The choices on screen now. */
function currentIndex(turn: Turn, node = turn.graph.nodes[turn.node]): ActionIndex {
  const pending = turn.pending;
  if (pending?.kind === 'language') return languageIndex(turn.graph);
  if (pending?.kind === 'stuck') return stuckIndex(turn.graph);
  if (node?.kind === 'menu') {
    return pending?.kind === 'rows' ? rowsIndex(turn, turn.node, node, pending.rows) : menuIndex(turn.graph, turn.node, node);
  }
  if (node?.kind === 'page') return wayOnIndex(turn.graph, turn.node, node);
  return EMPTY;
}

const EMPTY: ActionIndex = { choices: [], byId: new Map(), byNumber: new Map(), byLabel: new Map(), byWord: new Map() };

function outcomeOf(kind: CommandKind | 'option' | 'row' | 'language' | 'next'): StepOutcome {
  switch (kind) {
    case 'help':
      return 'help';
    case 'language':
      return 'language';
    case 'restart':
      return 'restart';
    case 'home':
    case 'back':
    case 'option':
    case 'row':
    case 'next':
      return 'navigated';
    default: {
      const never: never = kind;
      throw new Error(`unknown action ${String(never)}`);
    }
  }
}
