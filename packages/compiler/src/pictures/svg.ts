import type { instance } from '@viz-js/viz';
import type { Graph } from '@samvad/runtime';
import { toDot } from './dot.js';

let viz: ReturnType<typeof instance> | undefined;

/** The graph as SVG, laid out by Graphviz compiled to WebAssembly (`@viz-js/viz`, no system Graphviz). */
export async function toSvg(graph: Graph): Promise<string> {
  // Graphviz (WebAssembly) is loaded on the first picture, not by every `samvad` start.
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return (await viz).renderString(toDot(graph), { format: 'svg', engine: 'dot' });
}
