import { describe, expect, it } from 'vitest';
import { TokenBucket, backoffMs, classifySendFailure } from '@samvad/whatsapp';

describe('token bucket', () => {
  it('allows a burst, then one token per 1/rate seconds', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(100);
    expect(bucket.take(50)).toBe(50);
    expect(bucket.take(100)).toBe(0);
  });

  it('never holds more than the burst', () => {
    const bucket = new TokenBucket(10, 2, 0);
    const taken = [0, 0, 0].map(() => bucket.take(60_000));
    expect(taken).toEqual([0, 0, 100]);
  });

  it('paces a long run at the configured rate', () => {
    const bucket = new TokenBucket(80, 80, 0);
    let now = 0;
    let sent = 0;
    while (now < 10_000) {
      const wait = bucket.take(now);
      if (wait === 0) sent += 1;
      else now += wait;
    }
    expect(sent).toBeGreaterThanOrEqual(80 * 10);
    expect(sent).toBeLessThanOrEqual(80 * 11);
  });
});

describe('send failure classification', () => {
  it('retries throughput limits for the whole number', () => {
    expect(classifySendFailure(429, 130429)).toEqual({ kind: 'retry', scope: 'number' });
    expect(classifySendFailure(429, undefined)).toEqual({ kind: 'retry', scope: 'number' });
  });

  it('retries pair-rate limits for that recipient only', () => {
    expect(classifySendFailure(400, 131056)).toEqual({ kind: 'retry', scope: 'recipient' });
  });

  it('retries maintenance, server errors and network errors', () => {
    expect(classifySendFailure(400, 131057).kind).toBe('retry');
    expect(classifySendFailure(500, undefined).kind).toBe('retry');
    expect(classifySendFailure(503, 2).kind).toBe('retry');
    expect(classifySendFailure(undefined, undefined).kind).toBe('retry');
  });

  it('records a closed customer-service window without retrying', () => {
    expect(classifySendFailure(400, 131047)).toEqual({ kind: 'window-closed' });
  });

  it('never retries permanent errors', () => {
    for (const code of [100, 190, 131026, 131008, 131009, 131021, 130403]) {
      expect(classifySendFailure(400, code)).toEqual({ kind: 'permanent' });
    }
    expect(classifySendFailure(400, undefined)).toEqual({ kind: 'permanent' });
  });
});

describe('backoff', () => {
  it('doubles per attempt within [ceiling/2, ceiling] and is capped', () => {
    expect(backoffMs(1, 500, 60_000, () => 0)).toBe(250);
    expect(backoffMs(1, 500, 60_000, () => 1)).toBe(500);
    expect(backoffMs(3, 500, 60_000, () => 1)).toBe(2000);
    expect(backoffMs(20, 500, 60_000, () => 1)).toBe(60_000);
    expect(backoffMs(20, 500, 60_000, () => 0)).toBe(30_000);
  });
});
