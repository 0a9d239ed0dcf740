/** What becomes of a reply after a failed attempt (pure): retry until the 24-hour window closes. */
import { describe, expect, it } from 'vitest';
import { afterFailure, classifySendFailure } from '../src/send/classify.js';

const policy = { baseMs: 500, capMs: 300_000, random: () => 1 };
const HOUR = 3_600_000;
const down = classifySendFailure(503, 2);

describe('after a failed attempt', () => {
  it('retries a transient failure with backoff capped at 5 minutes, with no attempt limit, while the window is open', () => {
    expect(afterFailure(down, 1, 0, 24 * HOUR, policy)).toEqual({ kind: 'retry', delayMs: 500, scope: 'message' });
    expect(afterFailure(down, 8, 0, 24 * HOUR, policy)).toEqual({ kind: 'retry', delayMs: 64_000, scope: 'message' });
    expect(afterFailure(down, 500, 0, 24 * HOUR, policy)).toEqual({ kind: 'retry', delayMs: 300_000, scope: 'message' });
  });

  it('makes the last try just before the window closes, then ends the reply as window_closed (not failed)', () => {
    expect(afterFailure(down, 40, 24 * HOUR - 61_000, 24 * HOUR, policy)).toEqual({ kind: 'retry', delayMs: 60_000, scope: 'message' });
    expect(afterFailure(down, 41, 24 * HOUR - 1_000, 24 * HOUR, policy)).toEqual({ kind: 'end', state: 'window_closed', expired: true });
    expect(afterFailure(down, 41, 25 * HOUR, 24 * HOUR, policy)).toEqual({ kind: 'end', state: 'window_closed', expired: true });
  });

  it('keeps retrying when the window is unknown', () => {
    expect(afterFailure(down, 100, 48 * HOUR, undefined, policy)).toMatchObject({ kind: 'retry' });
  });

  it('pauses the whole number on a throughput limit', () => {
    expect(afterFailure(classifySendFailure(429, 130429), 2, 0, HOUR, policy)).toEqual({ kind: 'retry', delayMs: 1_000, scope: 'number' });
  });

  it('ends at once on a permanent error or when Meta says the window is closed', () => {
    expect(afterFailure(classifySendFailure(400, 131026), 1, 0, HOUR, policy)).toEqual({ kind: 'end', state: 'failed', expired: false });
    expect(afterFailure(classifySendFailure(400, 131047), 1, 0, HOUR, policy)).toEqual({ kind: 'end', state: 'window_closed', expired: false });
  });
});
