/**
 * `PgProcessor`: processes the messages stored in PostgreSQL, shared by every `samvad serve`
 * process on the database — each message exactly once, each citizen's messages in order, citizens
 * in parallel (within a process and across processes).
 *
 * Why it is correct:
 * - **Exclusion.** A citizen (`number_id`, `citizen`) is processed only by the connection holding
 *   the session-level advisory lock `pg_try_advisory_lock(hash(number_id:citizen))`: at most one
 *   process (and one loop in it) works on a citizen at a time. The lock is released by the
 *   statement that finds the citizen has nothing left, or by PostgreSQL when the connection ends; a
 *   connection whose work failed is destroyed, never pooled with the lock. A 64-bit hash collision
 *   only makes two citizens take turns.
 * - **Order.** Holding the lock, the process reads the citizen's OLDEST unprocessed message (a
 *   statement started after the lock was granted: its READ COMMITTED snapshot sees every commit
 *   made before, including the previous holder's last turn), runs the turn, and commits the
 *   processed mark, the session and the replies in one transaction; only then is the next message
 *   read (or the lock released). So a citizen's messages are processed in `seq` order (the order
 *   their deliveries were stored), whichever process received them.
 * - **Exactly once.** The mark is `UPDATE … WHERE seq = $1 AND processed_at IS NULL`, and the session
 *   and outbox rows are written only through its RETURNING, in the same transaction: a message is
 *   answered by the commit that marks it, and by no other. A turn's `call` is inserted by the same
 *   statement (pg/calls/pg-calls.ts). A process that dies mid-turn (kill -9)
 *   loses its connection; PostgreSQL rolls back any open transaction and frees the lock, and the
 *   message is still unprocessed for whichever process looks next (within seconds: the poll).
 * - **Wake-ups.** One dedicated connection LISTENs on `samvad_inbound` (notified by the commit of a
 *   delivery with new messages, in any process). When a slot is free and the citizens found by the
 *   last scan are all started, a scan lists the citizens of the oldest unprocessed messages; a loop
 *   per citizen (at most `concurrency` at once) runs until that citizen has nothing left; their
 *   claim and finish statements pass a StatementGate (statement-gate.ts: at most one fewer in
 *   flight than the machine has cores, at least 1). A full process does not scan. A citizen whose lock is taken is left to its holder (which loops until
 *   nothing is left) and looked at again a few times shortly after (50, 150, 400 ms, without
 *   holding a slot), in case the holder was just finishing. A slow safety poll (`pollMs`, 2 s)
 *   catches anything missed (a notification lost while the LISTEN connection was re-established):
 *   an idle cluster runs one small query per process every `pollMs`.
 * - **Failures.** A transient database error (connection lost, serialization failure, admin
 *   shutdown, disk full: see pg-error.ts) rolls the turn back (the connection is destroyed); the same message is tried again with
 *   backoff (as the SQLite processor), the citizen's later messages behind it. An engine error is
 *   recorded in `inbound.error` and the message is done with. A message older than
 *   `SAMVAD_REPLY_MAX_AGE` moves the session but gets no reply (server/turn-output.ts).
 */
import type { DataSourceProvider, Graph } from '@samvad/runtime';
import { newCall } from '../calls/call-request.js';
import type { MediaDownloader } from '../media/downloader.js';
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import { backoffMs } from '../send/classify.js';
import { BackoffSleeps } from '../server/backoff-sleeps.js';
import type { ProcessingHealth } from '../server/processor.js';
import { botTurn } from '../server/runtime-engine.js';
import { logNoReply, renderTurn, reportStale } from '../server/turn-output.js';
import { INBOUND_CHANNEL } from './inbound-store.js';
import { describePgError, isTransientPgError } from './pg-error.js';
import type { PgClient, PgPool } from './pool.js';
import { claimNext, finishTurn } from './turn-transaction.js';
import type { Claimed, Finished, TurnWrites } from './turn-transaction.js';
import { defaultStatementsInFlight, StatementGate } from './statement-gate.js';

/** What processing needs of the bot serving a number: its (prepared) graph and data sources (and its media downloader, when on). */
export interface ServedBot {
  readonly graph: Graph;
  readonly providers: Readonly<Record<string, DataSourceProvider>>;
  readonly media?: MediaDownloader;
}

export interface PgProcessorOptions {
  /** The numbers this process serves (messages of other numbers in the database are left alone). */
  readonly numbers: readonly string[];
  /** The bot of a number (its current graph: reloads take effect on the next message). */
  readonly bot: (numberId: string) => ServedBot | undefined;
  /** A message older than this (WhatsApp's `timestamp`) updates the session but gets no reply. */
  readonly replyMaxAgeMs: number;
  /** Called after a commit that created outbox rows for `citizen` (the sender's `notify`). */
  readonly onOutbox: (numberId: string, citizen: string) => void;
  /** Called after a commit that stored a call (the call worker's `notify`). */
  readonly onCall?: () => void;
  /** Citizens processed at once by this process (connections of `pool` it uses). Default 8. */
  readonly concurrency?: number;
  /** Their claim and finish statements in flight at once (statement-gate.ts). Default: the machine's cores less one, at least 1. */
  readonly statementsInFlight?: number;
  /** The safety poll. Default 2,000 ms. */
  readonly pollMs?: number;
  /** Citizens listed per scan. Default 500. */
  readonly scanLimit?: number;
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
}

/** How often, and after how long, a citizen whose lock was taken is looked at again. */
const LOCKED_RECHECKS_MS = [50, 150, 400];

export class PgProcessor {
  /** Citizens with a loop in this process (`number_id\ncitizen`). */
  private readonly active = new Set<string>();
  private readonly retrying = new Map<string, { since: number; error: string }>();
  private readonly sleeps = new BackoffSleeps();
  private listener: PgClient | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  /** Citizens found by the last scan, to start as slots free (oldest message first). */
  private candidates: { numberId: string; citizen: string; lockedTries: number }[] = [];
  /** Something may have been stored since the last scan began (a notification, the poll, this process storing). */
  private dirty = true;
  private scanning = false;
  /** Re-checks of citizens whose lock was taken. */
  private readonly rechecks = new Set<NodeJS.Timeout>();
  private stopped = false;
  private idle: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly gate: StatementGate;

  constructor(
    /** Connections for the turns (`concurrency` of them at most) and the scans. */
    private readonly pool: PgPool,
    /** The pool the LISTEN connection is taken from (held for the processor's life). */
    private readonly listenPool: PgPool,
    private readonly options: PgProcessorOptions,
    private readonly log: Logger,
    private readonly metrics: ServeMetrics,
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.gate = new StatementGate(options.statementsInFlight ?? defaultStatementsInFlight());
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

  /** Something was stored (a notification, this process, the poll): look for work when a slot is free. */
  wake(): void {
    this.dirty = true;
    this.fill();
  }

  /**
   * Starts citizens from the candidates while slots are free; when none is left and something may
   * have been stored since the last scan, scans (one at a time). A full process does not scan: a
   * slot freeing calls this again.
   */
  private fill(): void {
    while (!this.stopped && this.active.size < this.concurrency) {
      const next = this.candidates.shift();
      if (next === undefined) break;
      this.startCitizen(next.numberId, next.citizen, next.lockedTries);
    }
    if (this.stopped || this.scanning || !this.dirty || this.candidates.length > 0 || this.active.size >= this.concurrency) return;
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

  health(now = Date.now()): ProcessingHealth {
    let failing: { since: number; error: string } | undefined;
    for (const f of this.retrying.values()) if (failing === undefined || f.since < failing.since) failing = f;
    return {
      queued: this.active.size,
      longestWaitMs: 0, // the oldest unprocessed message across the cluster is read from the database
      retrying: this.retrying.size,
      ...(failing !== undefined ? { failingForMs: now - failing.since, error: failing.error } : {}),
    };
  }

  /** Stops scanning and taking messages; resolves when the turns in progress are committed. */
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
    if (this.active.size > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
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
    const seen = new Set(this.candidates.map((c) => `${c.numberId}\n${c.citizen}`));
    for (const { number_id: numberId, citizen } of result.rows) {
      const key = `${numberId}\n${citizen}`;
      if (seen.has(key) || this.active.has(key)) continue;
      seen.add(key);
      this.candidates.push({ numberId, citizen, lockedTries: 0 });
    }
  }

  private startCitizen(numberId: string, citizen: string, lockedTries: number): void {
    const key = `${numberId}\n${citizen}`;
    if (this.active.has(key)) return;
    this.active.add(key);
    void this.drain(numberId, citizen, key)
      .then((outcome) => {
        // Its holder loops until nothing is left; a few looks shortly after, in case it was just finishing.
        const delay = outcome === 'locked' ? LOCKED_RECHECKS_MS[lockedTries] : undefined;
        if (delay === undefined || this.stopped) return;
        const timer = setTimeout(() => {
          this.rechecks.delete(timer);
          this.candidates.unshift({ numberId, citizen, lockedTries: lockedTries + 1 });
          this.fill();
        }, delay);
        this.rechecks.add(timer);
      })
      .catch((error: unknown) => this.log.log('error', 'process.crashed', { user: citizen, error: describePgError(error) }))
      .finally(() => {
        this.active.delete(key);
        this.retrying.delete(key);
        if (this.stopped) {
          if (this.active.size === 0) this.idle.splice(0).forEach((resolve) => resolve());
        } else this.fill();
      });
  }

  /** Processes the citizen's messages, oldest first, until none is left (or another process holds them). */
  private async drain(numberId: string, citizen: string, key: string): Promise<'none' | 'locked' | 'stopped' | 'crashed'> {
    let client: PgClient | undefined;
    let failures = 0;
    /** The claim of the next message, when the last commit made it. */
    let claimed: Claimed | undefined;
    try {
      while (!this.stopped) {
        try {
          client ??= await this.pool.connect();
          const connection = client;
          const current = claimed ?? (await this.gate.run(() => claimNext(connection, numberId, citizen)));
          claimed = undefined;
          if (current.kind !== 'message') return current.kind;
          claimed = await this.processNext(client, numberId, citizen, current);
          if (failures > 0) this.log.log('info', 'process.store_recovered', { user: citizen, attempts: failures + 1 });
          failures = 0;
          this.retrying.delete(key);
        } catch (error) {
          claimed = undefined;
          if (client !== undefined) {
            client.release(error instanceof Error ? error : new Error(String(error)));
            client = undefined;
          }
          if (!isTransientPgError(error)) {
            // Not even the failure could be recorded, and retrying would not help: the message stays
            // unprocessed (the next scan tries again; /healthz reports it waiting).
            this.log.log('error', 'process.crashed', { user: citizen, error: describePgError(error) });
            return 'crashed';
          }
          failures += 1;
          const detail = describePgError(error);
          this.retrying.set(key, { since: this.retrying.get(key)?.since ?? Date.now(), error: detail });
          const delayMs = backoffMs(failures, this.options.retryBaseMs ?? 100, this.options.retryCapMs ?? 5_000);
          this.metrics.processStoreFailures.inc();
          this.log.log(failures === 1 ? 'error' : 'warn', 'process.store_failed', { user: citizen, attempt: failures, retryInMs: delayMs, error: detail });
          await this.sleeps.sleep(delayMs);
        }
      }
      // Stopping with a message claimed (its lock held): the connection is destroyed, which releases it.
      if (claimed?.kind === 'message' && client !== undefined) {
        client.release(new Error('stopping with a citizen locked'));
        client = undefined;
      }
      return 'stopped';
    } finally {
      client?.release();
    }
  }

  /** `finishTurn` through the gate. */
  private finish(client: PgClient, numberId: string, citizen: string, writes: TurnWrites): Promise<Finished> {
    return this.gate.run(() => finishTurn(client, numberId, citizen, writes));
  }

  /**
   * One claimed message of the citizen, finished in one transaction (turn-transaction.ts); resolves
   * with the citizen's next message (the lock still held) or `none` (the lock released). Throws
   * when nothing was committed (the caller destroys the connection, and with it the lock).
   */
  private async processNext(client: PgClient, numberId: string, citizen: string, claimed: Claimed & { kind: 'message' }): Promise<Claimed> {
    const { seq, message, session } = claimed;
    const bot = this.options.bot(numberId);
    if (message.inbound === null || bot === undefined) {
      const done = await this.finish(client, numberId, citizen, { seq, now: Date.now(), bodies: [], ...(bot === undefined ? { error: `no bot serves number ${numberId}` } : {}) });
      if (done.marked && bot !== undefined) logNoReply(this.log, message);
      return done.next;
    }
    const started = performance.now();
    let turn: Awaited<ReturnType<typeof botTurn>>;
    try {
      turn = await botTurn(bot.graph, session, message.inbound, Date.now(), bot.providers, citizen, bot.media);
    } catch (error) {
      // A bug in the engine must not block this citizen forever: record it and move on.
      const detail = error instanceof Error ? error.message : String(error);
      const done = await this.finish(client, numberId, citizen, { seq, now: Date.now(), error: detail, bodies: [] });
      this.log.log('error', 'turn.failed', { user: citizen, wamid: message.wamid, error: detail });
      return done.next;
    }
    this.metrics.stepSeconds.observe((performance.now() - started) / 1000);
    const now = Date.now();
    const rendered = renderTurn(message, turn, now, this.options.replyMaxAgeMs);
    const call = turn.call === undefined ? undefined : { ...newCall(turn.call, bot.graph.bot, citizen), windowStart: message.timestamp > 0 ? message.timestamp * 1000 : now };
    const done = await this.finish(client, numberId, citizen, { seq, now, session: turn.session, bodies: rendered.bodies, ...(call !== undefined ? { call } : {}) });
    if (done.marked) reportStale(this.log, this.metrics, message, rendered, turn.outbound.length);
    if (done.replies > 0) this.options.onOutbox(numberId, citizen);
    if (done.marked && call !== undefined) this.options.onCall?.();
    return done.next;
  }
}
