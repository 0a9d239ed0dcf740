/** A generated menu tree graph (menus down to `depth`, pages at the leaves) for property tests. */
import type { GraphNode } from '../../src/graph/types.js';
import { makeGraph, t } from './graph.js';
import type { Graph } from '../../src/graph/types.js';

export function treeGraph(branching: number, depth: number): Graph {
  const nodes: Record<string, GraphNode> = {};
  const build = (id: string, level: number, parent?: string) => {
    const base = parent === undefined ? {} : { parent };
    if (level === depth) {
      nodes[id] = { kind: 'page', ...base, blocks: [{ kind: 'text', text: t(`Page ${id}`) }], then: { kind: 'back' } };
      return;
    }
    const options = Array.from({ length: branching }, (_, i) => ({
      id: `o${i + 1}`,
      number: i + 1,
      label: t(`Item ${id}_${i + 1}`),
      words: [],
      target: `${id}_${i + 1}`,
    }));
    nodes[id] = { kind: 'menu', ...base, text: t(`Menu ${id}`), options };
    for (let i = 1; i <= branching; i += 1) build(`${id}_${i}`, level + 1, id);
  };
  build('n', 0);
  return makeGraph(nodes, { start: 'n' });
}
