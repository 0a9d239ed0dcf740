/**
 * `call` nodes: entering one asks the host to send the node's fields to an endpoint (a
 * `CallRequest`, nothing said); the session waits for the result, binds the answer's fields
 * (`receive`) and moves on to `next`, or to `fallback` when the call failed.
 */
import type { CallNode } from '../graph/types.js';
import { interpolate } from '../match/interpolate.js';
import type { Turn } from './turn.js';
import { setVar, unsetVar } from './turn.js';

/** The per-attempt timeout when the graph does not declare the endpoint (integrity refuses such graphs). */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/** Asks for the node's call: the request for the host and the pending state that waits for it. */
export function startCall(turn: Turn, nodeId: string, node: CallNode): void {
  const fields: Record<string, string> = {};
  for (const [field, template] of Object.entries(node.send)) fields[field] = interpolate(template, turn.vars);
  const endpoint = Object.hasOwn(turn.graph.endpoints, node.endpoint) ? turn.graph.endpoints[node.endpoint] : undefined;
  const id = callId(turn, nodeId);
  turn.pending = { kind: 'call', id };
  turn.call = { id, endpoint: node.endpoint, node: nodeId, fields, timeoutMs: endpoint?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS };
}

/**
 * `<node>:<now in base 36>`, made unique against the call answered in this same step (a
 * fallback that leads back to the same call within one turn would otherwise repeat the id,
 * and the old result could be taken for the new one's).
 */
function callId(turn: Turn, nodeId: string): string {
  const base = `${nodeId}:${turn.now.toString(36)}`;
  const last = turn.answered;
  if (last === undefined) return base;
  if (last === base) return `${base}.1`;
  if (last.startsWith(`${base}.`)) return `${base}.${Number(last.slice(base.length + 1)) + 1}`;
  return base;
}

/**
 * Binds the answer's `receive` paths into variables. A path that is missing (or `null`) leaves
 * its variable unset, so an earlier value never passes for this answer's.
 */
export function bindAnswer(turn: Turn, node: CallNode, answer: Readonly<Record<string, unknown>>): void {
  for (const [variable, path] of Object.entries(node.receive)) {
    const value = answerValue(answer, path);
    if (value === undefined) unsetVar(turn, variable);
    else setVar(turn, variable, value);
  }
}

/**
 * The text of the answer's field at a dotted path (`reference`, `data.ref`, `items.0.id`):
 * strings as they are, numbers and booleans as JSON writes them, objects and arrays as JSON;
 * undefined when the path leads nowhere or to `null`. Only the answer's own fields are read.
 */
export function answerValue(answer: Readonly<Record<string, unknown>>, path: string): string | undefined {
  let current: unknown = answer;
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  switch (typeof current) {
    case 'string':
      return current;
    case 'number':
    case 'boolean':
      return String(current);
    case 'object':
      return current === null ? undefined : JSON.stringify(current);
    default:
      return undefined;
  }
}
