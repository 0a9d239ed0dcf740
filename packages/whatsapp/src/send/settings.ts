/**
 * The sender's operator settings, read from the environment by the processing worker (which
 * inherits the server's environment). `loadConfig` checks the same variables at start-up, so an
 * invalid value stops `samvad serve` with a message before the worker ever reads it.
 */

/** Longest wait between two tries of one reply, in seconds (`SAMVAD_SEND_RETRY_CAP`). */
export const RETRY_CAP_VAR = 'SAMVAD_SEND_RETRY_CAP';
/** Deadline of one Graph API request, in seconds (`SAMVAD_SEND_TIMEOUT`). */
export const SEND_TIMEOUT_VAR = 'SAMVAD_SEND_TIMEOUT';

export const SEND_DEFAULTS = { retryCapSeconds: 300, timeoutSeconds: 10 } as const;
/** Accepted ranges (seconds). */
export const SEND_LIMITS = { retryCapSeconds: [1, 3_600], timeoutSeconds: [1, 120] } as const;

export interface SendSettings {
  readonly retryCapMs: number;
  readonly timeoutMs: number;
}

/** The settings in `env`, with the defaults for unset (or invalid: see above) values. */
export function sendSettingsFrom(env: Readonly<Record<string, string | undefined>>): SendSettings {
  const seconds = (name: string, [min, max]: readonly [number, number], fallback: number) => {
    const raw = env[name]?.trim();
    const n = raw === undefined || raw === '' ? NaN : Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
  };
  return {
    retryCapMs: seconds(RETRY_CAP_VAR, SEND_LIMITS.retryCapSeconds, SEND_DEFAULTS.retryCapSeconds) * 1000,
    timeoutMs: seconds(SEND_TIMEOUT_VAR, SEND_LIMITS.timeoutSeconds, SEND_DEFAULTS.timeoutSeconds) * 1000,
  };
}
