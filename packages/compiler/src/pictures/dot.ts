import type { Graph } from '@samvad/runtime';
import { legendOf, pictureOf } from './model.js';
import type { PictureKind } from './model.js';

const STYLES: Readonly<Record<PictureKind, string>> = {
  menu: 'shape=box, style="rounded,filled", fillcolor="#dbeafe", color="#1d4ed8"',
  page: 'shape=note, style=filled, fillcolor="#dcfce7", color="#15803d"',
  input: 'shape=parallelogram, style=filled, fillcolor="#fef9c3", color="#a16207"',
  branch: 'shape=diamond, style=filled, fillcolor="#f3e8ff", color="#7e22ce"',
  goto: 'shape=cds, style=filled, fillcolor="#f1f5f9", color="#475569"',
  end: 'shape=doublecircle, style=filled, fillcolor="#fee2e2", color="#b91c1c"',
  call: 'shape=hexagon, style=filled, fillcolor="#ccfbf1", color="#0f766e"',
  endpoint: 'shape=component, style=filled, fillcolor="#e0e7ff", color="#4338ca"',
  source: 'shape=cylinder, style=filled, fillcolor="#ffedd5", color="#c2410c"',
};

/**
 * The graph in Graphviz DOT (left to right): one shape and colour per node kind, the start node
 * drawn bold, edges labelled with the option number and its English (or default-language) label,
 * dashed edges for what the citizen does not choose (fallbacks, data, `then home`), and a legend.
 */
export function toDot(graph: Graph): string {
  const picture = pictureOf(graph);
  const lines = [
    `digraph ${quote(graph.bot)} {`,
    '  rankdir=LR;',
    '  graph [fontname="Noto Sans", fontsize=12, nodesep=0.3, ranksep=0.6];',
    '  node [fontname="Noto Sans", fontsize=11, margin="0.15,0.05"];',
    '  edge [fontname="Noto Sans", fontsize=10, color="#64748b"];',
  ];
  for (const node of picture.nodes) {
    const extra = node.start ? ', penwidth=3' : '';
    lines.push(`  ${quote(node.id)} [label=${quote(node.label)}, ${STYLES[node.kind]}${extra}];`);
  }
  for (const edge of picture.edges) {
    const attrs = [edge.label === '' ? undefined : `label=${quote(edge.label)}`, edge.dashed ? 'style=dashed' : undefined].filter((a) => a !== undefined);
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${attrs.length === 0 ? '' : ` [${attrs.join(', ')}]`};`);
  }
  lines.push('  subgraph cluster_legend {', '    label="Legend"; style=dashed; color="#94a3b8";');
  legendOf(picture).forEach((entry, i) => lines.push(`    ${quote(`legend:${i}`)} [label=${quote(entry.text)}, ${STYLES[entry.kind]}];`));
  lines.push('  }', '}');
  return `${lines.join('\n')}\n`;
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
