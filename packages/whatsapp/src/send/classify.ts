/**
 * What to do after a failed send, decided from Meta's error `code` (not the HTTP status, which
 * is only the fallback when no code came back). See the reference's §5.4 and §7.
 */

export type SendVerdict =
  /** Try again later: throughput/pair limits, maintenance, server and network trouble. */
  | { readonly kind: 'retry'; readonly scope: 'number' | 'recipient' | 'message' }
  /** The 24-hour customer-service window is closed: only a template could go out. */
  | { readonly kind: 'window-closed' }
  /** Will never succeed as sent: bad parameter, token, blocked user… Logged, not retried. */
  | { readonly kind: 'permanent' };

/** Throughput of the business number reached: back off the whole number. */
const NUMBER_LIMIT = new Set([130429, 4, 80007]);
/** Too many messages to one recipient: back off that recipient only. */
const PAIR_LIMIT = new Set([131056]);
/** Transient: maintenance (131057), unknown/temporary server trouble. */
const TRANSIENT = new Set([131057, 1, 2, 131016, 131000]);

/** Classifies a send failure. `code` is Meta's error code when the response carried one. */
export function classifySendFailure(httpStatus: number | undefined, code: number | undefined): SendVerdict {
  if (code !== undefined) {
    if (code === 131047) return { kind: 'window-closed' };
    if (NUMBER_LIMIT.has(code)) return { kind: 'retry', scope: 'number' };
    if (PAIR_LIMIT.has(code)) return { kind: 'retry', scope: 'recipient' };
    if (TRANSIENT.has(code)) return { kind: 'retry', scope: 'message' };
    if (httpStatus !== undefined && httpStatus >= 500) return { kind: 'retry', scope: 'message' };
    return { kind: 'permanent' };
  }
  // No code: a network error (no status) or a bare HTTP failure.
  if (httpStatus === undefined || httpStatus >= 500) return { kind: 'retry', scope: 'message' };
  if (httpStatus === 429) return { kind: 'retry', scope: 'number' };
  return { kind: 'permanent' };
}

/**
 * Exponential backoff with full jitter: a random delay in [base·2ⁿ/2, base·2ⁿ], capped.
 * `attempt` counts from 1 (the first retry). `random` is injected for tests.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What becomes of a row after a failed attempt. */
export type AfterFailure =
  /** Try again in `delayMs`; `scope` says who waits (the whole number, or this citizen). */
  | { readonly kind: 'retry'; readonly delayMs: number; readonly scope: 'number' | 'recipient' | 'message' }
  /** Give the row up: `failed` (permanent) or `window_closed` (Meta said so, or it closed while retrying). */
  | { readonly kind: 'end'; readonly state: 'failed' | 'window_closed'; readonly expired: boolean };

/** How retries are spaced: backoff from `baseMs`, doubling, capped at `capMs`. */
export interface RetryPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  readonly random: () => number;
}

/** The last try is made this long before the customer-service window closes. */
export const LAST_TRY_BEFORE_CLOSE_MS = 1_000;

/**
 * Decides after the `attempts`-th failed attempt: a retryable failure is retried, with capped
 * backoff, for as long as the reply can still be delivered — until `windowEnd` (ms; `undefined`
 * when unknown: retried). The last try is made just before the window closes.
 */
export function afterFailure(verdict: SendVerdict, attempts: number, now: number, windowEnd: number | undefined, policy: RetryPolicy): AfterFailure {
  switch (verdict.kind) {
    case 'retry': {
      const delay = backoffMs(attempts, policy.baseMs, policy.capMs, policy.random);
      if (windowEnd === undefined) return { kind: 'retry', delayMs: delay, scope: verdict.scope };
      const left = windowEnd - now;
      if (left <= LAST_TRY_BEFORE_CLOSE_MS) return { kind: 'end', state: 'window_closed', expired: true };
      return { kind: 'retry', delayMs: Math.min(delay, left - LAST_TRY_BEFORE_CLOSE_MS), scope: verdict.scope };
    }
    case 'window-closed':
      return { kind: 'end', state: 'window_closed', expired: false };
    case 'permanent':
      return { kind: 'end', state: 'failed', expired: false };
    default: {
      const never: never = verdict;
      throw new Error(`unknown verdict ${JSON.stringify(never)}`);
    }
  }
}

/** How a row is given up: what its mark stores, and the label counted in `samvad_outbound_failures_total`. */
export interface GivenUp {
  readonly state: 'failed' | 'window_closed';
  readonly code: number | null;
  readonly error: string;
  readonly metric: number | string;
}

/**
 * The mark and metric label for a row given up after `failure` (`next`: the `end` decision of
 * `afterFailure`) — the same for the SQLite and the PostgreSQL sender.
 */
export function givenUp(
  next: Extract<AfterFailure, { readonly kind: 'end' }>,
  failure: { readonly status?: number; readonly code?: number; readonly message: string },
): GivenUp {
  if (next.expired) {
    const why = `the 24-hour customer-service window closed while retrying (last error: ${failure.message})`;
    return { state: 'window_closed', code: failure.code ?? null, error: why, metric: 'window_closed' };
  }
  return { state: next.state, code: failure.code ?? null, error: failure.message, metric: failure.code ?? failure.status ?? 0 };
}
