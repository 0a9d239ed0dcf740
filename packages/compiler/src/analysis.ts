import type { Diagnostic, NodeDecl } from '@samvad/dsl';
import { edgesOf } from './edges.js';
import type { Edge } from './edges.js';
import { Locator } from './location.js';
import type { NodeNumbering } from './numbering.js';
import type { Program } from './program.js';
import { closestWithinBudget } from './checks/suggest.js';

/** What every check receives: the resolved program, memoised graph facts and a sink for diagnostics. */
export interface CheckContext {
  readonly program: Program;
  readonly sources: ReadonlyMap<string, string>;
  /** Line/column lookups, for messages that name another place ("defined at …"). */
  readonly locator: Locator;
  report(diagnostic: Diagnostic): void;
  /** The edges of a node (memoised). */
  edges(node: NodeDecl): readonly Edge[];
  /**
   * Where a reference leads for the graph checks: the node it names or, when it names none, the
   * node FLOW2001's "did you mean" proposes (memoised); `undefined` when nothing is close. Facts
   * computed through a misspelt reference are those of the bot once the suggested fix is made,
   * so one misspelling does not make the nodes behind it look unreachable.
   */
  readonly follow: (name: string) => string | undefined;
  /** True when `start` or some edge names no node (FLOW2001): facts computed from the graph are then partial. */
  readonly hasUnknownReference: () => boolean;
  /**
   * True when the walk from `start` is complete: `start` and every edge of a reached node lead to
   * a node (as `follow` resolves them). When false, any unreached node may be the one a
   * reference without a close match was meant for.
   */
  readonly reachIsComplete: () => boolean;
  /** True when node `id` is reachable from `start` through written edges, followed as `follow` does (never when `start` is unknown). */
  readonly isReachable: (id: string) => boolean;
  /** For a reachable node but `start`, the node that first reaches it breadth-first from `start`. */
  readonly parentOf: (id: string) => string | undefined;
}

/** In `Walk.parents`: not reached, or reached as `start` (any other value is the parent's number). */
const UNREACHED = -2;
const START = -1;

/** The breadth-first walk from `start`: each node's parent by number, or `UNREACHED` / `START`. */
interface Walk {
  readonly parents: Int32Array;
  /** False when `start` or an edge of a reached node leads nowhere (no node, no close match). */
  readonly complete: boolean;
}

/** Builds a check context whose graph facts are computed once, on first use. */
export function createContext(
  program: Program,
  sources: ReadonlyMap<string, string>,
  report: (d: Diagnostic) => void,
): CheckContext {
  const numbering = program.numbering;
  // Edges by node number; a declaration outside the table (a second definition of an id) is memoised apart.
  const edgeLists: (readonly Edge[] | undefined)[] = new Array<readonly Edge[] | undefined>(numbering.size);
  const otherEdges = new Map<NodeDecl, readonly Edge[]>();
  const edges = (node: NodeDecl): readonly Edge[] => {
    const number = numbering.numberOf(node.id.name);
    if (number >= 0 && numbering.decls[number] === node) return (edgeLists[number] ??= edgesOf(node));
    let found = otherEdges.get(node);
    if (found === undefined) {
      found = edgesOf(node);
      otherEdges.set(node, found);
    }
    return found;
  };
  const guesses = new Map<string, string | undefined>();
  let ctx: CheckContext;
  const follow = (name: string): string | undefined => {
    if (program.nodes.has(name)) return name;
    if (guesses.has(name)) return guesses.get(name);
    // The same budgeted guess FLOW2001 makes (its budget is counted on this context).
    const guess = closestWithinBudget(ctx, name, program.nodes.keys());
    guesses.set(name, guess);
    return guess;
  };
  let unknown: boolean | undefined;
  const hasUnknownReference = (): boolean => (unknown ??= anyUnknownReference(program, edges));
  let walked: Walk | undefined;
  const parentNumber = (id: string): number => {
    walked ??= walk(program, numbering, edges, follow);
    const number = numbering.numberOf(id);
    return number < 0 ? UNREACHED : (walked.parents[number] as number);
  };
  ctx = {
    program,
    sources,
    locator: new Locator(sources),
    report,
    edges,
    follow,
    hasUnknownReference,
    reachIsComplete: () => {
      walked ??= walk(program, numbering, edges, follow);
      return walked.complete;
    },
    isReachable: (id) => parentNumber(id) !== UNREACHED,
    parentOf: (id) => {
      const parent = parentNumber(id);
      return parent >= 0 ? numbering.ids[parent] : undefined;
    },
  };
  return ctx;
}

/** True when `start` or any edge names no node. */
function anyUnknownReference(program: Program, edges: (node: NodeDecl) => readonly Edge[]): boolean {
  const start = program.bot?.start?.name;
  if (start !== undefined && !program.nodes.has(start)) return true;
  for (const node of program.nodes.values()) {
    const list = edges(node);
    for (let i = 0; i < list.length; i += 1) if (!program.nodes.has((list[i] as Edge).target.name)) return true;
  }
  return false;
}

/** Breadth-first walk from `start`, over node numbers; a node's parent is the node that first reaches it. */
function walk(
  program: Program,
  numbering: NodeNumbering,
  edges: (node: NodeDecl) => readonly Edge[],
  follow: (name: string) => string | undefined,
): Walk {
  const parents = new Int32Array(numbering.size).fill(UNREACHED);
  const startName = program.bot?.start?.name;
  const start = startName === undefined ? undefined : follow(startName);
  const first = start === undefined ? -1 : numbering.numberOf(start);
  if (first < 0) return { parents, complete: false };
  let complete = true;
  parents[first] = START;
  const queue = new Int32Array(numbering.size);
  queue[0] = first;
  let tail = 1;
  for (let head = 0; head < tail; head += 1) {
    const from = queue[head] as number;
    // Indexed loops over edge lists: they come in several array kinds (empty literals, mapped
    // options), and a `for … of` over them kept allocating an iterator per node.
    const list = edges(numbering.decls[from] as NodeDecl);
    for (let i = 0; i < list.length; i += 1) {
      const name = (list[i] as Edge).target.name;
      let target = numbering.numberOf(name);
      if (target < 0) {
        const guess = follow(name);
        if (guess === undefined) complete = false;
        else target = numbering.numberOf(guess);
      }
      if (target < 0 || parents[target] !== UNREACHED) continue;
      parents[target] = from;
      queue[tail] = target;
      tail += 1;
    }
  }
  return { parents, complete };
}
