/**
 * What the call worker needs of a store (SQLite: calls/sqlite-calls.ts; PostgreSQL:
 * pg/calls/pg-calls.ts). A call is inserted by the turn that asked for it (in that turn's
 * transaction), claimed for one attempt at a time under a lease (its attempt counted first), and
 * finished by ONE transaction that marks it done and stores the inbound row carrying its result.
 */
import type { CallResult } from '@samvad/runtime';
import type { CallOutcome } from './policy.js';

/** A call claimed for one attempt. */
export interface ClaimedCall {
  /** The idempotency key. */
  readonly key: string;
  /** The business number whose bot made the call. */
  readonly numberId: string;
  readonly citizen: string;
  readonly endpoint: string;
  readonly requestId: string;
  /** The exact JSON to post. */
  readonly body: string;
  readonly timeoutMs: number;
  /** Attempts so far, this one included. */
  readonly attempts: number;
  /** When the call was made (ms). */
  readonly createdAt: number;
  /** WhatsApp's timestamp (ms) of the message whose turn made the call (see calls/call-message.ts). */
  readonly windowStart: number;
}

/** How a finished call is recorded. */
export interface CallFinish {
  readonly result: CallResult;
  readonly outcome: CallOutcome;
  /** The last failure, when there was one. */
  readonly error?: string;
  /** What the system answered when the call failed all the same (`incomplete`), kept for operators. */
  readonly answer?: Readonly<Record<string, unknown>>;
}

/** Pending calls, for `/healthz`. */
export interface CallBacklog {
  readonly pending: number;
  /** When the oldest pending call was made (ms), if one is pending. */
  readonly oldestAt: number | undefined;
}

/** A store of durable calls. */
export interface CallStore {
  /** Claims at most `limit` due calls: each gets its attempt counted and a lease of its timeout plus `graceMs`. */
  claimDue(limit: number, graceMs: number): Promise<ClaimedCall[]>;
  /** Hands a claimed call back, due again in `delayMs`. */
  retryLater(call: ClaimedCall, delayMs: number, error: string): Promise<void>;
  /**
   * Marks the call done and stores the inbound row (`samvad-call:<key>`) that feeds its result to
   * the citizen's conversation, in one transaction. Resolves with what was stored, for processing;
   * `undefined` when the call was already done (finished elsewhere).
   */
  finish(call: ClaimedCall, finish: CallFinish): Promise<FinishedCall | undefined>;
  /** In how many ms the next pending call is due or its lease runs out (0: now); undefined when none is pending. */
  nextDueInMs(): Promise<number | undefined>;
}

/** The inbound row a finished call stored. */
export interface FinishedCall {
  readonly seq: number;
  /** The stored message (JSON of an `InboundMessage`). */
  readonly json: string;
}

/** The `answer` column of a finished call: the answer of an `ok` call, or the one an `incomplete` call got; else null. */
export function storedAnswer(finish: CallFinish): string | null {
  if (finish.result.ok) return JSON.stringify(finish.result.answer);
  return finish.answer === undefined ? null : JSON.stringify(finish.answer);
}
