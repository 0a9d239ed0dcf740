import { createHash } from 'node:crypto';
import type { Graph } from '@samvad/runtime';
import type { UnhashedGraph } from '../lower/lower.js';

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
  return hashOfSorted(sortKeys(graph) as Record<string, unknown>);
}

function hashOfSorted(sorted: Record<string, unknown>): string {
  const content: Record<string, unknown> = { ...sorted };
  delete content.hash;
  delete content.sourceMap;
  return `sha256:${hashJson(content)}`;
}

/**
 * Hex SHA-256 of `JSON.stringify(content)`, fed to the hash in pieces: the members of each
 * top-level object are stringified one by one (a single stringify of a large graph builds one
 * huge string that costs more to hash than many small ones).
 */
function hashJson(content: Record<string, unknown>): string {
  const hash = createHash('sha256');
  let pending = '{';
  let first = true;
  for (const key of Object.keys(content)) {
    const value = content[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
      pending += `${first ? '' : ','}${JSON.stringify(key)}:{`;
      first = false;
      let firstMember = true;
      for (const [name, member] of Object.entries(value)) {
        const json = JSON.stringify(member) as string | undefined;
        if (json === undefined) continue;
        pending += `${firstMember ? '' : ','}${JSON.stringify(name)}:${json}`;
        firstMember = false;
        if (pending.length > 16_384) {
          hash.update(pending);
          pending = '';
        }
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

/** True when every object's keys are in sorted order and no member is `undefined` (no copy needed). */
function isCanonical(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return value !== undefined;
  if (Array.isArray(value)) {
    for (const item of value) if (!isCanonical(item)) return false;
    return true;
  }
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && previous >= key) return false;
    if (!isCanonical((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
}

/**
 * Adds the content hash to a lowered graph. Lowering builds objects with sorted keys, so usually
 * no sorted copy is needed; any other graph is sorted once here, for hashing and emitting.
 */
export function withHash(graph: UnhashedGraph): Graph {
  const sorted = (isCanonical(graph) ? graph : sortKeys(graph)) as Record<string, unknown>;
  const hash = hashOfSorted(sorted);
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
