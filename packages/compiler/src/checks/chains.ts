import { diagnostic } from '@samvad/dsl';
import type { NodeDecl } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import type { Edge } from '../edges.js';
import { stronglyConnected } from './loops.js';

/**
 * Branches and gotos the runtime follows in one step before it gives up and ends the
 * conversation (`MAX_HOPS` in packages/runtime/src/engine/navigate.ts: a longer run is taken for
 * a loop). Keep the two equal.
 */
export const MAX_AUTOMATIC_STEPS = 64;

/**
 * FLOW4008: a chain of branches and gotos longer than the runtime follows in one step. It
 * compiles, but a citizen sent into it would see the conversation end. Chains that loop are
 * FLOW4006's; the longest chain from each node is found without recursion (a generated bot may
 * chain 100,000 gotos), and each too-long chain is reported once, at its head.
 */
export function checkAutomaticChains(ctx: CheckContext): void {
  const nodes = ctx.program.nodes;
  const next = new Map<string, string[]>();
  for (const node of nodes.values()) {
    if (!automaticKind(node)) continue;
    const targets: string[] = [];
    const edges = ctx.edges(node);
    for (let i = 0; i < edges.length; i += 1) {
      const edge = edges[i] as Edge;
      const target = nodes.get(edge.target.name);
      if (edge.automatic && target !== undefined && automaticKind(target)) targets.push(target.id.name);
    }
    next.set(node.id.name, targets);
  }
  // Too few branches and gotos to make a chain that long: nothing to walk (every real bot).
  if (next.size <= MAX_AUTOMATIC_STEPS) return;
  const looping = new Set<string>();
  for (const component of stronglyConnected(next)) {
    const first = component[0] as string;
    if (component.length > 1 || (next.get(first) ?? []).includes(first)) for (const id of component) looping.add(id);
  }
  const { length, via } = longestChains(next, looping);
  const fedByLong = new Set<string>();
  for (const [id, targets] of next) if ((length.get(id) ?? 0) > MAX_AUTOMATIC_STEPS) for (const t of targets) fedByLong.add(t);
  for (const [id, steps] of length) {
    if (steps <= MAX_AUTOMATIC_STEPS || fedByLong.has(id)) continue;
    report(ctx, id, steps, via);
  }
}

function automaticKind(node: NodeDecl): boolean {
  return node.kind === 'branch' || node.kind === 'goto';
}

/** For each node off every loop: the most branches and gotos a step may pass from it (itself included), and the next one on that chain. */
function longestChains(
  next: ReadonlyMap<string, readonly string[]>,
  looping: ReadonlySet<string>,
): { length: Map<string, number>; via: Map<string, string> } {
  const length = new Map<string, number>();
  const via = new Map<string, string>();
  for (const root of next.keys()) {
    if (looping.has(root) || length.has(root)) continue;
    // Post-order with an explicit stack; without the loops the graph is acyclic, so it ends.
    const stack: { id: string; child: number }[] = [{ id: root, child: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { id: string; child: number };
      const targets = next.get(frame.id) ?? [];
      if (frame.child < targets.length) {
        const target = targets[frame.child] as string;
        frame.child += 1;
        if (!looping.has(target) && !length.has(target)) stack.push({ id: target, child: 0 });
        continue;
      }
      stack.pop();
      let best = 0;
      for (const target of targets) {
        const steps = looping.has(target) ? 0 : (length.get(target) ?? 0);
        if (steps > best) {
          best = steps;
          via.set(frame.id, target);
        }
      }
      length.set(frame.id, best + 1);
    }
  }
  return { length, via };
}

function report(ctx: CheckContext, head: string, steps: number, via: ReadonlyMap<string, string>): void {
  const node = ctx.program.nodes.get(head);
  if (node === undefined) return;
  let last = head;
  for (let i = 0; i < MAX_AUTOMATIC_STEPS; i += 1) last = via.get(last) ?? last;
  const stop = ctx.program.nodes.get(last);
  const count = steps.toLocaleString('en-US');
  ctx.report(
    diagnostic({
      code: 'FLOW4008',
      severity: 'error',
      message: `\`${head}\` starts a chain of ${count} branches and gotos; the bot follows at most ${MAX_AUTOMATIC_STEPS} in one step`,
      span: node.id.span,
      primaryLabel: `${count} steps without waiting for the citizen`,
      labels: stop === undefined || last === head ? [] : [{ span: stop.id.span, message: `step ${MAX_AUTOMATIC_STEPS + 1}: here the bot would give up and end the conversation` }],
      help: 'let the chain stop at a menu, page or input sooner, or point its first steps straight at where it leads',
    }),
  );
}
