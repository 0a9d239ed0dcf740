/**
 * Moving through the graph: entering a node (following branches, asking for data, making a call, ending),
 * showing the current node again, applying a chosen action or global command.
 */
import type { CommandKind, GraphNode, MenuNode } from '../graph/types.js';
import { interpolate } from '../match/interpolate.js';
import type { Action } from './actions.js';
import { rowVars, rowsIndex } from './actions.js';
import { startCall } from './call.js';
import { holds } from './conditions.js';
import { menuOutbound, renderLanguageMenu, renderStatic } from './render.js';
import type { Turn } from './turn.js';
import { NO_HISTORY, emit, message, pushHistory, say, sayText, setVar } from './turn.js';

/** More branch hops than this in one step means a loop: the compiler forbids it, the runtime guards. */
const MAX_HOPS = 64;

/** Moves to `target` (following branches) and renders it. Misses and pending state reset. */
export function enter(turn: Turn, target: string): void {
  const nodes = turn.graph.nodes;
  let id = target;
  let node = nodes[id];
  let hops = 0;
  for (; node?.kind === 'branch' && hops <= MAX_HOPS; hops += 1) {
    const hit = node.cases.find((c) => holds(c.when, turn.vars));
    id = hit === undefined ? node.otherwise : hit.target;
    node = nodes[id];
  }
  if (node === undefined || hops > MAX_HOPS) {
    // A dangling target or a branch loop: end politely rather than fail.
    end(turn, id);
    return;
  }
  turn.node = id;
  turn.misses = 0;
  turn.pending = undefined;
  showNode(turn, node);
}

/** Renders the current node as if arriving (a dynamic menu without rows asks for its data). */
export function show(turn: Turn): void {
  showNode(turn, turn.graph.nodes[turn.node]);
}

function showNode(turn: Turn, node: GraphNode | undefined): void {
  if (node === undefined) {
    enter(turn, turn.graph.start);
    return;
  }
  switch (node.kind) {
    case 'menu':
      showMenu(turn, node);
      return;
    case 'page':
      renderStatic(turn, turn.node, node);
      if (node.then.kind === 'end') {
        sayText(turn, message(turn, 'ended'));
        turn.pending = { kind: 'ended' };
      }
      return;
    case 'input':
      sayText(turn, say(turn, node.text));
      return;
    case 'branch':
      enter(turn, turn.node);
      return;
    case 'end':
      end(turn, turn.node);
      return;
    case 'call':
      startCall(turn, turn.node, node);
      return;
    default: {
      const never: never = node;
      throw new Error(`unknown node ${JSON.stringify(never)}`);
    }
  }
}

function end(turn: Turn, nodeId: string): void {
  const node = turn.graph.nodes[nodeId];
  turn.node = nodeId;
  turn.pending = { kind: 'ended' };
  turn.misses = 0;
  const text = node?.kind === 'end' && node.text !== undefined ? say(turn, node.text) : '';
  sayText(turn, text === '' ? message(turn, 'ended') : text);
}

function showMenu(turn: Turn, node: MenuNode): void {
  const dynamic = node.dynamic;
  const pending = turn.pending;
  if (dynamic !== undefined && pending?.kind !== 'rows') {
    const params: Record<string, string> = {};
    for (const [name, template] of Object.entries(dynamic.params)) params[name] = interpolate(template, turn.vars);
    const id = `${turn.node}:${turn.now.toString(36)}`;
    turn.pending = { kind: 'data', id };
    turn.request = { id, source: dynamic.source, params, timeoutMs: dynamic.timeoutMs };
    return;
  }
  if (pending?.kind === 'rows') {
    emit(turn, menuOutbound(turn, say(turn, node.text), rowsIndex(turn, turn.node, node, pending.rows)));
    return;
  }
  renderStatic(turn, turn.node, node);
}

/** Carries out a chosen action. */
export function apply(turn: Turn, action: Action): void {
  switch (action.kind) {
    case 'option': {
      const option = action.option;
      turn.chosen = action.chosen;
      if (option.set !== undefined) {
        for (const [name, value] of Object.entries(option.set)) setVar(turn, name, interpolate(value, turn.vars));
      }
      const switching = option.language !== undefined && turn.graph.languages.some((l) => l.code === option.language);
      if (switching && option.language !== undefined) turn.lang = option.language;
      if (!(switching && option.target === turn.node)) pushHistory(turn, turn.node);
      enter(turn, option.target);
      return;
    }
    case 'row': {
      for (const [name, value] of Object.entries(rowVars(action.dynamic.into, action.item))) setVar(turn, name, value);
      pushHistory(turn, turn.node);
      enter(turn, action.dynamic.target);
      return;
    }
    case 'command':
      command(turn, action.command);
      return;
    case 'language':
      turn.lang = action.code;
      turn.pending = restingPending(turn);
      turn.misses = 0;
      show(turn);
      return;
    case 'next':
      pushHistory(turn, turn.node);
      enter(turn, action.target);
      return;
    default: {
      const never: never = action;
      throw new Error(`unknown action ${JSON.stringify(never)}`);
    }
  }
}

/** Carries out a global command. */
export function command(turn: Turn, kind: CommandKind): void {
  switch (kind) {
    case 'home':
      turn.history = NO_HISTORY;
      enter(turn, turn.graph.start);
      return;
    case 'back': {
      const previous = turn.history[turn.history.length - 1];
      if (previous === undefined) {
        enter(turn, turn.node === turn.graph.start ? turn.graph.start : backTarget(turn));
        return;
      }
      turn.history = turn.history.slice(0, -1);
      enter(turn, previous);
      return;
    }
    case 'help':
      sayText(turn, message(turn, 'help'));
      turn.pending = restingPending(turn);
      turn.misses = 0;
      show(turn);
      return;
    case 'language':
      turn.pending = { kind: 'language' };
      turn.misses = 0;
      renderLanguageMenu(turn);
      return;
    case 'restart':
      turn.vars = {};
      turn.history = NO_HISTORY;
      enter(turn, turn.graph.start);
      return;
    default: {
      const never: never = kind;
      throw new Error(`unknown command ${String(never)}`);
    }
  }
}

/**
 * Where `back` goes without history: the node's parent, passing over `call` nodes (going back
 * must never send a submission again).
 */
function backTarget(turn: Turn): string {
  const seen = new Set<string>();
  let id = turn.graph.nodes[turn.node]?.parent;
  while (id !== undefined && !seen.has(id) && turn.graph.nodes[id]?.kind === 'call') {
    seen.add(id);
    id = turn.graph.nodes[id]?.parent;
  }
  return id === undefined || turn.graph.nodes[id]?.kind === 'call' ? turn.graph.start : id;
}

/** The pending state to keep when leaving an overlay menu: a dynamic menu keeps its rows. */
function restingPending(turn: Turn): Turn['pending'] {
  return turn.pending?.kind === 'rows' ? turn.pending : undefined;
}
