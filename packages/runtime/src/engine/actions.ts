/**
 * What a citizen can choose at each moment, as indexed choices: a menu's options and data rows,
 * a page's way on, the language menu, the "too many retries" menu. Also reads reply ids from
 * older messages (`<node>/<option>`, `~home`, …) so a tap on an old button still works.
 */
import type { CommandKind, Graph, GraphDynamic, GraphOption, MenuNode, PageNode } from '../graph/types.js';
import { indexChoices } from '../match/choices.js';
import type { Choice, ChoiceIndex } from '../match/choices.js';
import { interpolate } from '../match/interpolate.js';
import { normalize } from '../match/normalize.js';
import type { DataItem } from './types.js';
import type { Turn } from './turn.js';

/** What choosing something does. */
export type Action =
  /** `chosen`: `<node>.<option id>`, as reported in `StepEvent.chosen`. */
  | { readonly kind: 'option'; readonly node: string; readonly option: GraphOption; readonly chosen: string }
  | { readonly kind: 'row'; readonly dynamic: GraphDynamic; readonly item: DataItem }
  | { readonly kind: 'command'; readonly command: CommandKind }
  | { readonly kind: 'language'; readonly code: string }
  | { readonly kind: 'next'; readonly target: string };

/** The action of choosing a static option. */
export function optionAction(node: string, option: GraphOption): Action {
  return { kind: 'option', node, option, chosen: `${node}.${option.id}` };
}

/** A choice whose effect is an `Action`. */
export type ActionChoice = Choice<Action>;
/** Indexed choices whose effect is an `Action`. */
export type ActionIndex = ChoiceIndex<Action>;

/** Marks a reply id as a global command (`~home`, `~lang:hi`) rather than an option. */
const COMMAND_PREFIX = '~';

const commandCache = new WeakMap<Graph, ReadonlyMap<string, CommandKind>>();
const COMMAND_ORDER: readonly CommandKind[] = ['home', 'back', 'help', 'language', 'restart'];

/** The graph's command words, normalised (first command wins when a word is listed twice). */
export function commandWords(graph: Graph): ReadonlyMap<string, CommandKind> {
  let map = commandCache.get(graph);
  if (map === undefined) {
    const words = new Map<string, CommandKind>();
    for (const kind of COMMAND_ORDER) {
      for (const word of graph.commands[kind] ?? []) {
        const key = normalize(word);
        if (key !== '' && !words.has(key)) words.set(key, kind);
      }
    }
    map = words;
    commandCache.set(graph, map);
  }
  return map;
}

/** The id a reply button sends for a static option. */
export function optionId(node: string, option: string): string {
  return `${node}/${option}`;
}

/** The choices of a menu's static options (built once per graph and node). */
export function menuIndex(graph: Graph, nodeId: string, node: MenuNode): ActionIndex {
  return perNodeCache.get(node) ?? cachedForNode(node, () => indexChoices(node.options.map((option) => optionChoice(nodeId, option))));
}

function optionChoice(node: string, option: GraphOption): ActionChoice {
  return {
    id: optionId(node, option.id),
    number: option.number,
    labels: Object.values(option.label),
    words: option.words,
    action: optionAction(node, option),
  };
}

/** A menu's static options followed by data rows, numbered after the highest static number. */
export function rowsIndex(turn: Turn, nodeId: string, node: MenuNode, rows: readonly DataItem[]): ActionIndex {
  const dynamic = node.dynamic;
  const base = menuIndex(turn.graph, nodeId, node);
  if (dynamic === undefined || rows.length === 0) return base;
  let next = base.choices.reduce((max, c) => Math.max(max, c.number), 0) + 1;
  const choices = base.choices.slice();
  for (const item of rows) {
    const vars = { ...turn.vars, ...rowVars(dynamic.into, item) };
    const labels = Object.values(dynamic.title).map((template) => interpolate(template, vars));
    choices.push({ id: `${nodeId}/item:${item.id}`, number: next, labels, words: [], action: { kind: 'row', dynamic, item } });
    next += 1;
  }
  return indexChoices(choices);
}

/** The variables a chosen row binds: `<into>.<field>` for each field, and `<into>.id`. */
export function rowVars(into: string, item: DataItem): Record<string, string> {
  const vars: Record<string, string> = { [`${into}.id`]: item.id };
  for (const [field, value] of Object.entries(item.fields)) vars[`${into}.${field}`] = value;
  return vars;
}

const perGraphCache = new WeakMap<Graph, Map<string, ActionIndex>>();
const perNodeCache = new WeakMap<object, ActionIndex>();

/** Caches an index per graph under a key (graphs are immutable once loaded). */
function cached(graph: Graph, key: string, build: () => ActionIndex): ActionIndex {
  let perGraph = perGraphCache.get(graph);
  if (perGraph === undefined) {
    perGraph = new Map();
    perGraphCache.set(graph, perGraph);
  }
  let index = perGraph.get(key);
  if (index === undefined) {
    index = build();
    perGraph.set(key, index);
  }
  return index;
}

/** Caches an index per node object (a node belongs to one immutable graph). */
function cachedForNode(node: object, build: () => ActionIndex): ActionIndex {
  let index = perNodeCache.get(node);
  if (index === undefined) {
    index = build();
    perNodeCache.set(node, index);
  }
  return index;
}

/** A page's way on: back/home buttons, or next + back + home. */
export function wayOnIndex(graph: Graph, nodeId: string, node: PageNode): ActionIndex {
  return perNodeCache.get(node) ?? cachedForNode(node, () => buildWayOn(graph, nodeId, node));
}

function buildWayOn(graph: Graph, nodeId: string, node: PageNode): ActionIndex {
  const labels = (key: 'back_label' | 'home_label' | 'next_label') => Object.values(graph.messages[key]);
  const back: ActionChoice = { id: '~back', number: 0, labels: labels('back_label'), words: [], action: { kind: 'command', command: 'back' } };
  const home: ActionChoice = { id: '~home', number: 0, labels: labels('home_label'), words: [], action: { kind: 'command', command: 'home' } };
  let list: ActionChoice[];
  switch (node.then.kind) {
    case 'back':
      list = [back, home];
      break;
    case 'home':
      list = [home, back];
      break;
    case 'next':
      list = [
        { id: `${nodeId}/~next`, number: 0, labels: labels('next_label'), words: [], action: { kind: 'next', target: node.then.target } },
        back,
        home,
      ];
      break;
    case 'end':
      list = [];
      break;
    default: {
      const never: never = node.then;
      throw new Error(`unknown way on ${JSON.stringify(never)}`);
    }
  }
  return indexChoices(list.map((choice, i) => ({ ...choice, number: i + 1 })));
}

/** The language menu: one choice per graph language, by name or code. */
export function languageIndex(graph: Graph): ActionIndex {
  return cached(graph, '~language', () => indexChoices(
    graph.languages.map((language, i) => ({
      id: `~lang:${language.code}`,
      number: i + 1,
      labels: [language.name],
      words: [language.code],
      action: { kind: 'language', code: language.code },
    })),
  ));
}

/** The menu offered after too many misses: home and help. */
export function stuckIndex(graph: Graph): ActionIndex {
  return cached(graph, '~stuck', () => indexChoices([
    { id: '~home', number: 1, labels: Object.values(graph.messages.home_label), words: [], action: { kind: 'command', command: 'home' } },
    { id: '~help', number: 2, labels: Object.values(graph.messages.help_label), words: [], action: { kind: 'command', command: 'help' } },
  ]));
}

/**
 * Reads a reply id that is not among the current choices: a global command (`~home`,
 * `~lang:hi`), a static option of any menu still in the graph, or a page's `next`.
 */
export function actionFromReplyId(graph: Graph, id: string): Action | undefined {
  if (id.startsWith(COMMAND_PREFIX)) {
    const name = id.slice(1);
    if (name.startsWith('lang:')) {
      const code = name.slice(5);
      return graph.languages.some((l) => l.code === code) ? { kind: 'language', code } : undefined;
    }
    return COMMAND_ORDER.find((c) => c === name) === undefined ? undefined : { kind: 'command', command: name as CommandKind };
  }
  const slash = id.indexOf('/');
  if (slash <= 0) return undefined;
  const nodeId = id.slice(0, slash);
  const rest = id.slice(slash + 1);
  const node = Object.hasOwn(graph.nodes, nodeId) ? graph.nodes[nodeId] : undefined;
  if (node?.kind === 'menu') {
    const option = node.options.find((o) => o.id === rest);
    return option === undefined ? undefined : optionAction(nodeId, option);
  }
  if (node?.kind === 'page' && rest === '~next' && node.then.kind === 'next') {
    return { kind: 'next', target: node.then.target };
  }
  return undefined;
}
