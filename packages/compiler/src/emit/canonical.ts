import { createHash } from 'node:crypto';
import type { Graph } from '@samvad/runtime';
import type { UnhashedGraph } from '../lower/lower.js';
import { sha256OfPlainJson } from './hash-json.js';

/** Graphs built by `withHash`, whose keys are already sorted at every level (so `emitGraph` need not copy). */
const sortedGraphs = new WeakSet<Graph>();

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

/** `sha256:` + hex of the canonical JSON of the graph without `hash` and `sourceMap`. */
export function graphHash(graph: UnhashedGraph | Graph): string {
  return `sha256:${hashJson(sortKeys(graph) as Record<string, unknown>)}`;
}

/** The members of a graph its hash does not cover. */
const NOT_HASHED: ReadonlySet<string> = new Set(['hash', 'sourceMap']);

/**
 * Hex SHA-256 of `JSON.stringify` of `content` without its `hash` and `sourceMap` members, for
 * graphs not built by lowering (which may hold anything JSON.stringify accepts): stringified
 * member by member, as one stringify of a whole large graph returns a rope whose flattening,
 * before hashing, costs more than the stringify itself.
 */
function hashJson(content: Record<string, unknown>): string {
  const hash = createHash('sha256');
  let pending = '{';
  let first = true;
  for (const key of Object.keys(content)) {
    if (key === 'hash' || key === 'sourceMap') continue;
    const value = content[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
      pending += `${first ? '' : ','}${JSON.stringify(key)}:{`;
      first = false;
      const record = value as Record<string, unknown>;
      let firstMember = true;
      for (const name of Object.keys(record)) {
        const json = JSON.stringify(record[name]) as string | undefined;
        if (json === undefined) continue;
        pending += firstMember ? `${JSON.stringify(name)}:` : `,${JSON.stringify(name)}:`;
        firstMember = false;
        if (json.length < 256) {
          pending += json;
          continue;
        }
        hash.update(pending);
        hash.update(json);
        pending = '';
      }
      pending += '}';
      continue;
    }
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) continue;
    pending += `${first ? '' : ','}${JSON.stringify(key)}:${json}`;
    first = false;
  }
  return hash.update(`${pending}}`).digest('hex');
}

/**
 * Graphs whose keys were built in sorted order at every level (see `inSortedOrder`): `withHash`
 * uses them as they are instead of checking or copying them.
 */
const builtSorted = new WeakSet<object>();

/**
 * Marks a graph as built the way `lowerProgram` builds it: plain data only, the keys of every
 * object in sorted order and no `undefined` member. Hashing and emitting trust it instead of
 * walking the whole graph to check, and hash it without stringifying it (`sha256OfPlainJson`);
 * the lowering tests check that the promise holds.
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
  const lowered = builtSorted.has(graph);
  const sorted = (lowered ? graph : sortKeys(graph)) as Record<string, unknown>;
  const hash = `sha256:${lowered ? sha256OfPlainJson(sorted, NOT_HASHED) : hashJson(sorted)}`;
  const result: Record<string, unknown> = {};
  for (const key of [...Object.keys(sorted), 'hash'].sort()) result[key] = key === 'hash' ? hash : sorted[key];
  const graphWithHash = result as unknown as Graph;
  sortedGraphs.add(graphWithHash);
  return graphWithHash;
}

/** The graph as deterministic text: sorted keys, 2-space indentation, a trailing newline. */
export function emitGraph(graph: Graph): string {
  const text = sortedGraphs.has(graph) ? JSON.stringify(graph, null, 2) : canonicalJson(graph, 2);
  return `${text}\n`;
}
