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
