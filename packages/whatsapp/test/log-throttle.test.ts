/** A repeated error (a full disk failing every delivery) is logged once a second with a count, not once per delivery. */
import { describe, expect, it } from 'vitest';
import type { LogFields, LogLevel, Logger } from '../src/ops/log.js';
import { ThrottledEvent, throttled } from '../src/ops/throttle.js';

function recorder(): { log: Logger; lines: { level: LogLevel; event: string; fields: LogFields }[] } {
  const lines: { level: LogLevel; event: string; fields: LogFields }[] = [];
  return { lines, log: { log: (level, event, fields = {}) => void lines.push({ level, event, fields }) } };
}

describe('a throttled log event', () => {
  it('writes the first at once, counts the rest of the second, and says how many the next line held back', () => {
    const { log, lines } = recorder();
    let now = 1_000;
    const event = new ThrottledEvent(log, 'error', 'webhook.store_failed', 1000, () => now);
    for (let i = 0; i < 500; i += 1) {
      event.report({ error: 'database or disk is full' });
      now += 2; // 500 failed deliveries in one second
    }
    expect(lines).toEqual([{ level: 'error', event: 'webhook.store_failed', fields: { error: 'database or disk is full' } }]);
    now += 10;
    event.report({ error: 'database or disk is full' });
    expect(lines[1]).toEqual({ level: 'error', event: 'webhook.store_failed', fields: { error: 'database or disk is full', suppressed: 499 } });
    now += 5_000;
    event.report({ error: 'disk I/O error' });
    expect(lines[2]?.fields).toEqual({ error: 'disk I/O error' });
  });

  it('is one throttle per logger and event', () => {
    const a = recorder();
    const b = recorder();
    expect(throttled(a.log, 'error', 'x')).toBe(throttled(a.log, 'error', 'x'));
    expect(throttled(a.log, 'error', 'x')).not.toBe(throttled(a.log, 'error', 'y'));
    expect(throttled(a.log, 'error', 'x')).not.toBe(throttled(b.log, 'error', 'x'));
  });
});
