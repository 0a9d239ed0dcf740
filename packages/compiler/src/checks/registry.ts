import type { NodeDecl } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';

/** The kinds of node a check can be registered for. */
export type NodeKind = NodeDecl['kind'];

/** A check of one node of kind `K`. */
export type NodeCheck<K extends NodeKind> = (node: Extract<NodeDecl, { kind: K }>, ctx: CheckContext) => void;

/** A check that looks at the whole bot (header, reachability, loops). */
export type ProgramCheck = (ctx: CheckContext) => void;

/** Checks registered per node kind, plus checks for every node and for the whole program. */
export interface CheckRegistry {
  readonly byKind: { readonly [K in NodeKind]: readonly NodeCheck<K>[] };
  readonly anyNode: readonly NodeCheck<NodeKind>[];
  readonly program: readonly ProgramCheck[];
}

/** Runs every registered check: program checks first, then node checks in declaration order. */
export function runChecks(registry: CheckRegistry, ctx: CheckContext): void {
  for (const check of registry.program) check(ctx);
  for (const node of ctx.program.nodes.values()) {
    for (const check of registry.anyNode) check(node, ctx);
    runKindChecks(registry, node, ctx);
  }
}

function runKindChecks(registry: CheckRegistry, node: NodeDecl, ctx: CheckContext): void {
  switch (node.kind) {
    case 'menu':
      for (const check of registry.byKind.menu) check(node, ctx);
      return;
    case 'page':
      for (const check of registry.byKind.page) check(node, ctx);
      return;
    case 'input':
      for (const check of registry.byKind.input) check(node, ctx);
      return;
    case 'branch':
      for (const check of registry.byKind.branch) check(node, ctx);
      return;
    case 'goto':
      for (const check of registry.byKind.goto) check(node, ctx);
      return;
    case 'end':
      for (const check of registry.byKind.end) check(node, ctx);
      return;
    case 'call':
      for (const check of registry.byKind.call) check(node, ctx);
      return;
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}
