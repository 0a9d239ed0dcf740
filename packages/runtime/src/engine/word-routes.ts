/**
 * Bot-wide word routing: a citizen who types a service's name ("उत्पन्न", "pan card", "सातबारा")
 * reaches that service from any menu, not only from the menu that lists it. Every static option's
 * labels and synonyms are indexed once per graph; a word leads to the most specific option that
 * carries it (the one whose menu lies deepest below `start`).
 */
import type { Graph, GraphOption } from '../graph/types.js';
import { normalize } from '../match/normalize.js';

/** Where a word leads: an option of a menu, or (when several equally specific options share the word) their menu. */
export type WordRoute =
  | { readonly kind: 'option'; readonly menu: string; readonly option: GraphOption; readonly depth: number }
  | { readonly kind: 'menu'; readonly menu: string; readonly depth: number };

interface Candidate {
  readonly menu: string;
  readonly option: GraphOption;
  readonly depth: number;
}

const routeCache = new WeakMap<Graph, ReadonlyMap<string, WordRoute>>();

/** The route for typed text, if some option anywhere in the graph carries it as a label or synonym. */
export function routeWord(graph: Graph, text: string): WordRoute | undefined {
  let routes = routeCache.get(graph);
  if (routes === undefined) {
    routes = buildRoutes(graph);
    routeCache.set(graph, routes);
  }
  return routes.get(normalize(text));
}

/** How many `parent` hops lie between a node and `start` (0 for `start` and unreachable nodes). */
export function nodeDepth(graph: Graph, id: string): number {
  let depth = 0;
  let current = graph.nodes[id];
  const seen = new Set<string>([id]);
  while (current?.parent !== undefined && !seen.has(current.parent)) {
    seen.add(current.parent);
    depth += 1;
    current = graph.nodes[current.parent];
  }
  return depth;
}

function buildRoutes(graph: Graph): ReadonlyMap<string, WordRoute> {
  const candidates = new Map<string, Candidate[]>();
  const add = (key: string, candidate: Candidate) => {
    if (key === '') return;
    const list = candidates.get(key);
    if (list === undefined) candidates.set(key, [candidate]);
    else if (!list.some((c) => c.menu === candidate.menu && c.option.id === candidate.option.id)) list.push(candidate);
  };
  for (const [menu, node] of Object.entries(graph.nodes)) {
    if (node.kind !== 'menu') continue;
    const depth = nodeDepth(graph, menu);
    for (const option of node.options) {
      // Language switches are not services: "मराठी" typed anywhere stays with the command words.
      if (option.language !== undefined) continue;
      for (const label of Object.values(option.label)) add(normalize(label), { menu, option, depth });
      for (const word of option.words) add(normalize(word), { menu, option, depth });
    }
  }
  const routes = new Map<string, WordRoute>();
  for (const [key, list] of candidates) {
    const route = mostSpecific(list);
    if (route !== undefined) routes.set(key, route);
  }
  return routes;
}

/** The deepest candidate; equally deep ones agree on a target, or share a menu, or the word is ambiguous. */
function mostSpecific(list: readonly Candidate[]): WordRoute | undefined {
  const depth = Math.max(...list.map((c) => c.depth));
  const deepest = list.filter((c) => c.depth === depth);
  const first = deepest[0];
  if (first === undefined) return undefined;
  if (deepest.every((c) => c.option.target === first.option.target && c.menu === first.menu)) {
    return { kind: 'option', menu: first.menu, option: first.option, depth };
  }
  if (deepest.every((c) => c.menu === first.menu)) return { kind: 'menu', menu: first.menu, depth };
  return undefined;
}
