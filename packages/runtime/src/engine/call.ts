/**
 * `call` nodes: entering one asks the host to send the node's fields to an endpoint (a
 * `CallRequest`, nothing said); the session waits for the result, binds the answer's fields
 * (`receive`) and moves on to `next`, or to `fallback` when the call failed — which includes an
 * answer that lacks a `receive` path or has an object or a list where a text is needed.
 */
import type { CallNode } from '../graph/types.js';
import { interpolate } from '../match/interpolate.js';
import type { Turn } from './turn.js';
import { setVar } from './turn.js';
import type { CallResult } from './types.js';

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

/** Why an answer cannot be bound: a `receive` path it lacks, or one that leads to no text. */
export interface AnswerGap {
  /** The `receive` path, as written (`reference`, `data.ref`). */
  readonly path: string;
  /** The variable the path was to set. */
  readonly variable: string;
  /** `missing`: absent or `null`; `not_text`: an object or a list where a text is needed. */
  readonly problem: 'missing' | 'not_text';
}

/**
 * The first `receive` path (in the node's order) that `answer` cannot fill, or undefined when it
 * fills them all. A call whose answer has a gap failed: the citizen would otherwise read an empty
 * or garbled value ("your reference is ."), so the conversation takes the `fallback`.
 */
export function answerGap(receive: Readonly<Record<string, string>>, answer: Readonly<Record<string, unknown>>): AnswerGap | undefined {
  for (const [variable, path] of Object.entries(receive)) {
    const value = answerAt(answer, path);
    if (value === undefined || value === null) return { path, variable, problem: 'missing' };
    if (typeof value === 'object') return { path, variable, problem: 'not_text' };
  }
  return undefined;
}

/** One line for logs, the simulator and the stored result: which path, and what was wrong with it (never its value). */
export function describeAnswerGap(gap: AnswerGap): string {
  const what = gap.problem === 'missing' ? `has no "${gap.path}"` : `has "${gap.path}" as an object or a list, not a text`;
  return `the answer ${what} (receive ${gap.path} -> ${gap.variable})`;
}

/**
 * The failed result for an answer with a gap (`reason: 'incomplete'`): what serve stores and the
 * simulator shows, so every host fails such a call the same way.
 */
export function incompleteResult(gap: AnswerGap): CallResult {
  return { ok: false, reason: 'incomplete', detail: describeAnswerGap(gap) };
}

/**
 * Binds the answer's `receive` paths into variables; returns the gap instead (binding nothing)
 * when one of them cannot be filled (see `answerGap`).
 */
export function bindAnswer(turn: Turn, node: CallNode, answer: Readonly<Record<string, unknown>>): AnswerGap | undefined {
  const gap = answerGap(node.receive, answer);
  if (gap !== undefined) return gap;
  for (const [variable, path] of Object.entries(node.receive)) {
    const value = answerValue(answer, path);
    if (value !== undefined) setVar(turn, variable, value);
  }
  return undefined;
}

/**
 * The text of the answer's field at a dotted path (`reference`, `data.ref`, `items.0.id`):
 * strings as they are, numbers and booleans as JSON writes them; undefined when the path leads
 * nowhere, to `null`, or to an object or a list (which is no text to show). Only the answer's own
 * fields are read.
 */
export function answerValue(answer: Readonly<Record<string, unknown>>, path: string): string | undefined {
  const current = answerAt(answer, path);
  switch (typeof current) {
    case 'string':
      return current;
    case 'number':
    case 'boolean':
      return String(current);
    default:
      return undefined;
  }
}

/** The JSON value at a dotted path of the answer; undefined when the path leads nowhere. */
function answerAt(answer: Readonly<Record<string, unknown>>, path: string): unknown {
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
  return current;
}
