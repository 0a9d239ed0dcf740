/**
 * The call worker's operator settings, read from the environment by the processing worker (which
 * inherits the server's environment). `loadConfig` checks the same variables at start-up, so an
 * invalid value stops `samvad serve` with a message before the worker reads it.
 */
import type { CallRetryPolicy } from './policy.js';
import { CALL_DEFAULTS } from './policy.js';

/** Attempts per call in all, the first included (`SAMVAD_CALL_ATTEMPTS`). */
export const CALL_ATTEMPTS_VAR = 'SAMVAD_CALL_ATTEMPTS';
/** The first retry's wait in ms, doubled per retry up to 60 s (`SAMVAD_CALL_BACKOFF_MS`). */
export const CALL_BACKOFF_VAR = 'SAMVAD_CALL_BACKOFF_MS';

/** Accepted ranges. */
export const CALL_LIMITS = { attempts: [1, 100], baseMs: [1, 60_000] } as const;

/** The retry policy in `env`, with the defaults for unset (or invalid: see above) values. */
export function callPolicyFrom(env: Readonly<Record<string, string | undefined>>): CallRetryPolicy {
  const whole = (name: string, [min, max]: readonly [number, number], fallback: number) => {
    const raw = env[name]?.trim();
    const n = raw === undefined || raw === '' ? NaN : Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
  };
  return {
    attempts: whole(CALL_ATTEMPTS_VAR, CALL_LIMITS.attempts, CALL_DEFAULTS.attempts),
    baseMs: whole(CALL_BACKOFF_VAR, CALL_LIMITS.baseMs, CALL_DEFAULTS.baseMs),
    capMs: CALL_DEFAULTS.capMs,
  };
}
