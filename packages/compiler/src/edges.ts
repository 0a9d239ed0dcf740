import type { Ident, NodeDecl } from '@samvad/dsl';

/** How one node leads to another. */
export type EdgeKind = 'option' | 'dynamic' | 'fallback' | 'next' | 'valid' | 'fail' | 'case' | 'else' | 'goto';

/** A written `-> target` of a node, with the variables that are set when it is taken. */
export interface Edge {
  readonly kind: EdgeKind;
  readonly target: Ident;
  /** Variables set on the way (`set x = …`, `var: x`); a data-source prefix is written `gr.`. */
  readonly sets: readonly string[];
  /** True when the edge is taken without the citizen answering (branch, goto). */
  readonly automatic: boolean;
}

/** The variables of an edge that sets none (shared: edges are never changed). */
const NO_SETS: readonly string[] = Object.freeze([]);

/**
 * The edges a node declares, in source order. `then back` / `then home` and global commands
 * are not edges: they return to places the citizen has already been.
 */
export function edgesOf(node: NodeDecl): readonly Edge[] {
  switch (node.kind) {
    case 'menu': {
      const edges: Edge[] = node.options.map((o) => ({
        kind: 'option',
        target: o.target,
        sets: o.sets.length === 0 ? NO_SETS : o.sets.map((s) => s.variable.name),
        automatic: false,
      }));
      if (node.from !== undefined) {
        edges.push({ kind: 'dynamic', target: node.from.target, sets: [`${node.from.into.name}.`], automatic: false });
        if (node.from.fallback !== undefined) {
          edges.push({ kind: 'fallback', target: node.from.fallback, sets: [], automatic: true });
        }
      }
      return edges;
    }
    case 'page':
      return node.then?.kind === 'next' ? [{ kind: 'next', target: node.then.target, sets: [], automatic: false }] : [];
    case 'input': {
      const edges: Edge[] = [];
      if (node.then !== undefined) {
        const sets = node.variable === undefined ? [] : [node.variable.name];
        edges.push({ kind: 'valid', target: node.then, sets, automatic: false });
      }
      if (node.retries !== undefined) edges.push({ kind: 'fail', target: node.retries.target, sets: [], automatic: false });
      return edges;
    }
    case 'branch': {
      const edges: Edge[] = node.cases.map((c) => ({ kind: 'case', target: c.target, sets: [], automatic: true }));
      if (node.otherwise !== undefined) edges.push({ kind: 'else', target: node.otherwise, sets: [], automatic: true });
      return edges;
    }
    case 'goto':
      return node.target === undefined ? [] : [{ kind: 'goto', target: node.target, sets: [], automatic: true }];
    case 'end':
      return [];
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}
