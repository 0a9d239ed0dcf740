/**
 * What one step touched, for coverage: the nodes it passed through and the menu option it chose.
 * The runtime reports where a step ends (`StepEvent.node`); the branch nodes crossed on the way and
 * the option picked (reported by the runtime as `StepEvent.chosen`) are read from the graph.
 */
import type { Graph, GraphNode, GraphOption, Session, StepEvent } from '@samvad/runtime';

/** Outcomes after which the conversation may have gone through the start node. */
const RESTARTS: ReadonlySet<StepEvent['outcome']> = new Set(['start', 'restart', 'expired', 'reset', 'moved', 'too_many_retries']);

/** The branch nodes on a path from `from` to `to` that crosses only branch nodes (empty when none). */
export function branchPath(graph: Graph, from: string, to: string): string[] {
  const seen = new Set<string>();
  const walk = (id: string, path: string[]): string[] | undefined => {
    if (id === to) return path;
    const node = graph.nodes[id];
    if (node?.kind !== 'branch' || seen.has(id)) return undefined;
    seen.add(id);
    for (const next of [...node.cases.map((c) => c.target), node.otherwise]) {
      const found = walk(next, [...path, id]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(from, []) ?? [];
}

/** The static option a step chose, from the runtime's `<menu>.<option>` report. */
function chosenOption(graph: Graph, chosen: string | undefined): GraphOption | undefined {
  if (chosen === undefined) return undefined;
  const dot = chosen.lastIndexOf('.');
  const menu = graph.nodes[chosen.slice(0, dot)];
  return menu?.kind === 'menu' ? menu.options.find((o) => o.id === chosen.slice(dot + 1)) : undefined;
}

/** What a step touched: nodes (including branches crossed) and the `menu.option` it chose, if any. */
export interface StepTrace {
  readonly nodes: readonly string[];
  readonly option?: string;
}

/** Where the step went first, before any branch: the start, an option's target, an input's next, … */
function entries(graph: Graph, from: GraphNode | undefined, option: GraphOption | undefined, event: StepEvent): string[] {
  if (from === undefined || event.matchedBy === 'command' || RESTARTS.has(event.outcome)) return [graph.start, ...(from?.kind === 'input' ? [from.onFail] : [])];
  if (option !== undefined) return [option.target];
  switch (from.kind) {
    case 'input':
      return [from.next];
    case 'page':
      return from.then.kind === 'next' ? [from.then.target] : [];
    case 'menu':
      return from.dynamic === undefined ? [] : [from.dynamic.target, from.dynamic.fallback];
    case 'call':
      return [from.next, from.fallback];
    case 'branch':
    case 'end':
      return [];
    default: {
      const never: never = from;
      throw new Error(`unknown node ${JSON.stringify(never)}`);
    }
  }
}

/** Infers what a step from `before` (undefined: a new conversation) touched, given its event. */
export function traceStep(graph: Graph, before: Session | undefined, event: StepEvent): StepTrace {
  const to = event.node;
  const from = before?.node;
  const option = chosenOption(graph, event.chosen);
  const crossed = new Set<string>();
  const fromNode = from === undefined ? undefined : graph.nodes[from];
  for (const entry of entries(graph, fromNode, option, event)) for (const id of branchPath(graph, entry, to)) crossed.add(id);
  const nodes = [...crossed, to];
  return option === undefined || event.chosen === undefined ? { nodes } : { nodes, option: event.chosen };
}
