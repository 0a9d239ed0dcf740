/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The bot's map: `samvad graph`'s SVG (Graphviz), with the preview's current node and the path
 * it took highlighted; clicking a node opens its definition in the editor.
 */
import type { GraphResponse } from '../shared/api.js';
import { call, el } from './api.js';

/** The graph view. */
export class GraphPanel {
  private readonly box: HTMLElement;
  private readonly notice: HTMLElement;
  private sources: GraphResponse['sources'] = {};
  private marked: { node: string; path: readonly string[] } = { node: '', path: [] };

  constructor(
    root: HTMLElement,
    private readonly openSource: (path: string, line: number) => void,
  ) {
    this.notice = el('div', { class: 'notice' });
    this.box = el('div', { class: 'graph', 'data-testid': 'graph' });
    const refresh = el('button', { type: 'button' }, '↻ Redraw');
    refresh.addEventListener('click', () => void this.load());
    root.append(el('div', { class: 'panel-bar' }, refresh, el('span', { class: 'hint' }, 'Click a node to open its source.')), this.notice, this.box);
  }

  /** Draws the current text's map. */
  async load(): Promise<void> {
    try {
      const graph = await call<GraphResponse>('/api/graph');
      this.sources = graph.sources;
      this.box.innerHTML = graph.svg;
      this.notice.textContent = graph.notice ?? '';
      for (const node of this.nodes()) {
        const id = node.id;
        node.element.addEventListener('click', () => {
          const at = this.sources[id];
          if (at !== undefined) this.openSource(at.path, at.line);
        });
      }
      this.highlight(this.marked.node, this.marked.path);
    } catch (error) {
      this.notice.textContent = error instanceof Error ? error.message : String(error);
    }
  }

  /** Marks the current node and the nodes of the path taken. */
  highlight(node: string, path: readonly string[]): void {
    this.marked = { node, path };
    const onPath = new Set(path);
    for (const n of this.nodes()) {
      n.element.classList.toggle('current', n.id === node);
      n.element.classList.toggle('visited', onPath.has(n.id) && n.id !== node);
    }
  }

  /** The SVG's node groups (`<g class="node"><title>id</title>…`), with their node ids. */
  private nodes(): { id: string; element: SVGGElement }[] {
    return [...this.box.querySelectorAll<SVGGElement>('g.node')]
      .map((element) => ({ id: element.querySelector('title')?.textContent ?? '', element }))
      .filter((n) => n.id !== '' && !n.id.startsWith('legend:'));
  }
}
