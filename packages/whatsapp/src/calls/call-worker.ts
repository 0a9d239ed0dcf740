/**
 * The call worker of one serve process: claims due calls from the store, posts each (signed, with
 * its idempotency key), judges the answer, and either hands the call back for a later attempt or
 * finishes it — one transaction that marks it done and stores the inbound row whose processing
 * tells the citizen. Same code on SQLite and PostgreSQL (where several processes' workers share
 * the calls through leases).
 *
 * Wake-ups: `notify()` (a turn committed a call; on PostgreSQL also a NOTIFY from any process),
 * an attempt ending (a slot free), and a timer set to when the next pending call is due (or its
 * lease runs out), never later than `pollMs` — no busy polling.
 *
 * An answer that lacks a field the call node's `receive` reads (or has an object or a list where a
 * text is needed) finishes the call as `incomplete`: a failure, so the citizen gets the fallback
 * rather than an empty reference; logged (`call.incomplete`: endpoint, key, node, path) and counted.
 *
 * Crash safety: the attempt is counted and the call leased before the POST; a process that dies
 * after the POST and before the finish leaves the call pending, and it is posted again (same body,
 * same key) once the lease runs out (SQLite: at the next start). The receiver deduplicates on the
 * `Idempotency-Key`.
 */
import { setMaxListeners } from 'node:events';
import { answerGap, describeAnswerGap, incompleteResult } from '@samvad/runtime';
import type { AnswerGap } from '@samvad/runtime';
import type { Logger } from '../ops/log.js';
import type { CallMetrics } from './call-metrics.js';
import { callHeaders } from './call-request.js';
import type { CallFinish, CallStore, ClaimedCall, FinishedCall } from './call-store.js';
import type { ResolvedEndpoint } from './endpoints.js';
import { postOnce } from './http-client.js';
import type { AttemptOutcome, CallRetryPolicy } from './policy.js';
import { afterAttempt, judgeAttempt } from './policy.js';

/** Posts one attempt (injected in tests). */
export type PostFn = (url: string, headers: Readonly<Record<string, string>>, body: string, timeoutMs: number, stop?: AbortSignal) => Promise<AttemptOutcome>;

export interface CallWorkerOptions {
  readonly store: CallStore;
  /** The endpoint `name` of the bot serving `numberId`, from its current graph and the environment. */
  readonly endpoint: (numberId: string, name: string) => ResolvedEndpoint | undefined;
  readonly policy: CallRetryPolicy;
  readonly log: Logger;
  readonly metrics: CallMetrics;
  /** A finished call's inbound row is stored: process it. */
  readonly onFinished: (stored: FinishedCall) => void;
  /** Attempts in flight at once. Default 16. */
  readonly concurrency?: number;
  /** The longest sleep between two looks at the store. Default 5,000 ms. */
  readonly pollMs?: number;
  /** Added to a call's timeout for its lease. Default 2,000 ms. */
  readonly leaseGraceMs?: number;
  readonly post?: PostFn;
}

/** A store failure is retried after this long (the timer's next look). */
const STORE_RETRY_MS = 1_000;

export class CallWorker {
  private readonly inFlight = new Map<string, Promise<void>>();
  private claiming = false;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Aborts the attempts in flight when stopping (they are neither recorded nor lost: see the file comment). */
  private readonly stopping = new AbortController();
  private readonly concurrency: number;
  private readonly post: PostFn;

  constructor(private readonly options: CallWorkerOptions) {
    this.concurrency = options.concurrency ?? 16;
    this.post = options.post ?? postOnce;
    // Every attempt in flight listens for the stop: as many listeners as attempts is no leak.
    setMaxListeners(this.concurrency + 8, this.stopping.signal);
  }

  /** Starts looking for due calls (those a previous run left are due at once). */
  start(): void {
    this.notify();
  }

  /** Something may be due: look now (or right after the look in progress). */
  notify(): void {
    if (this.stopped) return;
    this.dirty = true;
    if (this.claiming) return;
    void this.claimLoop();
  }

  /** Attempts in flight. */
  get active(): number {
    return this.inFlight.size;
  }

  /**
   * Stops claiming and abandons the attempts in flight: their calls stay pending and leased, and
   * are posted again (same key) when the lease runs out or, on SQLite, at the next start.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopping.abort();
    await Promise.all([...this.inFlight.values()]);
  }

  private async claimLoop(): Promise<void> {
    this.claiming = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    let sleepMs = this.options.pollMs ?? 5_000;
    try {
      while (this.dirty && !this.stopped) {
        this.dirty = false;
        const room = this.concurrency - this.inFlight.size;
        if (room <= 0) return; // an attempt ending looks again
        const claimed = await this.options.store.claimDue(room, this.options.leaseGraceMs ?? 2_000);
        for (const call of claimed) this.begin(call);
        if (claimed.length === room) this.dirty = true; // there may be more
      }
      if (this.stopped) return;
      const next = await this.options.store.nextDueInMs();
      if (next !== undefined) sleepMs = Math.min(sleepMs, Math.max(next, 10));
    } catch (error) {
      this.options.log.log('warn', 'call.store_failed', { error: error instanceof Error ? error.message : String(error) });
      sleepMs = STORE_RETRY_MS;
    } finally {
      this.claiming = false;
      if (!this.stopped) {
        if (this.dirty) void this.claimLoop();
        else {
          this.timer = setTimeout(() => this.notify(), sleepMs);
          this.timer.unref();
        }
      }
    }
  }

  /**
   * Starts the attempt of a claimed call. A call claimed again while its previous attempt is still
   * winding up here (its hand-back committed, its retry already due: another connection's claim can
   * see that before this attempt's promise settles) runs right after it — never dropped, which would
   * leave an attempt counted and the call leased, unposted, until the lease ran out.
   */
  private begin(call: ClaimedCall): void {
    const previous = this.inFlight.get(call.key) ?? Promise.resolve();
    const run: Promise<void> = previous
      .then(() => this.attempt(call))
      .catch((error: unknown) => {
        // The store failed to record the outcome: the lease runs out and the call is posted again.
        this.options.log.log('error', 'call.store_failed', { key: call.key, user: call.citizen, error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        if (this.inFlight.get(call.key) === run) this.inFlight.delete(call.key);
        this.notify();
      });
    this.inFlight.set(call.key, run);
  }

  private async attempt(call: ClaimedCall): Promise<void> {
    const { log, metrics, policy, store } = this.options;
    const endpoint = this.options.endpoint(call.numberId, call.endpoint);
    const fields = { key: call.key, user: call.citizen, endpoint: call.endpoint, attempt: call.attempts };
    if (this.stopped) return;
    if (endpoint === undefined) {
      const detail = `endpoint "${call.endpoint}" is not in the graph being served any more`;
      metrics.finished(call.endpoint, 'error');
      log.log('error', 'call.failed', { ...fields, outcome: 'error', error: detail });
      await this.finished(await store.finish(call, { result: { ok: false, reason: 'error', detail }, outcome: 'error', error: detail }));
      return;
    }
    const started = performance.now();
    const outcome = await this.post(endpoint.url, callHeaders(call.key, call.body, endpoint.secret), call.body, call.timeoutMs, this.stopping.signal);
    if (this.stopped) return;
    metrics.seconds.observe({ endpoint: call.endpoint }, (performance.now() - started) / 1000);
    const verdict = judgeAttempt(outcome, Date.now());
    const next = afterAttempt(verdict, call.attempts, policy);
    if (next.kind === 'retry') {
      metrics.retries.inc({ endpoint: call.endpoint });
      log.log('warn', 'call.retrying', { ...fields, retryInMs: next.delayMs, error: next.detail });
      await store.retryLater(call, next.delayMs, next.detail);
      return;
    }
    const answer = next.result.ok ? next.result.answer : undefined;
    const gap = answer === undefined ? undefined : gapOf(endpoint, call.requestId, answer);
    // An answer without what the flow reads fails the call; the answer is kept with it for operators.
    const finish: CallFinish =
      gap === undefined || answer === undefined
        ? { result: next.result, outcome: next.outcome, ...(!next.result.ok && next.result.detail !== undefined ? { error: next.result.detail } : {}) }
        : { result: incompleteResult(gap), outcome: 'incomplete', error: describeAnswerGap(gap), answer };
    const stored = await store.finish(call, finish);
    if (stored === undefined) return; // finished elsewhere (another process took it over)
    metrics.finished(call.endpoint, finish.outcome);
    const tookMs = Date.now() - call.createdAt;
    if (finish.result.ok) log.log('info', 'call.done', { ...fields, tookMs });
    else if (gap !== undefined) {
      // The system's answer lacks what the flow reads: its people must fix it. Which path, never a value (nor the citizen).
      const { user: _citizen, ...where } = fields;
      log.log('warn', 'call.incomplete', { ...where, node: nodeOf(call.requestId), path: gap.path, variable: gap.variable, problem: gap.problem, tookMs });
    } else log.log('warn', 'call.failed', { ...fields, outcome: finish.outcome, tookMs, error: finish.error ?? '' });
    await this.finished(stored);
  }

  private async finished(stored: FinishedCall | undefined): Promise<void> {
    if (stored !== undefined) this.options.onFinished(stored);
  }
}

/** The call node of a runtime request id (`<node>:<time>`, see the runtime's `startCall`). */
function nodeOf(requestId: string): string {
  const colon = requestId.lastIndexOf(':');
  return colon < 0 ? requestId : requestId.slice(0, colon);
}

/** The `receive` path the answer cannot fill, when the endpoint knows the call node's paths. */
function gapOf(endpoint: ResolvedEndpoint, requestId: string, answer: Readonly<Record<string, unknown>>): AnswerGap | undefined {
  const receive = endpoint.receives?.get(nodeOf(requestId));
  return receive === undefined ? undefined : answerGap(receive, answer);
}
