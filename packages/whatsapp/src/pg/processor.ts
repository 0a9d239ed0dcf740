/**
 * `PgProcessor`: processes the messages stored in PostgreSQL, shared by every `samvad serve`
 * process on the database — each message exactly once, each citizen's messages in order, citizens
 * in parallel (within a process and across processes), several citizens' turns per round trip.
 *
 * Why it is correct:
 * - **Exclusion.** A citizen (`number_id`, `citizen`) is processed only by the connection holding
 *   the session-level advisory lock `pg_try_advisory_lock(hash(number_id:citizen))`: at most one
 *   process (and one lane in it) works on a citizen at a time. A lane (batch-lane.ts) is one
 *   connection holding the locks of up to `batchSize` citizens. A lock is released by the statement
 *   that finds its citizen has nothing left, or by PostgreSQL when the connection ends; a
 *   connection whose work failed is destroyed, never pooled with a lock. A 64-bit hash collision
 *   only makes two citizens take turns (or, in one lane, hold the lock twice and release it twice).
 * - **Order.** Holding the lock, the lane reads the citizen's OLDEST unprocessed message (by a
 *   statement that starts after the lock was granted: its READ COMMITTED snapshot sees every commit
 *   made before, including the previous holder's last turn), runs the turn, and commits the
 *   processed mark, the session and the replies in one transaction; only then is that citizen's next
 *   message read (or the lock released). A citizen has at most one message in a batch. So a
 *   citizen's messages are processed in `seq` order (the order their deliveries were stored),
 *   whichever process received them.
 * - **Exactly once.** A batch's one statement (turn-transaction.ts) marks each message with
 *   `UPDATE … WHERE seq = ANY(…) AND processed_at IS NULL`, and the sessions, outbox rows and calls
 *   (pg/calls) are written only through its RETURNING, in the same transaction: a message is
 *   answered by the commit that marks it, and by no other; the turns of one batch are committed all
 *   together or not at all. A process that dies mid-batch (kill -9) loses its connections;
 *   PostgreSQL rolls back any open transaction and frees the locks, and the messages are still
 *   unprocessed for whichever process looks next (within seconds: the poll).
 * - **Wake-ups.** One dedicated connection LISTENs on `samvad_inbound` (notified by the commit of a
 *   delivery with new messages, in any process). When a lane has room and the citizens found by the
 *   last scan are all taken, a scan lists the citizens of the oldest unprocessed messages; the
 *   lanes (`statementsInFlight` + 1 of them, so that one lane's turns run in memory while another's
 *   statements run; their round trips pass a StatementGate of `statementsInFlight`, by default the
 *   machine's cores less one) claim them, as many as they have room for, in their next round trip.
 *   A lone message is claimed and committed at once, as a batch of one: batches grow only with the
 *   backlog. A process with no room does not scan. A citizen whose lock is taken is left to its
 *   holder (which goes on until nothing is left) and looked at again a few times shortly after (50,
 *   150, 400 ms, without holding room), in case the holder was just finishing. A slow safety poll
 *   (`pollMs`, 2 s) catches anything missed (a notification lost while the LISTEN connection was
 *   re-established): an idle cluster runs one small query per process every `pollMs`.
 * - **Failures.** A transient database error (connection lost, serialization failure, admin
 *   shutdown, disk full: see pg-error.ts) in a round trip rolls the whole batch back (the connection
 *   is destroyed, its locks with it); the same citizens are claimed again, with backoff, and their
 *   same oldest messages processed again (as the SQLite processor), their later messages behind
 *   them. An engine error is recorded in `inbound.error` and that message is done with; the other
 *   turns of its batch are committed as usual. A message older than `SAMVAD_REPLY_MAX_AGE` moves the
 *   session but gets no reply (server/turn-output.ts).
 */
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import { backoffMs } from '../send/classify.js';
import { BackoffSleeps } from '../server/backoff-sleeps.js';
import type { ProcessingHealth } from '../server/processor.js';
import { BatchLane } from './batch-lane.js';
import type { Candidate, LaneHost, LetGo } from './batch-lane.js';
import { INBOUND_CHANNEL } from './inbound-store.js';
import { describePgError } from './pg-error.js';
import { runTurn } from './pg-turn.js';
import type { FinishedTurn, TurnContext } from './pg-turn.js';
import type { PgClient, PgPool } from './pool.js';
import { defaultStatementsInFlight, StatementGate } from './statement-gate.js';
import { citizenKey } from './turn-transaction.js';
import type { Claimed } from './turn-transaction.js';

export type { ServedBot } from './pg-turn.js';

/** What the processor's turns need (pg-turn.ts's `TurnContext`, its logger and metrics aside), and how it works through them. */
export interface PgProcessorOptions extends Omit<TurnContext, 'log' | 'metrics'> {
  /** The numbers this process serves (messages of other numbers in the database are left alone). */
  readonly numbers: readonly string[];
  /** Most citizens one lane holds (and commits in one transaction). Default 32. */
  readonly batchSize?: number;
  /** Round trips in flight at once (statement-gate.ts). Default: the machine's cores less one, at least 1. */
  readonly statementsInFlight?: number;
  /** Lanes (connections of `pool`, each holding up to `batchSize` citizens). Default `statementsInFlight` + 1. */
  readonly lanes?: number;
  /** The safety poll. Default 2,000 ms. */
  readonly pollMs?: number;
  /** Citizens listed per scan. Default 500. */
  readonly scanLimit?: number;
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
}

/** How often, and after how long, a citizen whose lock was taken is looked at again. */
const LOCKED_RECHECKS_MS = [50, 150, 400];

export class PgProcessor implements LaneHost {
  /** Citizens held or about to be claimed by a lane of this process (`citizenKey`). */
  private readonly active = new Set<string>();
  readonly sleeps = new BackoffSleeps();
  private listener: PgClient | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  /** Citizens found by the last scan, to claim as lanes have room (oldest message first). */
  private candidates: Candidate[] = [];
  /** Something may have been stored since the last scan began (a notification, the poll, this process storing). */
  private dirty = true;
  private scanning = false;
  /** Re-checks of citizens whose lock was taken. */
  private readonly rechecks = new Set<NodeJS.Timeout>();
  stopped = false;
  private idlers: (() => void)[] = [];
  readonly gate: StatementGate;
  private readonly lanes: BatchLane[];
  private readonly context: TurnContext;
  readonly retryBaseMs: number;
  readonly retryCapMs: number;

  constructor(
    /** Connections for the lanes (one each) and the scans. */
    readonly pool: PgPool,
    /** The pool the LISTEN connection is taken from (held for the processor's life). */
    private readonly listenPool: PgPool,
    private readonly options: PgProcessorOptions,
    readonly log: Logger,
    readonly metrics: ServeMetrics,
  ) {
    const inFlight = options.statementsInFlight ?? defaultStatementsInFlight();
    this.gate = new StatementGate(inFlight);
    const batchSize = options.batchSize ?? 32;
    this.lanes = Array.from({ length: options.lanes ?? inFlight + 1 }, () => new BatchLane(this, batchSize));
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.retryCapMs = options.retryCapMs ?? 5_000;
    this.context = { ...options, log, metrics };
  }

  /** Starts listening and scans once (messages a previous run left unprocessed); resolves with how many wait. */
  async start(): Promise<number> {
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.options.pollMs ?? 2_000);
    this.pollTimer.unref();
    const waiting = await this.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM inbound WHERE processed_at IS NULL AND number_id = ANY($1::text[])`, [this.options.numbers]);
    this.wake();
    return Number(waiting.rows[0]?.n ?? 0);
  }

  /** Something was stored (a notification, this process, the poll): look for work when a lane has room. */
  wake(): void {
    this.dirty = true;
    this.fill();
  }

  /** Room in all lanes. */
  private room(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.room, 0);
  }

  /**
   * Hands the candidates to lanes with room (idle ones start); when none is left and something may
   * have been stored since the last scan, scans (one at a time). A process with no room does not
   * scan: a lane letting a citizen go calls this again.
   */
  private fill(): void {
    if (this.stopped) return;
    if (this.candidates.length > 0) {
      let offered = this.candidates.length;
      for (const lane of this.lanes) {
        if (offered <= 0) break;
        const room = lane.room;
        if (room === 0) continue;
        offered -= room;
        lane.kick();
      }
    }
    if (this.scanning || !this.dirty || this.candidates.length > 0 || this.room() === 0) return;
    this.dirty = false;
    this.scanning = true;
    void this.scan()
      .catch((error: unknown) => {
        // The next notification or poll scans again.
        if (!this.stopped) this.log.log('warn', 'process.scan_failed', { error: describePgError(error) });
      })
      .finally(() => {
        this.scanning = false;
        this.fill();
      });
  }

  /** BatchLane: up to `room` candidates, oldest message first. */
  take(room: number): Candidate[] {
    const taken: Candidate[] = [];
    while (taken.length < room) {
      const next = this.candidates.shift();
      if (next === undefined) break;
      // Never the same citizen twice: its lock, taken again by the connection holding it, would stack.
      const key = citizenKey(next.numberId, next.citizen);
      if (this.active.has(key)) continue;
      this.active.add(key);
      taken.push(next);
    }
    return taken;
  }

  /** BatchLane: runs a claimed message's turn. */
  turn(numberId: string, citizen: string, claimed: Claimed & { kind: 'message' }): Promise<FinishedTurn> {
    return runTurn(this.context, numberId, citizen, claimed);
  }

  /** BatchLane: a citizen is let go (nothing left, locked elsewhere, stopping, or crashed). */
  letGo(candidate: Candidate, how: LetGo): void {
    this.active.delete(citizenKey(candidate.numberId, candidate.citizen));
    // Its holder goes on until nothing is left; a few looks shortly after, in case it was just finishing.
    const delay = how === 'locked' ? LOCKED_RECHECKS_MS[candidate.lockedTries] : undefined;
    if (delay !== undefined && !this.stopped) {
      const timer = setTimeout(() => {
        this.rechecks.delete(timer);
        this.candidates.unshift({ ...candidate, lockedTries: candidate.lockedTries + 1 });
        this.fill();
      }, delay);
      this.rechecks.add(timer);
    }
    if (!this.stopped) queueMicrotask(() => this.fill());
  }

  /** BatchLane: a lane's loop ended. */
  idle(): void {
    if (this.stopped) {
      if (this.lanes.every((lane) => !lane.active)) this.idlers.splice(0).forEach((resolve) => resolve());
    } else this.fill();
  }

  health(now = Date.now()): ProcessingHealth {
    let failing: { since: number; error: string } | undefined;
    let retrying = 0;
    for (const lane of this.lanes) {
      const f = lane.failing;
      if (f === undefined) continue;
      retrying += f.citizens;
      if (failing === undefined || f.since < failing.since) failing = f;
    }
    return {
      queued: this.active.size,
      longestWaitMs: 0, // the oldest unprocessed message across the cluster is read from the database
      retrying,
      ...(failing !== undefined ? { failingForMs: now - failing.since, error: failing.error } : {}),
    };
  }

  /** Stops scanning and claiming; resolves when the turns in progress are committed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    for (const timer of this.rechecks) clearTimeout(timer);
    this.rechecks.clear();
    this.sleeps.wakeAll();
    const listener = this.listener;
    this.listener = undefined;
    if (listener !== undefined) {
      await listener.query(`UNLISTEN ${INBOUND_CHANNEL}`).catch(() => undefined);
      listener.release();
    }
    for (const lane of this.lanes) if (lane.active) lane.kick();
    if (this.lanes.some((lane) => lane.active)) await new Promise<void>((resolve) => this.idlers.push(resolve));
  }

  private async listen(): Promise<void> {
    const client = await this.listenPool.connect();
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      // The connection broke: listen again (with backoff) and scan, since notifications were lost meanwhile.
      if (this.listener !== client || this.stopped) return;
      this.listener = undefined;
      client.release(error);
      this.log.log('warn', 'process.listen_lost', { error: describePgError(error) });
      void this.relisten(1);
    });
    await client.query(`LISTEN ${INBOUND_CHANNEL}`);
    this.listener = client;
  }

  private async relisten(attempt: number): Promise<void> {
    await this.sleeps.sleep(backoffMs(attempt, 200, 5_000));
    if (this.stopped) return;
    try {
      await this.listen();
      this.wake();
    } catch (error) {
      if (attempt === 1) this.log.log('warn', 'process.listen_failed', { error: describePgError(error) });
      void this.relisten(attempt + 1);
    }
  }

  private async scan(): Promise<void> {
    const result = await this.pool.query<{ number_id: string; citizen: string }>(
      `SELECT number_id, citizen FROM inbound WHERE processed_at IS NULL AND number_id = ANY($1::text[]) ORDER BY seq LIMIT $2`,
      [this.options.numbers, this.options.scanLimit ?? 500],
    );
    const seen = new Set(this.candidates.map((c) => citizenKey(c.numberId, c.citizen)));
    for (const { number_id: numberId, citizen } of result.rows) {
      const key = citizenKey(numberId, citizen);
      if (seen.has(key) || this.active.has(key)) continue;
      seen.add(key);
      this.candidates.push({ numberId, citizen, lockedTries: 0 });
    }
  }
}
