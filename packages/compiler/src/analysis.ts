import type { Diagnostic, NodeDecl } from '@samvad/dsl';
import { edgesOf } from './edges.js';
import type { Edge } from './edges.js';
import { Locator } from './location.js';
import type { NodeNumbering } from './numbering.js';
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
  /** True when node `id` is reachable from `start` through written edges (never when `start` is unknown). */
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
  let walked: Walk | undefined;
  const parentNumber = (id: string): number => {
    walked ??= walk(program, numbering, edges);
    const number = numbering.numberOf(id);
    return number < 0 ? UNREACHED : (walked.parents[number] as number);
  };
  return {
    program,
    sources,
    locator: new Locator(sources),
    report,
    edges,
    isReachable: (id) => parentNumber(id) !== UNREACHED,
    parentOf: (id) => {
      const parent = parentNumber(id);
      return parent >= 0 ? numbering.ids[parent] : undefined;
    },
  };
}

/** Breadth-first walk from `start`, over node numbers; a node's parent is the node that first reaches it. */
function walk(program: Program, numbering: NodeNumbering, edges: (node: NodeDecl) => readonly Edge[]): Walk {
  const parents = new Int32Array(numbering.size).fill(UNREACHED);
  const start = program.bot?.start?.name;
  const first = start === undefined ? -1 : numbering.numberOf(start);
  if (first < 0) return { parents };
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
      const target = numbering.numberOf((list[i] as Edge).target.name);
      if (target < 0 || parents[target] !== UNREACHED) continue;
      parents[target] = from;
      queue[tail] = target;
      tail += 1;
    }
  }
  return { parents };
}
