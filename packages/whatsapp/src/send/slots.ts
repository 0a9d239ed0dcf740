/**
 * In-flight slots with a fair share for slow requests: a request in flight for longer than
 * `slowAfterMs` may hold at most half of the `max` slots, so when the Graph API hangs on some
 * requests, other citizens' sends still start. Hanging requests end at the client's deadline;
 * the total in flight never exceeds `2 × max`.
 */
export class Slots {
  /** Start time of each request in flight, by outbox id, oldest first (insertion order). */
  private readonly started = new Map<number, number>();
  private readonly half: number;

  constructor(
    private readonly max: number,
    private readonly slowAfterMs: number,
  ) {
    this.half = Math.max(1, Math.floor(max / 2));
  }

  /** Requests in flight. */
  get size(): number {
    return this.started.size;
  }

  /** Whether a new request may start at `now`. */
  free(now: number): boolean {
    if (this.started.size >= 2 * this.max) return false;
    const slow = this.slowCount(now);
    return this.started.size - slow + Math.min(slow, this.half) < this.max;
  }

  /**
   * How many requests may start at `now`, taken together (0 when none): what `free` would allow
   * one by one, for a caller that claims work in batches (the PostgreSQL sender).
   */
  room(now: number): number {
    const slow = this.slowCount(now);
    const used = this.started.size - slow + Math.min(slow, this.half);
    return Math.max(0, Math.min(this.max - used, 2 * this.max - this.started.size));
  }

  /**
   * When full slots free one by requests turning slow (ms from `now`), or `undefined` when only a
   * request ending can free one. Slow requests count for at most half the slots, so a slot frees
   * once more than half of them are slow.
   */
  nextFreeIn(now: number): number | undefined {
    if (this.started.size >= 2 * this.max) return undefined;
    let slow = 0;
    for (const at of this.started.values()) {
      const turnsSlowIn = at + this.slowAfterMs - now;
      slow += 1; // counting this one as slow, from `turnsSlowIn` on
      if (turnsSlowIn > 0 && this.started.size - slow + Math.min(slow, this.half) < this.max) return Math.max(1, turnsSlowIn);
    }
    return undefined;
  }

  take(id: number, now: number): void {
    this.started.set(id, now);
  }

  release(id: number): void {
    this.started.delete(id);
  }

  private slowCount(now: number): number {
    let slow = 0;
    for (const at of this.started.values()) {
      if (now - at < this.slowAfterMs) break;
      slow += 1;
    }
    return slow;
  }
}
