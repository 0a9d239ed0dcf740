/**
 * The session: plain, compact JSON that says where a citizen is. The engine never trusts a
 * stored session: `readSession` checks its shape and version before use.
 */
import { SESSION_VERSION } from '../engine/types.js';
import type { DataItem } from '../engine/types.js';

/** What the session is waiting for, beyond an answer to its node. */
export type Pending =
  /** A data-source call was requested for the dynamic menu at `node`. */
  | { readonly kind: 'data'; readonly id: string }
  /** A `call` was requested at the session's node; its answer has not come back yet. */
  | { readonly kind: 'call'; readonly id: string }
  /** The dynamic menu at the session's node is showing these rows. */
  | { readonly kind: 'rows'; readonly rows: readonly DataItem[] }
  /** The language menu is showing. */
  | { readonly kind: 'language' }
  /** The "too many retries" menu (home / help) is showing. */
  | { readonly kind: 'stuck' }
  /** The conversation ended: the next message starts again. */
  | { readonly kind: 'ended' }
  /** A "Did you mean…?" question is showing: reply ids (`<menu>/<option>`) of the services offered. */
  | { readonly kind: 'ask'; readonly choices: readonly string[] };

/** A citizen's place in a conversation. Plain JSON; a typical one is a few hundred bytes. */
export interface Session {
  readonly v: typeof SESSION_VERSION;
  /** The node the citizen is at. */
  readonly node: string;
  /** Language code. */
  readonly lang: string;
  readonly vars: Readonly<Record<string, string>>;
  /** Nodes to go back to, oldest first (capped at `HISTORY_LIMIT`). */
  readonly history: readonly string[];
  /** The hash of the graph the session was last used with. */
  readonly graphHash: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Wrong answers in a row at this node. */
  readonly misses: number;
  readonly pending?: Pending;
}

/** The most `back` steps a session remembers. */
export const HISTORY_LIMIT = 20;

/** Why a stored value could not be used as a session. */
export type SessionProblem = 'corrupt' | 'version';

/** Checks an untrusted value (e.g. from a store) and returns it as a session, or why not. */
export function readSession(value: unknown): { ok: true; session: Session } | { ok: false; problem: SessionProblem } {
  const checked = checkSession(value);
  return typeof checked === 'string' ? { ok: false, problem: checked } : { ok: true, session: checked };
}

/**
 * A session made by `step` itself. It is a plain data object (same fields, same JSON) whose class
 * marks it as already checked, so handing it straight back to `step` skips the shape check; a
 * session read from a store, parsed from JSON or built by hand is a plain object and is checked.
 */
export class EngineSession implements Session {
  readonly v: typeof SESSION_VERSION;
  readonly node: string;
  readonly lang: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly history: readonly string[];
  readonly graphHash: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly misses: number;
  declare readonly pending?: Pending;

  constructor(
    node: string,
    lang: string,
    vars: Readonly<Record<string, string>>,
    history: readonly string[],
    graphHash: string,
    createdAt: number,
    updatedAt: number,
    misses: number,
    pending: Pending | undefined,
  ) {
    this.v = SESSION_VERSION;
    this.node = node;
    this.lang = lang;
    this.vars = vars;
    this.history = history;
    this.graphHash = graphHash;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
    this.misses = misses;
    // Absent rather than undefined, like a session read back from JSON.
    if (pending !== undefined) (this as { pending?: Pending }).pending = pending;
  }
}

/** `readSession` without the wrapper object: the session, or the problem. */
export function checkSession(value: unknown): Session | SessionProblem {
  if (value instanceof EngineSession) return value;
  if (!isRecord(value)) return 'corrupt';
  if (value['v'] !== SESSION_VERSION) return 'version';
  const history = value['history'];
  if (!Array.isArray(history)) return 'corrupt';
  for (const entry of history) if (typeof entry !== 'string') return 'corrupt';
  const ok =
    typeof value['node'] === 'string' &&
    typeof value['lang'] === 'string' &&
    isStringRecord(value['vars']) &&
    typeof value['graphHash'] === 'string' &&
    Number.isFinite(value['createdAt']) &&
    Number.isFinite(value['updatedAt']) &&
    Number.isInteger(value['misses']) &&
    (value['pending'] === undefined || isPending(value['pending']));
  return ok ? (value as unknown as Session) : 'corrupt';
}

function isPending(value: unknown): value is Pending {
  if (!isRecord(value)) return false;
  switch (value['kind']) {
    case 'data':
    case 'call':
      return typeof value['id'] === 'string';
    case 'rows':
      return (
        Array.isArray(value['rows']) &&
        value['rows'].every((row) => isRecord(row) && typeof row['id'] === 'string' && isStringRecord(row['fields']))
      );
    case 'ask':
      return Array.isArray(value['choices']) && value['choices'].every((id) => typeof id === 'string');
    case 'language':
    case 'stuck':
    case 'ended':
      return true;
    default:
      return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  if (!isRecord(value)) return false;
  for (const key in value) if (typeof value[key] !== 'string') return false;
  return true;
}
