/**
 * Answers that are not typed text: a data source's rows, a call's result, a photo, document,
 * location or contact; and the replies every kind of wrong answer shares (an input's retry, the
 * `unsupported` note).
 */
import type { InputNode } from '../graph/types.js';
import type { MatchedBy } from '../match/choices.js';
import { attachmentVars, wantsAttachment } from './attachment.js';
import type { Attachment } from './attachment.js';
import { bindAnswer } from './call.js';
import { enter, show } from './navigate.js';
import { keepRows } from './rows.js';
import type { StepOutcome } from './step-types.js';
import { message, pushHistory, say, sayText, setVar, unsetVar } from './turn.js';
import type { Turn } from './turn.js';
import type { CallResult, DataResult } from './types.js';

/** What a step decided, for its event. */
export interface Verdict {
  readonly outcome: StepOutcome;
  readonly matchedBy: MatchedBy;
}

/** A message the node cannot read: the polite note, and the node again. */
export function unsupported(turn: Turn): Verdict {
  sayText(turn, message(turn, 'unsupported'));
  show(turn);
  return { outcome: 'unsupported', matchedBy: 'none' };
}

/** The input node the citizen is answering (no overlay showing) when `wanted` holds for it. */
export function atInput(turn: Turn, wanted: (node: InputNode) => boolean): InputNode | undefined {
  const node = turn.graph.nodes[turn.node];
  return node?.kind === 'input' && turn.pending === undefined && wanted(node) ? node : undefined;
}

/**
 * A photo, document, location or contact: the answer to an input that wants that kind, a wrong
 * answer at an input that wants another kind, and the `unsupported` note anywhere else.
 */
export function handleAttachment(turn: Turn, inbound: Attachment): Verdict {
  const node = atInput(turn, () => true);
  if (node === undefined || !wantsAttachment(node.validate)) return unsupported(turn);
  const vars = attachmentVars(inbound, node.variable, node.validate);
  if (vars === undefined) return inputMiss(turn);
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) unsetVar(turn, name);
    else setVar(turn, name, value);
  }
  pushHistory(turn, turn.node);
  enter(turn, node.next);
  return { outcome: 'answered', matchedBy: 'none' };
}

/** The result of a call: bind the answer and go on, or take the fallback; 'stale' when nobody waits for it. */
export function handleCall(turn: Turn, requestId: string, result: CallResult): Verdict {
  const node = turn.graph.nodes[turn.node];
  if (turn.pending?.kind !== 'call' || turn.pending.id !== requestId || node?.kind !== 'call') {
    return { outcome: 'stale', matchedBy: 'none' };
  }
  turn.answered = requestId;
  // The call node is never remembered for `back`: going back must not send it again.
  // A result from storage or a host is not trusted: anything but `{ ok: true, answer: {…} }` failed.
  const answer = isAnswer(result) ? result.answer : undefined;
  if (answer === undefined) {
    enter(turn, node.fallback);
    return { outcome: 'call_failed', matchedBy: 'none' };
  }
  if (bindAnswer(turn, node, answer) !== undefined) {
    // An answer without a `receive` field would show the citizen an empty value: a failed call.
    enter(turn, node.fallback);
    return { outcome: 'call_failed', matchedBy: 'none' };
  }
  enter(turn, node.next);
  return { outcome: 'called', matchedBy: 'none' };
}

function isAnswer(result: unknown): result is Extract<CallResult, { ok: true }> {
  if (typeof result !== 'object' || result === null) return false;
  const { ok, answer } = result as { ok?: unknown; answer?: unknown };
  return ok === true && typeof answer === 'object' && answer !== null && !Array.isArray(answer);
}

/** A data source's result: its rows shown, or `source_failed` and the fallback; 'stale' when nobody waits for it. */
export function handleData(turn: Turn, requestId: string, result: DataResult): Verdict {
  const node = turn.graph.nodes[turn.node];
  if (turn.pending?.kind !== 'data' || turn.pending.id !== requestId || node?.kind !== 'menu' || node.dynamic === undefined) {
    return { outcome: 'stale', matchedBy: 'none' };
  }
  if (!result.ok) {
    sayText(turn, message(turn, 'source_failed'));
    enter(turn, node.dynamic.fallback);
    return { outcome: 'source_failed', matchedBy: 'none' };
  }
  turn.pending = { kind: 'rows', rows: keepRows(turn.graph, node.dynamic, result.items) };
  show(turn);
  return { outcome: 'data', matchedBy: 'none' };
}

/** A wrong answer to the input at the turn's node: its retry text, or after too many, its `onFail`. */
export function inputMiss(turn: Turn): Verdict {
  const node = turn.graph.nodes[turn.node];
  if (node?.kind !== 'input') return unsupported(turn);
  turn.misses += 1;
  if (turn.misses >= node.retries) {
    enter(turn, node.onFail);
    return { outcome: 'too_many_retries', matchedBy: 'none' };
  }
  sayText(turn, say(turn, node.retry));
  return { outcome: 'invalid', matchedBy: 'none' };
}
