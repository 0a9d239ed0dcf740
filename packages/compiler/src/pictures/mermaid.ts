import type { Graph } from '@samvad/runtime';
import { legendOf, pictureOf } from './model.js';
import type { PictureKind } from './model.js';

const SHAPES: Readonly<Record<PictureKind, readonly [string, string]>> = {
  menu: ['[', ']'],
  page: ['[/', '/]'],
  input: ['[[', ']]'],
  branch: ['{', '}'],
  goto: ['>', ']'],
  end: ['([', '])'],
  call: ['{{', '}}'],
  endpoint: ['((', '))'],
  source: ['[(', ')]'],
};

const CLASSES: Readonly<Record<PictureKind, string>> = {
  menu: 'fill:#dbeafe,stroke:#1d4ed8',
  page: 'fill:#dcfce7,stroke:#15803d',
  input: 'fill:#fef9c3,stroke:#a16207',
  branch: 'fill:#f3e8ff,stroke:#7e22ce',
  goto: 'fill:#f1f5f9,stroke:#475569',
  end: 'fill:#fee2e2,stroke:#b91c1c',
  call: 'fill:#ccfbf1,stroke:#0f766e',
  endpoint: 'fill:#e0e7ff,stroke:#4338ca',
  source: 'fill:#ffedd5,stroke:#c2410c',
};

/**
 * The graph as a Mermaid flowchart (left to right): one shape and colour per node kind, edges
 * labelled with the option number and its English (or default-language) label, and a legend.
 */
export function toMermaid(graph: Graph): string {
  const picture = pictureOf(graph);
  const ids = new Map(picture.nodes.map((n, i) => [n.id, `n${i}`]));
  const idOf = (id: string) => ids.get(id) ?? `missing_${id.replace(/\W/g, '_')}`;
  const lines = ['flowchart LR'];
  for (const node of picture.nodes) {
    const [open, close] = SHAPES[node.kind];
    lines.push(`  ${idOf(node.id)}${open}"${escape(node.start ? `▶ ${node.label}` : node.label)}"${close}`);
  }
  for (const edge of picture.edges) {
    const arrow = edge.dashed ? '-.->' : '-->';
    lines.push(`  ${idOf(edge.from)} ${arrow}${edge.label === '' ? '' : `|"${escape(edge.label)}"|`} ${idOf(edge.to)}`);
  }
  lines.push('  subgraph legend [Legend]');
  const legend = legendOf(picture);
  legend.forEach((entry, i) => {
    const [open, close] = SHAPES[entry.kind];
    lines.push(`    legend${i}${open}"${entry.text}"${close}`);
  });
  lines.push('  end');
  const kinds = (Object.keys(CLASSES) as PictureKind[]).filter((kind) => legend.some((e) => e.kind === kind));
  for (const kind of kinds) lines.push(`  classDef ${kind} ${CLASSES[kind]}`);
  for (const kind of kinds) {
    const members = [
      ...picture.nodes.filter((n) => n.kind === kind).map((n) => idOf(n.id)),
      ...legend.flatMap((e, i) => (e.kind === kind ? [`legend${i}`] : [])),
    ];
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${kind}`);
  }
  return `${lines.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/\n/g, '<br/>');
}
