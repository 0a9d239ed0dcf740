import type { Graph } from '@samvad/runtime';
import type { UnhashedGraph } from '../lower/lower.js';
import { sha256OfPlainJson } from './hash-json.js';

/** JSON with object keys sorted (arrays keep their order), `undefined` members dropped. */
export function canonicalJson(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeys(value), null, indent === 0 ? undefined : indent) ?? 'null';
}

/** A deep copy with the keys of every object in sorted order (arrays keep their order). */
function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    if (key === '__proto__') Object.defineProperty(sorted, key, { value: sortKeys(member), enumerable: true, writable: true, configurable: true });
    else sorted[key] = sortKeys(member);
  }
  return sorted;
}

/** The members of a graph its hash does not cover. */
const NOT_HASHED: ReadonlySet<string> = new Set(['hash', 'sourceMap']);

/**
 * `sha256:` + hex of the canonical JSON of the graph without `hash` and `sourceMap`, for a graph
 * from anywhere (JSON data): its sorted copy is plain data, which `sha256OfPlainJson` hashes.
 */
export function graphHash(graph: UnhashedGraph | Graph): string {
  return `sha256:${sha256OfPlainJson(sortKeys(graph) as Record<string, unknown>, NOT_HASHED)}`;
}

/**
 * Graphs whose keys are in sorted order at every level: those lowering builds (`inSortedOrder`)
 * and those `withHash` returns. Hashing and emitting use them as they are, without a sorted copy.
 */
const builtSorted = new WeakSet<object>();

/**
 * Marks a graph as built the way `lowerProgram` builds it: plain data only, the keys of every
 * object in sorted order and no `undefined` member. Hashing and emitting trust it instead of
 * walking the whole graph to check; the lowering tests check that the promise holds.
 */
export function inSortedOrder<T extends object>(graph: T): T {
  builtSorted.add(graph);
  return graph;
}

/**
 * Adds the content hash to a graph. A graph marked by `inSortedOrder` is used as it is; any other
 * is sorted once here, for hashing and emitting.
 */
export function withHash(graph: UnhashedGraph): Graph {
  const sorted = (builtSorted.has(graph) ? graph : sortKeys(graph)) as Record<string, unknown>;
  const hash = `sha256:${sha256OfPlainJson(sorted, NOT_HASHED)}`;
  const result: Record<string, unknown> = {};
  for (const key of [...Object.keys(sorted), 'hash'].sort()) result[key] = key === 'hash' ? hash : sorted[key];
  return inSortedOrder(result as unknown as Graph);
}

/** The graph as deterministic text: sorted keys, 2-space indentation, a trailing newline. */
export function emitGraph(graph: Graph): string {
  const text = builtSorted.has(graph) ? JSON.stringify(graph, null, 2) : canonicalJson(graph, 2);
  return `${text}\n`;
}
