/**
 * `step`: the pure, synchronous heart of the runtime. One inbound message and the stored session
 * in; the new session, what to say and possibly a data-source request or a call out. Never throws.
 */
import type { CommandKind, Graph } from '../graph/types.js';
import type { MatchedBy } from '../match/choices.js';
import { matchText } from '../match/choices.js';
import { normalize, parseNumber } from '../match/normalize.js';
import { checkSession } from '../session/session.js';
import type { Session } from '../session/session.js';
import type { Action, ActionIndex } from './actions.js';
import { actionFromReplyId, commandWords, optionAction, languageIndex, menuIndex, rowsIndex, stuckIndex, wayOnIndex } from './actions.js';
import { wantsAttachment } from './attachment.js';
import { acceptInput, isDigitsOnly } from './input.js';
import { apply, command, enter } from './navigate.js';
import { atInput, handleAttachment, handleCall, handleData, inputMiss, unsupported } from './answers.js';
import type { Verdict } from './answers.js';
import { renderStuckMenu, sayInvalid } from './render.js';
import type { StepContext, StepEvent, StepOutcome, StepResult } from './step-types.js';
import { freshTurn, message, pushHistory, resumeTurn, sayText, setVar, toSession } from './turn.js';
import type { Turn } from './turn.js';
import type { Inbound } from './types.js';
import { ask, askIndex, welcomeLine } from './ask.js';
import { decideWords, isWithin } from './word-routes.js';
import type { WordRoute } from './word-routes.js';


/**
 * Advances a conversation by one inbound message. `session` may be undefined (first message),
 * from another graph version, expired, corrupt or of another session version: each case is
 * handled with a polite message, never an exception.
 */
export function step(graph: Graph, session: Session | undefined, inbound: Inbound, ctx: StepContext): StepResult {
  if (inbound.kind === 'call' && !awaits(session, inbound.requestId)) return ignoreCall(graph, session, ctx);
  let turn: Turn;
  let verdict: Verdict;
  try {
    const started = begin(graph, session, inbound, ctx);
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

/** True when the stored session waits for the call `requestId`. */
function awaits(stored: Session | undefined, requestId: string): boolean {
  const session = stored === undefined ? undefined : checkSession(stored);
  return typeof session === 'object' && session.pending?.kind === 'call' && session.pending.id === requestId;
}

/**
 * A call result nobody waits for (answered already, or its session was replaced, expired or
 * deleted): nothing is said and the stored session stays exactly as it was. Without a readable
 * session, an ended one is returned, so the citizen's next message opens a conversation.
 */
function ignoreCall(graph: Graph, stored: Session | undefined, ctx: StepContext): StepResult {
  const checked = stored === undefined ? undefined : checkSession(stored);
  if (typeof checked === 'object') {
    const event = stepEvent({ node: checked.node, lang: checked.lang, chosen: undefined }, { outcome: 'stale', matchedBy: 'none' }, ctx.userId);
    report(event, ctx);
    return { session: checked, outbound: [], event };
  }
  const turn = freshTurn(graph, ctx.now);
  turn.pending = { kind: 'ended' };
  return finish(turn, { outcome: 'stale', matchedBy: 'none' }, ctx);
}

function report(event: StepEvent, ctx: StepContext): void {
  if (ctx.onStep !== undefined) {
    try {
      ctx.onStep(event);
    } catch {
      // Analytics must never break a conversation.
    }
  }
}

function finish(turn: Turn, verdict: Verdict, ctx: StepContext): StepResult {
  const event = stepEvent(turn, verdict, ctx.userId);
  report(event, ctx);
  const session = toSession(turn);
  const { request, call } = turn;
  if (call !== undefined) return { session, outbound: turn.out, event, call };
  return request === undefined ? { session, outbound: turn.out, event } : { session, outbound: turn.out, event, request };
}

/** The step's event, built in one go (absent fields stay absent). */
function stepEvent(turn: Pick<Turn, 'node' | 'lang' | 'chosen'>, verdict: Verdict, userId: string | undefined): StepEvent {
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
function begin(graph: Graph, stored: Session | undefined, inbound: Inbound, ctx: StepContext): { turn: Turn; verdict?: Verdict } {
  const none: MatchedBy = 'none';
  if (stored === undefined) {
    const turn = freshTurn(graph, ctx.now);
    return { turn, verdict: opening(turn, inbound, 'start', false) };
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
  // The result of the call the session waits for is taken however long it took (`step` ignores any other).
  if (idle > 0 && ctx.now - session.updatedAt > idle && inbound.kind !== 'call') {
    const turn = freshTurn(graph, ctx.now, session.lang);
    return { turn, verdict: opening(turn, inbound, 'expired', true) };
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
    if (turn.pending?.kind === 'call' && node?.kind !== 'call') {
      // Waiting for a call at a node that is no longer a call: its result has nowhere to go.
      const survivor = history.pop() ?? graph.start;
      sayText(turn, message(turn, 'moved'));
      enter(turn, survivor);
      return { turn, verdict: { outcome: 'moved', matchedBy: none } };
    }
    if (turn.pending?.kind === 'rows' && (node?.kind !== 'menu' || node.dynamic === undefined)) turn.pending = undefined;
    if (turn.pending?.kind === 'ask') turn.pending = undefined;
  }
  if (turn.pending?.kind === 'ended') {
    const fresh = freshTurn(graph, ctx.now, turn.lang);
    return { turn: fresh, verdict: opening(fresh, inbound, 'start', false) };
  }
  return { turn };
}

/**
 * The first message of a conversation (or the first after the idle timeout or an end): a request
 * that names a service gets a one-line welcome and that service, in the language it is written in;
 * a greeting, a command or anything unrecognised gets the welcome menu.
 */
function opening(turn: Turn, inbound: Inbound, outcome: 'start' | 'expired', returning: boolean): Verdict {
  const text = inbound.kind === 'text' ? inbound.text : undefined;
  const commands = commandWords(turn.graph);
  if (text !== undefined && !commands.has(normalize(text)) && parseNumber(normalize(text)) === undefined) {
    const words = decideWords(turn.graph, text);
    if (words.language !== undefined) turn.lang = words.language;
    if (words.route !== undefined) {
      sayText(turn, welcomeLine(turn));
      takeRoute(turn, words.route);
      return { outcome: words.route.kind === 'ask' ? 'asked' : outcome, matchedBy: 'word' };
    }
  }
  if (returning) sayText(turn, message(turn, 'welcome_back'));
  enter(turn, turn.graph.start);
  return { outcome, matchedBy: 'none' };
}

function handle(turn: Turn, inbound: Inbound): Verdict {
  if (inbound.kind === 'data') return handleData(turn, inbound.requestId, inbound.result);
  if (inbound.kind === 'call') return handleCall(turn, inbound.requestId, inbound.result);
  if (turn.pending?.kind === 'call') {
    // The submission is on its way: nothing (not even a command) may abandon it.
    sayText(turn, message(turn, 'call_waiting'));
    return { outcome: 'waiting', matchedBy: 'none' };
  }
  switch (inbound.kind) {
    case 'unsupported':
      return atInput(turn, (node) => wantsAttachment(node.validate)) === undefined ? unsupported(turn) : inputMiss(turn);
    case 'media':
    case 'location':
    case 'contact':
      return handleAttachment(turn, inbound);
    case 'reply': {
      const index = currentIndex(turn);
      const onScreen = index.byId.get(inbound.id)?.action;
      if (onScreen !== undefined) return choose(turn, onScreen, 'reply');
      // A tap on an older message's button: carried out from where the citizen is now.
      const action = actionFromReplyId(turn.graph, inbound.id);
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
    return inputMiss(turn);
  }
  const index = currentIndex(turn, node);
  const match = matchText(index, text, commands);
  switch (match.kind) {
    case 'choice': {
      const routed = match.by === 'number' || match.by === 'reply' ? undefined : moreSpecific(turn, text, match.choice.action);
      if (routed !== undefined) return routed;
      return choose(turn, match.choice.action, match.by);
    }
    case 'command':
      command(turn, match.command);
      return { outcome: outcomeOf(match.command), matchedBy: 'command' };
    case 'none': {
      const routed = wordsAnywhere(turn, text);
      return routed ?? miss(turn, index);
    }
    default: {
      const never: never = match;
      throw new Error(`unknown match ${JSON.stringify(never)}`);
    }
  }
}

/** Carries out a choice on screen (an option offered by a question belongs to another menu). */
function choose(turn: Turn, action: Action, by: MatchedBy): Verdict {
  const outcome = outcomeOf(action.kind === 'command' ? action.command : action.kind);
  if (action.kind === 'option' && action.node !== turn.node) {
    takeRoute(turn, { kind: 'option', menu: action.node, option: action.option });
    return { outcome, matchedBy: by };
  }
  apply(turn, action);
  return { outcome, matchedBy: by };
}

/** The menu whose options are on screen, if any (the ranking favours them a little). */
function screenMenu(turn: Turn): string | undefined {
  return turn.pending === undefined && turn.graph.nodes[turn.node]?.kind === 'menu' ? turn.node : undefined;
}

/**
 * A choice on screen matched by name: it stands, unless the message names something more specific
 * below it ("उत्पन्न" at the welcome menu lists Jalna Mitra, but opens the income certificate).
 */
function moreSpecific(turn: Turn, text: string, action: Action): Verdict | undefined {
  if (action.kind !== 'option' || turn.pending?.kind === 'language' || turn.pending?.kind === 'stuck') return undefined;
  const route = decideWords(turn.graph, text, screenMenu(turn)).route;
  if (route === undefined || route.kind === 'ask') return undefined;
  const destination = route.kind === 'menu' ? route.menu : route.option.target;
  const chosen = action.option.target;
  if (destination === chosen || !isWithin(turn.graph, destination, chosen)) return undefined;
  takeRoute(turn, route);
  return { outcome: 'navigated', matchedBy: 'word' };
}

/** Text no choice on screen matched: a service named anywhere in the bot, or a question. */
function wordsAnywhere(turn: Turn, text: string): Verdict | undefined {
  if (turn.pending?.kind === 'language' || turn.pending?.kind === 'stuck') return undefined;
  // A number never names a service: it means a choice on screen, or nothing.
  if (parseNumber(normalize(text)) !== undefined) return undefined;
  const route = decideWords(turn.graph, text, screenMenu(turn)).route;
  if (route === undefined || backUpToStart(turn, route)) return undefined;
  takeRoute(turn, route);
  return { outcome: route.kind === 'ask' ? 'asked' : 'navigated', matchedBy: 'word' };
}

/**
 * True when words lead only to an option of the start menu whose menu the citizen is already in
 * ("कागदपत्रे" on the caste certificate's page is not a request for the list of departments: the
 * start menu's words describe the whole bot). The citizen gets the hint, not a step back.
 */
function backUpToStart(turn: Turn, route: WordRoute): boolean {
  if (route.kind !== 'option' || route.menu !== turn.graph.start) return false;
  const target = route.option.target;
  return target !== turn.node && target !== turn.graph.start && isWithin(turn.graph, turn.node, target);
}

/** Goes where words lead: an option of any menu (reached as if from its menu), a menu, or a question. */
function takeRoute(turn: Turn, route: WordRoute): void {
  switch (route.kind) {
    case 'menu':
      // The menu on screen named again ("dakhla" at the certificates menu) is shown again.
      if (route.menu !== turn.node) pushHistory(turn, turn.node);
      enter(turn, route.menu);
      return;
    case 'option':
      if (route.menu !== turn.node) {
        pushHistory(turn, turn.node);
        turn.node = route.menu;
      }
      apply(turn, optionAction(route.menu, route.option));
      return;
    case 'ask':
      ask(turn, route.choices);
      return;
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
  if (pending?.kind === 'ask') return askIndex(turn, pending.choices);
  if (node?.kind === 'menu') {
    return pending?.kind === 'rows' ? rowsIndex(turn, turn.node, node, pending.rows) : menuIndex(turn.graph, turn.node, node);
  }
  if (node?.kind === 'page') return wayOnIndex(turn.graph, turn.node, node);
  return EMPTY;
}

const EMPTY: ActionIndex = { choices: [], byId: new Map(), byNumber: new Map(), byLabel: new Map(), byWord: new Map(), longest: 0 };

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
