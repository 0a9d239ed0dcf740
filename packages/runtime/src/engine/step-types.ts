/** The types of a `step`: its context, its result and the analytics event it reports. */
import type { MatchedBy } from '../match/choices.js';
import type { Session } from '../session/session.js';
import type { CallRequest, DataRequest, Outbound } from './types.js';

/** What happened in a step, for analytics. */
export type StepOutcome =
  /** A new conversation was greeted (first message, or after an end). */
  | 'start'
  /** A choice or command moved the citizen to a node (or re-rendered it). */
  | 'navigated'
  /** The message could name more than one service (or one only faintly): "Did you mean…?" was asked. */
  | 'asked'
  /** An input answer was accepted. */
  | 'answered'
  /** The input was not understood; a hint was given. */
  | 'invalid'
  /** Too many misses: home / help offered, or an input's `onFail` taken. */
  | 'too_many_retries'
  | 'help'
  | 'language'
  | 'restart'
  | 'unsupported'
  /** A data source's rows were shown. */
  | 'data'
  /** A data source failed; its fallback was taken. */
  | 'source_failed'
  /** The session was idle too long and started again. */
  | 'expired'
  /** The graph changed and the citizen's node vanished. */
  | 'moved'
  /** The stored session was unreadable (corrupt or another version) and was replaced. */
  | 'reset'
  /** A data or call result nobody was waiting for; nothing was said. */
  | 'stale'
  /** A call's answer came back: its `receive` fields were bound and its `then` node entered. */
  | 'called'
  /** A call failed (error, timeout, refused, retries used up, an answer without a `receive` field): its `fallback` node was entered. */
  | 'call_failed'
  /** A message came while a call was on its way: `call_waiting` was said and the session waits on. */
  | 'waiting';

/** Reported once per step (returned as `event` and passed to `onStep`). */
export interface StepEvent {
  /** The node the citizen is at after the step. */
  readonly node: string;
  readonly language: string;
  readonly matchedBy: MatchedBy;
  readonly outcome: StepOutcome;
  /** The static option the step chose, as `<menu>.<option>` (absent when none was chosen). */
  readonly chosen?: string;
  readonly userId?: string;
}

/** The step's environment: the clock and optional hooks; no IO. */
export interface StepContext {
  /** Epoch milliseconds. */
  readonly now: number;
  readonly userId?: string;
  /** Overrides `graph.settings.idleTimeoutMs`. */
  readonly idleTimeoutMs?: number;
  /** Called with the step's event (errors it throws are ignored). */
  readonly onStep?: (event: StepEvent) => void;
}

/** The result of a step: the new session, what to say, and possibly a data-source request or a call to make. */
export interface StepResult {
  readonly session: Session;
  readonly outbound: readonly Outbound[];
  /** When present, call the source and feed back `{ kind: 'data', requestId: request.id, result }`. */
  readonly request?: DataRequest;
  /** When present, the host makes the call and feeds back `{ kind: 'call', requestId: call.id, result }`. */
  readonly call?: CallRequest;
  readonly event: StepEvent;
}
