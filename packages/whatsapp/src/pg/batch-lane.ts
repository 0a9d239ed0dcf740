/**
 * `BatchLane`: one connection of the PostgreSQL processor working through several citizens at
 * once. It holds the advisory locks of up to `size` citizens, each with one claimed message; their
 * turns run in memory side by side (pg-turn.ts); every round trip (turn-transaction.ts) commits the
 * turns finished by then in ONE transaction, reads those citizens' next messages (releasing the
 * ones with nothing left) and locks and claims new citizens to fill the room. A turn still awaiting
 * a data source stays held and joins a later batch; a lone message is claimed and committed at
 * once, as a batch of one — batches grow only with the backlog.
 *
 * Failures: any error of a round trip destroys the connection, which releases every lock the lane
 * held and rolls back its open transaction, so the batch is committed whole or not at all (a
 * failure after the COMMIT leaves it committed: whoever claims those citizens next reads which).
 * Turns still running are discarded. A transient error (pg-error.ts) is retried with backoff: the
 * same citizens are claimed again first, and their same oldest message is processed again. Any
 * other error, in a batch of several, makes the lane work one citizen at a time for a while, so
 * that the citizen whose turn cannot be written is the only one held back.
 */
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import { backoffMs } from '../send/classify.js';
import type { BackoffSleeps } from '../server/backoff-sleeps.js';
import { describePgError, isTransientPgError } from './pg-error.js';
import { failedTurn } from './pg-turn.js';
import type { FinishedTurn } from './pg-turn.js';
import type { PgClient, PgPool } from './pool.js';
import type { StatementGate } from './statement-gate.js';
import { citizenKey, turnRoundTrip } from './turn-transaction.js';
import type { Citizen, Claimed } from './turn-transaction.js';

/** A citizen waiting to be claimed; `lockedTries`: how often their lock was found taken lately. */
export interface Candidate extends Citizen {
  readonly lockedTries: number;
}

/** How a lane let go of a citizen. */
export type LetGo = 'none' | 'locked' | 'stopped' | 'crashed';

/** What a lane needs of its processor. */
export interface LaneHost {
  readonly stopped: boolean;
  readonly pool: PgPool;
  readonly gate: StatementGate;
  readonly sleeps: BackoffSleeps;
  readonly log: Logger;
  readonly metrics: ServeMetrics;
  readonly retryBaseMs: number;
  readonly retryCapMs: number;
  /** Up to `room` candidates to claim, taken off the processor's list. */
  take(room: number): Candidate[];
  /** Runs a claimed message's turn (never rejects). */
  turn(numberId: string, citizen: string, claimed: Claimed & { kind: 'message' }): Promise<FinishedTurn>;
  /** The lane no longer holds (nor retries) `citizen`. */
  letGo(citizen: Candidate, how: LetGo): void;
  /** The lane's loop ended (nothing held). */
  idle(lane: BatchLane): void;
}

interface Held extends Citizen {
  readonly key: string;
  claimed: Claimed & { kind: 'message' };
  state: 'claimed' | 'running' | 'done';
  finished?: FinishedTurn;
}

/** Round trips made one citizen at a time after a batch failed for a reason retrying does not cure, per citizen of that batch. */
const SOLO_ROUNDS_PER_CITIZEN = 3;

export class BatchLane {
  private client: PgClient | undefined;
  private readonly held = new Map<string, Held>();
  /** Citizens dropped by a failed round trip, claimed again first. */
  private retry: Candidate[] = [];
  private running = false;
  /**
   * A held connection that breaks between round trips (terminated, the network gone) says so by an
   * 'error' event, which must be listened to; the next round trip on it fails and destroys it.
   */
  private readonly onClientError = (): void => this.poke();
  private poked = false;
  private waiter: (() => void) | undefined;
  private failures = 0;
  private soloRounds = 0;
  /** Since when round trips have been failing, and why (cleared by one that succeeds). */
  failing: { readonly since: number; readonly error: string; readonly citizens: number } | undefined;

  constructor(
    private readonly host: LaneHost,
    /** Most citizens held at once. */
    private readonly size: number,
  ) {}

  /** Citizens held or waiting to be claimed again. */
  get load(): number {
    return this.held.size + this.retry.length;
  }

  /** Room for more citizens. */
  get room(): number {
    return Math.max(0, (this.soloRounds > 0 ? 1 : this.size) - this.load);
  }

  get active(): boolean {
    return this.running;
  }

  /** There may be candidates, a turn finished, or the processor is stopping: run (or go on). */
  kick(): void {
    if (this.running) return this.poke();
    this.running = true;
    void this.loop()
      .catch((error: unknown) => this.host.log.log('error', 'process.crashed', { error: describePgError(error) }))
      .finally(() => {
        this.running = false;
        this.host.idle(this);
      });
  }

  private poke(): void {
    this.poked = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private async nextEvent(): Promise<void> {
    if (!this.poked) await new Promise<void>((resolve) => (this.waiter = resolve));
    this.poked = false;
  }

  private startTurn(held: Held): void {
    held.state = 'running';
    const claimed = held.claimed;
    void this.host
      .turn(held.numberId, held.citizen, claimed)
      // A bug past the engine (rendering, say): recorded on the message like an engine error.
      .catch((error: unknown) => failedTurn(this.host.log, held.citizen, claimed, error))
      .then((finished) => {
        held.finished = finished;
        held.state = 'done';
        if (this.held.get(held.key) === held) this.poke();
      });
  }

  private async loop(): Promise<void> {
    for (;;) {
      const stopping = this.host.stopped;
      if (!stopping) for (const held of this.held.values()) if (held.state === 'claimed') this.startTurn(held);
      // Turns that await nothing finish first, and join this batch.
      await new Promise((resolve) => setImmediate(resolve));
      const held = [...this.held.values()];
      const done = held.filter((h) => h.state === 'done');
      const solo = this.soloRounds > 0;
      const commits = solo ? done.slice(0, 1) : done;
      const claims = stopping || (solo && commits.length > 0) ? [] : this.claimable();
      if (commits.length === 0 && claims.length === 0) {
        if (held.some((h) => h.state === 'running')) {
          await this.nextEvent();
          continue;
        }
        if (stopping) this.drop(held, 'stopped');
        else this.release();
        if (stopping) for (const c of this.retry.splice(0)) this.host.letGo(c, 'stopped');
        return;
      }
      await this.roundTrip(commits, claims);
    }
  }

  /** The citizens to claim now: those to retry first, then new candidates, as room allows. */
  private claimable(): Candidate[] {
    const room = Math.max(0, (this.soloRounds > 0 ? 1 : this.size) - this.held.size);
    const again = this.retry.splice(0, room);
    return again.length < room ? [...again, ...this.host.take(room - again.length)] : again;
  }

  private async roundTrip(commits: readonly Held[], claims: readonly Candidate[]): Promise<void> {
    try {
      if (this.client === undefined) {
        this.client = await this.host.pool.connect();
        this.client.on('error', this.onClientError);
      }
      const client = this.client;
      const result = await this.host.gate.run(() =>
        turnRoundTrip(client, {
          commits: commits.map((h) => ({ numberId: h.numberId, citizen: h.citizen, writes: (h.finished as FinishedTurn).writes })),
          claims,
        }),
      );
      if (this.soloRounds > 0) this.soloRounds -= 1;
      if (this.failures > 0) this.host.log.log('info', 'process.store_recovered', { attempts: this.failures + 1, citizens: commits.length + claims.length });
      this.failures = 0;
      this.failing = undefined;
      for (const h of commits) {
        (h.finished as FinishedTurn).committed(result.marked.has(h.claimed.seq));
        h.finished = undefined;
        this.follow(h, result.next.get(h.key) ?? { kind: 'none' }, 0);
      }
      for (const c of claims) {
        const key = citizenKey(c.numberId, c.citizen);
        const next = result.next.get(key) ?? { kind: 'locked' };
        if (next.kind === 'message') this.held.set(key, { numberId: c.numberId, citizen: c.citizen, key, claimed: next, state: 'claimed' });
        else this.host.letGo(c, next.kind);
      }
    } catch (error) {
      await this.failed(error, [...commits, ...claims].length, claims);
    }
  }

  /** After a commit: the citizen's next message, or let go. */
  private follow(held: Held, next: Claimed, lockedTries: number): void {
    if (next.kind === 'message') {
      held.claimed = next;
      held.state = 'claimed';
      return;
    }
    this.held.delete(held.key);
    this.host.letGo({ numberId: held.numberId, citizen: held.citizen, lockedTries }, next.kind);
  }

  private async failed(error: unknown, batch: number, claims: readonly Candidate[]): Promise<void> {
    // The connection goes, and every lock with it: nothing the lane held is held any more.
    const dropped: Candidate[] = [...[...this.held.values()].map((h) => ({ numberId: h.numberId, citizen: h.citizen, lockedTries: 0 })), ...claims];
    this.held.clear();
    this.client?.off('error', this.onClientError);
    this.client?.release(error instanceof Error ? error : new Error(String(error)));
    this.client = undefined;
    const detail = describePgError(error);
    if (!isTransientPgError(error)) {
      if (batch > 1) {
        // Not the database's fault: find the citizen whose writes fail by taking them one at a time.
        this.host.log.log('warn', 'process.batch_failed', { citizens: batch, error: detail });
        this.soloRounds = SOLO_ROUNDS_PER_CITIZEN * dropped.length;
        this.retry = [...dropped, ...this.retry];
        return;
      }
      // Not even the failure could be recorded, and retrying would not help: the message stays
      // unprocessed (the next scan tries again; /healthz reports it waiting).
      for (const c of dropped) {
        this.host.log.log('error', 'process.crashed', { user: c.citizen, error: detail });
        this.host.letGo(c, 'crashed');
      }
      return;
    }
    this.failures += 1;
    this.retry = [...dropped, ...this.retry];
    this.failing = { since: this.failing?.since ?? Date.now(), error: detail, citizens: this.retry.length };
    const delayMs = backoffMs(this.failures, this.host.retryBaseMs, this.host.retryCapMs);
    this.host.metrics.processStoreFailures.inc();
    this.host.log.log(this.failures === 1 ? 'error' : 'warn', 'process.store_failed', {
      user: dropped[0]?.citizen,
      citizens: dropped.length,
      attempt: this.failures,
      retryInMs: delayMs,
      error: detail,
    });
    await this.host.sleeps.sleep(delayMs);
  }

  /** Nothing held: the connection goes back to the pool (it holds no lock). */
  private release(): void {
    this.client?.off('error', this.onClientError);
    this.client?.release();
    this.client = undefined;
  }

  /** Stopping with citizens claimed: the connection is destroyed, which releases their locks. */
  private drop(held: readonly Held[], how: LetGo): void {
    if (held.length > 0 && this.client !== undefined) {
      this.client.off('error', this.onClientError);
      this.client.release(new Error('stopping with citizens locked'));
      this.client = undefined;
    }
    this.release();
    for (const h of held) {
      this.held.delete(h.key);
      this.host.letGo({ numberId: h.numberId, citizen: h.citizen, lockedTries: 0 }, how);
    }
  }
}
