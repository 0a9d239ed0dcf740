import type { Diagnostic, NodeDecl } from '@samvad/dsl';
import { edgesOf } from './edges.js';
import type { Edge } from './edges.js';
import { Locator } from './location.js';
import type { Program } from './program.js';

/** What every check receives: the resolved program, memoised graph facts and a sink for diagnostics. */
export interface CheckContext {
  readonly program: Program;
  readonly sources: ReadonlyMap<string, string>;
  /** Line/column lookups, for messages that name another place ("defined at …"). */
  readonly locator: Locator;
  report(diagnostic: Diagnostic): void;
  /** The edges of a node (memoised). */
  edges(node: NodeDecl): readonly Edge[];
  /** Ids of nodes reachable from `start` through written edges (empty when `start` is unknown). */
  reachable(): ReadonlySet<string>;
  /** For each reachable node but `start`, the node that first reaches it breadth-first from `start`. */
  parents(): ReadonlyMap<string, string>;
}

/** Builds a check context whose graph facts are computed once, on first use. */
export function createContext(
  program: Program,
  sources: ReadonlyMap<string, string>,
  report: (d: Diagnostic) => void,
): CheckContext {
  const edgeMemo = new Map<NodeDecl, readonly Edge[]>();
  let walked: { reached: ReadonlySet<string>; parents: ReadonlyMap<string, string> } | undefined;
  const edges = (node: NodeDecl): readonly Edge[] => {
    let found = edgeMemo.get(node);
    if (found === undefined) {
      found = edgesOf(node);
      edgeMemo.set(node, found);
    }
    return found;
  };
  return {
    program,
    sources,
    locator: new Locator(sources),
    report,
    edges,
    reachable() {
      walked ??= walk(program, edges);
      return walked.reached;
    },
    parents() {
      walked ??= walk(program, edges);
      return walked.parents;
    },
  };
}

/** Breadth-first walk from `start`; the order is the order in which nodes are first reached. */
export function breadthFirst(
  program: Program,
  edges: (node: NodeDecl) => readonly Edge[],
  visit?: (id: string, parent: string | undefined) => void,
): ReadonlySet<string> {
  const start = program.bot?.start?.name;
  const seen = new Set<string>();
  if (start === undefined || !program.nodes.has(start)) return seen;
  seen.add(start);
  visit?.(start, undefined);
  const queue: string[] = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const id = queue[head] as string;
    const node = program.nodes.get(id);
    if (node === undefined) continue;
    for (const edge of edges(node)) {
      const target = edge.target.name;
      if (seen.has(target) || !program.nodes.has(target)) continue;
      seen.add(target);
      visit?.(target, id);
      queue.push(target);
    }
  }
  return seen;
}

function walk(program: Program, edges: (node: NodeDecl) => readonly Edge[]) {
  const parents = new Map<string, string>();
  const reached = breadthFirst(program, edges, (id, parent) => {
    if (parent !== undefined) parents.set(id, parent);
  });
  return { reached, parents };
}
