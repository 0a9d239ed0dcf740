import { createHash } from 'node:crypto';
import type { Graph } from '@samvad/runtime';
import type { UnhashedGraph } from '../lower/lower.js';

/** JSON with object keys sorted (arrays keep their order), `undefined` members dropped. */
export function canonicalJson(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeys(value), null, indent === 0 ? undefined : indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeys(member);
  }
  return sorted;
}

/** `sha256:` + hex of the canonical JSON of the graph without `hash` and `sourceMap`. */
export function graphHash(graph: UnhashedGraph | Graph): string {
  const { sourceMap: _sourceMap, ...rest } = graph;
  const content: Record<string, unknown> = { ...rest };
  delete content.hash;
  return `sha256:${createHash('sha256').update(canonicalJson(content)).digest('hex')}`;
}

/** Adds the content hash to a lowered graph. */
export function withHash(graph: UnhashedGraph): Graph {
  return { ...graph, hash: graphHash(graph) };
}

/** The graph as deterministic text: sorted keys, 2-space indentation, a trailing newline. */
export function emitGraph(graph: Graph): string {
  return `${canonicalJson(graph, 2)}\n`;
}
