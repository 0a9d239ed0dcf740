/**
 * The benchmark tree (`bench/shared/menu-tree.ts`) as three equivalent programs: a Samvad graph,
 * an XState 5 machine (a state per node, an event per option) and an ink story (a knot per node).
 * Menus offer one choice per child; leaves are pages offering back (to the parent) and home.
 */
import { createMachine } from 'xstate';
import { defaultCommandWords, defaultMessages } from '@samvad/runtime';
import type { Graph, GraphNode } from '@samvad/runtime';
import type { TreeNode } from '../shared/menu-tree.js';
import { walk } from '../shared/menu-tree.js';

const text = (s: string) => ({ mr: `${s} (mr)`, hi: `${s} (hi)`, en: s });

/** The tree as a Samvad graph (what `samvad compile` would emit for the equivalent flow). */
export function treeToGraph(root: TreeNode): Graph {
  const nodes: Record<string, GraphNode> = {};
  const parents = new Map<string, string>();
  for (const node of walk(root)) {
    for (const child of node.children) parents.set(child.id, node.id);
    const parent = parents.get(node.id);
    const base = parent === undefined ? {} : { parent };
    nodes[node.id] =
      node.children.length === 0
        ? { kind: 'page', ...base, blocks: [{ kind: 'text', text: text(`Information for ${node.id}`) }], then: { kind: 'back' } }
        : {
            kind: 'menu',
            ...base,
            text: text(`Menu ${node.id}: choose an option`),
            options: node.children.map((child, i) => ({
              id: `o${i + 1}`,
              number: i + 1,
              label: text(`Service ${child.id}`),
              words: [],
              target: child.id,
            })),
          };
  }
  return {
    format: 2,
    hash: `sha256:${'0'.repeat(64)}`,
    bot: 'bench_tree',
    languages: [
      { code: 'mr', name: 'मराठी' },
      { code: 'hi', name: 'हिंदी' },
      { code: 'en', name: 'English' },
    ],
    start: root.id,
    settings: { retries: 3, idleTimeoutMs: 30 * 60_000 },
    commands: defaultCommandWords,
    messages: defaultMessages,
    sources: {},
    endpoints: {},
    nodes,
    sourceMap: {},
  };
}

/** The tree as a flat XState machine: `CHOOSE_<n>` on menus, `BACK` / `HOME` on pages. */
export function treeToMachine(root: TreeNode) {
  const states: Record<string, { on: Record<string, string> }> = {};
  const parents = new Map<string, string>();
  for (const node of walk(root)) {
    for (const child of node.children) parents.set(child.id, node.id);
    const on: Record<string, string> = {};
    if (node.children.length === 0) {
      on['BACK'] = parents.get(node.id) ?? root.id;
      on['HOME'] = root.id;
    } else {
      node.children.forEach((child, i) => {
        on[`CHOOSE_${i + 1}`] = child.id;
      });
    }
    states[node.id] = { on };
  }
  return createMachine({ id: 'tree', initial: root.id, states });
}

/** The tree as ink source: a knot per node; leaves offer Back (to the parent) and Home. */
export function treeToInk(root: TreeNode): string {
  const parents = new Map<string, string>();
  const lines: string[] = [`-> ${root.id}`];
  for (const node of walk(root)) {
    for (const child of node.children) parents.set(child.id, node.id);
    lines.push(`=== ${node.id} ===`);
    if (node.children.length === 0) {
      lines.push(`Information for ${node.id}`);
      lines.push(`+ [Back] -> ${parents.get(node.id) ?? root.id}`);
      lines.push(`+ [Home] -> ${root.id}`);
    } else {
      lines.push(`Menu ${node.id}: choose an option`);
      for (const child of node.children) lines.push(`+ [Service ${child.id}] -> ${child.id}`);
    }
  }
  return lines.join('\n');
}
