/** In-flight slots: requests slow for longer than `slowAfterMs` hold at most half of them. */
import { describe, expect, it } from 'vitest';
import { Slots } from '../src/send/slots.js';

describe('in-flight slots with a fair share for slow requests', () => {
  it('frees half the slots once the requests holding them are slow, and says when', () => {
    const slots = new Slots(4, 100);
    for (let id = 0; id < 4; id += 1) slots.take(id, 0);
    expect(slots.free(0)).toBe(false);
    expect(slots.nextFreeIn(0)).toBe(100);
    expect(slots.free(100)).toBe(true); // 4 slow requests count as 2
    slots.take(10, 100);
    slots.take(11, 100);
    expect(slots.free(100)).toBe(false);
    // More than half are slow already: each further request turning slow frees a slot.
    expect(slots.nextFreeIn(150)).toBe(50);
    expect(slots.free(200)).toBe(true);
    slots.take(12, 200);
    slots.take(13, 200);
    expect(slots.free(1_000)).toBe(false); // never more than twice the slots in flight
    expect(slots.nextFreeIn(1_000)).toBeUndefined();
    slots.release(0);
    expect(slots.free(1_000)).toBe(true);
  });

  it('wakes when enough requests have turned slow for a slot to free, not before', () => {
    const slots = new Slots(8, 100);
    for (let id = 0; id < 8; id += 1) slots.take(id, id * 10);
    // The 5th request to turn slow (started at 40) is the first that frees a slot.
    expect(slots.nextFreeIn(0)).toBe(140);
    expect(slots.free(139)).toBe(false);
    expect(slots.free(140)).toBe(true);
  });
});
