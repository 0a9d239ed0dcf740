import type { Graph, GraphBlock, GraphCondition, GraphNode, LocalizedText } from '@samvad/runtime';

/** What a picture draws for a node. */
export type PictureKind = 'menu' | 'page' | 'input' | 'branch' | 'goto' | 'end' | 'call' | 'source' | 'endpoint';

export interface PictureNode {
  readonly id: string;
  readonly kind: PictureKind;
  /** Id, then a short line of text in the picture's language. */
  readonly label: string;
  readonly start: boolean;
}

export interface PictureEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** Dashed: not a citizen's choice (fallbacks, data, `then home`). */
  readonly dashed: boolean;
}

/** A graph reduced to what its pictures show (shared by Mermaid and DOT). */
export interface Picture {
  readonly nodes: readonly PictureNode[];
  readonly edges: readonly PictureEdge[];
  readonly language: string;
}

/** Legend texts per kind, in the order the legend lists them. */
export const LEGEND: readonly { readonly kind: PictureKind; readonly text: string }[] = [
  { kind: 'menu', text: 'menu' },
  { kind: 'page', text: 'page' },
  { kind: 'input', text: 'input' },
  { kind: 'branch', text: 'branch' },
  { kind: 'goto', text: 'goto' },
  { kind: 'call', text: 'call' },
  { kind: 'source', text: 'data source' },
  { kind: 'endpoint', text: 'endpoint' },
  { kind: 'end', text: 'end' },
];

/** Kinds the legend lists only when the picture has one (a bot without calls keeps its legend). */
const OPTIONAL_IN_LEGEND: ReadonlySet<PictureKind> = new Set<PictureKind>(['call', 'endpoint']);

/** The legend of one picture: every kind of LEGEND, but calls and endpoints only when it draws some. */
export function legendOf(picture: Picture): readonly { readonly kind: PictureKind; readonly text: string }[] {
  const drawn = new Set(picture.nodes.map((n) => n.kind));
  return LEGEND.filter((entry) => !OPTIONAL_IN_LEGEND.has(entry.kind) || drawn.has(entry.kind));
}

const MAX_LABEL = 32;

/** Builds the picture of a graph: labels in English when the bot has it, else its default language. */
export function pictureOf(graph: Graph): Picture {
  const language = graph.languages.some((l) => l.code === 'en') ? 'en' : (graph.languages[0]?.code ?? 'en');
  const pick = (text: LocalizedText | undefined) => short(text?.[language] ?? '');
  const nodes: PictureNode[] = [];
  const edges: PictureEdge[] = [];
  const usedSources = new Set<string>();
  const usedEndpoints = new Set<string>();
  for (const id of Object.keys(graph.nodes).sort()) {
    const node = graph.nodes[id] as GraphNode;
    const kind: PictureKind = node.kind === 'branch' && node.cases.length === 0 ? 'goto' : node.kind;
    nodes.push({ id, kind, label: [id, summary(node, pick)].filter((s) => s !== '').join('\n'), start: id === graph.start });
    switch (node.kind) {
      case 'menu':
        for (const option of node.options) edges.push({ from: id, to: option.target, label: `${option.number}. ${pick(option.label)}`, dashed: false });
        if (node.dynamic !== undefined) {
          const source = `source:${node.dynamic.source}`;
          usedSources.add(node.dynamic.source);
          edges.push({ from: source, to: id, label: 'rows', dashed: true });
          edges.push({ from: id, to: node.dynamic.target, label: `row: ${pick(node.dynamic.title)}`, dashed: false });
          edges.push({ from: id, to: node.dynamic.fallback, label: 'fallback', dashed: true });
        }
        break;
      case 'page':
        if (node.then.kind === 'next') edges.push({ from: id, to: node.then.target, label: 'next', dashed: false });
        if (node.then.kind === 'home') edges.push({ from: id, to: graph.start, label: 'home', dashed: true });
        break;
      case 'input':
        edges.push({ from: id, to: node.next, label: `${node.variable} ✓`, dashed: false });
        edges.push({ from: id, to: node.onFail, label: `${node.retries} wrong`, dashed: true });
        break;
      case 'branch':
        for (const c of node.cases) edges.push({ from: id, to: c.target, label: short(condition(c.when)), dashed: false });
        edges.push({ from: id, to: node.otherwise, label: node.cases.length === 0 ? '' : 'else', dashed: false });
        break;
      case 'end':
        break;
      case 'call':
        usedEndpoints.add(node.endpoint);
        edges.push({ from: id, to: `endpoint:${node.endpoint}`, label: 'sends', dashed: true });
        edges.push({ from: id, to: node.next, label: 'answered', dashed: false });
        edges.push({ from: id, to: node.fallback, label: 'fallback', dashed: true });
        break;
      default: {
        const never: never = node;
        throw new Error(`unexpected node ${String(never)}`);
      }
    }
  }
  for (const source of [...usedSources].sort()) nodes.push({ id: `source:${source}`, kind: 'source', label: source, start: false });
  for (const endpoint of [...usedEndpoints].sort()) nodes.push({ id: `endpoint:${endpoint}`, kind: 'endpoint', label: endpoint, start: false });
  return { nodes, edges, language };
}

function summary(node: GraphNode, pick: (t: LocalizedText | undefined) => string): string {
  switch (node.kind) {
    case 'menu':
    case 'input':
      return pick(node.text);
    case 'page': {
      const first = node.blocks[0];
      return first === undefined ? '' : blockSummary(first, pick);
    }
    case 'end':
      return pick(node.text);
    case 'branch':
      return '';
    case 'call':
      return `→ ${node.endpoint}`;
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}

function blockSummary(block: GraphBlock, pick: (t: LocalizedText | undefined) => string): string {
  switch (block.kind) {
    case 'bullets':
      return pick(block.items[0]);
    case 'text':
    case 'fee':
    case 'time':
      return pick(block.text);
    case 'link':
    case 'button':
      return pick(block.label);
    case 'media':
      return block.caption === undefined ? `[${block.mediaType}]` : pick(block.caption);
    default: {
      const never: never = block;
      throw new Error(`unexpected block ${String(never)}`);
    }
  }
}

function condition(c: GraphCondition): string {
  switch (c.kind) {
    case 'compare':
      return `${c.variable} ${c.op} ${JSON.stringify(c.value)}`;
    case 'isSet':
      return c.variable;
    case 'not':
      return `not ${condition(c.operand)}`;
    case 'and':
    case 'or':
      return `${condition(c.left)} ${c.kind} ${condition(c.right)}`;
    default: {
      const never: never = c;
      throw new Error(`unexpected condition ${String(never)}`);
    }
  }
}

/** First line of a text, without WhatsApp markup, cut to a readable length. */
export function short(text: string): string {
  const line = (text.split('\n')[0] ?? '').replace(/[*_~]/g, '').trim();
  const chars = [...line];
  return chars.length <= MAX_LABEL ? line : `${chars.slice(0, MAX_LABEL - 1).join('')}…`;
}
