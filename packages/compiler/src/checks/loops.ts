import { diagnostic } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import type { Edge } from '../edges.js';
import { MAX_LISTED } from '../listing.js';

/**
 * FLOW4006: a cycle made only of edges taken without the citizen answering (branch cases,
 * `else`, `goto`, a data source's `fallback`) would spin forever. Strongly connected
 * components of those edges (Tarjan, iterative) are reported once each.
 */
export function checkAutomaticLoops(ctx: CheckContext): void {
  const next = new Map<string, string[]>();
  for (const node of ctx.program.nodes.values()) {
    // Most nodes have no automatic edge: no list is made for them.
    let targets: string[] | undefined;
    const edges = ctx.edges(node);
    for (let i = 0; i < edges.length; i += 1) {
      const edge = edges[i] as Edge;
      if (!edge.automatic || !ctx.program.nodes.has(edge.target.name)) continue;
      (targets ??= []).push(edge.target.name);
    }
    if (targets !== undefined) next.set(node.id.name, targets);
  }
  for (const component of stronglyConnected(next)) {
    const first = component[0];
    if (first === undefined) continue;
    const selfLoop = component.length === 1 && (next.get(first) ?? []).includes(first);
    if (component.length === 1 && !selfLoop) continue;
    const cycle = orderCycle(component, next);
    const [head, ...rest] = cycle.map((id) => ctx.program.nodes.get(id)).filter((n) => n !== undefined);
    if (head === undefined) continue;
    // A loop of thousands of nodes is named by its first ones and counted, not spelt out.
    const named = cycle.length <= MAX_LISTED ? cycle.map((id) => `\`${id}\``) : [...cycle.slice(0, MAX_LISTED - 1).map((id) => `\`${id}\``), '…', `\`${cycle[cycle.length - 1] as string}\``];
    const shown = rest.slice(0, MAX_LISTED);
    ctx.report(
      diagnostic({
        code: 'FLOW4006',
        severity: 'error',
        message: `${named.join(' → ')} → \`${cycle[0]}\` loops without waiting for the citizen${cycle.length > MAX_LISTED ? ` (${cycle.length.toLocaleString('en-US')} nodes)` : ''}`,
        span: head.id.span,
        primaryLabel: 'this loop never asks the citizen anything',
        labels: shown.map((n) => ({ span: n.id.span, message: `\`${n.id.name}\` is part of the loop` })),
        notes: rest.length > shown.length ? [`${(rest.length - shown.length).toLocaleString('en-US')} more nodes of the loop are not marked`] : [],
        help: 'let one path of the loop go to a menu, page or input, or end the loop with an `else` that leaves it',
      }),
    );
  }
}

function orderCycle(component: readonly string[], next: ReadonlyMap<string, readonly string[]>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0] as string;
  const order = [start];
  const seen = new Set(order);
  let current = start;
  for (;;) {
    const step = (next.get(current) ?? []).find((t) => members.has(t) && !seen.has(t));
    if (step === undefined) break;
    order.push(step);
    seen.add(step);
    current = step;
  }
  return order;
}

/** Strongly connected components (Tarjan), without recursion so deep graphs do not overflow. */
export function stronglyConnected(next: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of next.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; child: number }[] = [{ id: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; child: number };
      const targets = next.get(frame.id) ?? [];
      if (frame.child < targets.length) {
        const target = targets[frame.child] as string;
        frame.child += 1;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, child: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        for (;;) {
          const member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
          if (member === frame.id) break;
        }
        components.push(component.reverse());
      }
    }
  }
  return components;
}
