/**
 * What to make of one attempt of a call, and when to try again. Retried: network errors, timeouts,
 * 408, 429 (after its `Retry-After` when given) and 5xx. Permanent: any other 4xx, and a 2xx whose
 * body is not a JSON object. Retries back off exponentially with jitter, up to a cap, for at most
 * `SAMVAD_CALL_ATTEMPTS` attempts in all. Pure.
 */
import type { CallResult } from '@samvad/runtime';
import { backoffMs } from '../send/classify.js';

/** How one attempt went, as the HTTP client saw it. */
export type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly text: string; readonly retryAfter?: string }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'network'; readonly detail: string };

/** What an attempt means. */
export type AttemptVerdict =
  | { readonly kind: 'ok'; readonly answer: Readonly<Record<string, unknown>> }
  /** Worth another attempt; `waitMs`: what the server asked for (429/503 `Retry-After`). */
  | { readonly kind: 'retry'; readonly reason: 'timeout' | 'error'; readonly detail: string; readonly waitMs?: number }
  | { readonly kind: 'permanent'; readonly detail: string };

/** Retry settings (`SAMVAD_CALL_ATTEMPTS`, `SAMVAD_CALL_BACKOFF_MS`). */
export interface CallRetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** The first retry waits about this long; each next one twice as long… */
  readonly baseMs: number;
  /** …up to this. */
  readonly capMs: number;
  readonly random?: () => number;
}

export const CALL_DEFAULTS = { attempts: 6, baseMs: 1_000, capMs: 60_000 } as const;
/** A `Retry-After` longer than this is not honoured as such (the backoff cap applies instead). */
const RETRY_AFTER_MAX_MS = 3_600_000;

const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text).replace(/\s+/g, ' ').trim();

/** `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, RETRY_AFTER_MAX_MS);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - now), RETRY_AFTER_MAX_MS);
}

/** Classifies one attempt. */
export function judgeAttempt(outcome: AttemptOutcome, now: number): AttemptVerdict {
  switch (outcome.kind) {
    case 'timeout':
      return { kind: 'retry', reason: 'timeout', detail: `no answer within ${outcome.afterMs} ms` };
    case 'network':
      return { kind: 'retry', reason: 'error', detail: outcome.detail };
    case 'response': {
      const { status, text } = outcome;
      if (status >= 200 && status < 300) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return { kind: 'permanent', detail: `HTTP ${status} with a body that is not JSON: ${clip(text) || '(empty)'}` };
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          return { kind: 'permanent', detail: `HTTP ${status} with JSON that is not an object: ${clip(text)}` };
        }
        return { kind: 'ok', answer: parsed as Record<string, unknown> };
      }
      const detail = `HTTP ${status}${text.trim() === '' ? '' : `: ${clip(text)}`}`;
      if (status === 408 || status === 429 || status >= 500) {
        const waitMs = status === 429 || status === 503 ? retryAfterMs(outcome.retryAfter, now) : undefined;
        return { kind: 'retry', reason: 'error', detail, ...(waitMs !== undefined ? { waitMs } : {}) };
      }
      return { kind: 'permanent', detail };
    }
    default: {
      const never: never = outcome;
      throw new Error(`unknown attempt outcome ${JSON.stringify(never)}`);
    }
  }
}

/** After an attempt: the call is finished with `result`, or tried again after `delayMs`. */
export type AfterAttempt =
  | { readonly kind: 'done'; readonly result: CallResult; readonly outcome: CallOutcome }
  | { readonly kind: 'retry'; readonly delayMs: number; readonly detail: string };

/**
 * How a call ended (the `outcome` label of `samvad_calls_total`, stored with the call).
 * `incomplete`: a 2xx JSON object without a field the call's `receive` reads (not retried: the
 * system answered, and a repeat gets the same answer back).
 */
export type CallOutcome = 'ok' | 'rejected' | 'timeout' | 'error' | 'incomplete';

/** Decides after the `attempts`-th attempt (counted from 1) judged `verdict`. */
export function afterAttempt(verdict: AttemptVerdict, attempts: number, policy: CallRetryPolicy): AfterAttempt {
  switch (verdict.kind) {
    case 'ok':
      return { kind: 'done', result: { ok: true, answer: verdict.answer }, outcome: 'ok' };
    case 'permanent':
      return { kind: 'done', result: { ok: false, reason: 'rejected', detail: verdict.detail }, outcome: 'rejected' };
    case 'retry': {
      if (attempts >= policy.attempts) {
        const detail = `${verdict.detail} (attempt ${attempts} of ${policy.attempts})`;
        return { kind: 'done', result: { ok: false, reason: verdict.reason, detail }, outcome: verdict.reason };
      }
      const backoff = backoffMs(attempts, policy.baseMs, policy.capMs, policy.random);
      return { kind: 'retry', delayMs: Math.max(backoff, verdict.waitMs ?? 0), detail: verdict.detail };
    }
    default: {
      const never: never = verdict;
      throw new Error(`unknown verdict ${JSON.stringify(never)}`);
    }
  }
}
