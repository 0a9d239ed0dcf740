/**
 * `/healthz`: from facts gathered by the HTTP thread and the processing worker, whether the bot
 * is doing its job — the database answers, the worker runs, deliveries are stored, queues move —
 * and, when not, every reason in a sentence. Pure.
 */
import type { CallBacklog } from '../calls/call-store.js';
import type { InboundWriteHealth } from '../store/inbound-store.js';
import type { WorkerHealth } from '../work/protocol.js';

/** A failed delivery write counts for this long when nothing was stored since (Meta retries it). */
export const INBOUND_FAILURE_WINDOW_MS = 60_000;
/** This many failed send attempts in a row (none succeeding between): the Graph API is failing. */
export const SEND_FAILURES_IN_A_ROW = 10;

/** What the HTTP thread knows when `/healthz` is asked. */
export interface HealthFacts {
  readonly now: number;
  /** `undefined` when `SELECT 1` works, else its error. */
  readonly dbError: string | undefined;
  readonly workerRunning: boolean;
  /** The worker's own report; `undefined` when it did not answer in time. */
  readonly worker: WorkerHealth | undefined;
  readonly workerTimeoutMs: number;
  readonly inbound: InboundWriteHealth;
  /** When the oldest stored, unprocessed message arrived (ms), if one waits. */
  readonly oldestUnprocessedAt: number | undefined;
  /** `SAMVAD_HEALTH_MAX_WAIT` in ms. */
  readonly maxWaitMs: number;
  readonly queueDepth: number;
  readonly outboxDepth: number;
  readonly graph: string;
  /** Calls to department systems not finished yet (undefined when they could not be read). */
  readonly calls?: CallBacklog;
}

/**
 * Calls not finished yet: how many, and how long the oldest has waited. Informational: a slow or
 * failing department system does not make the bot unhealthy (each call ends by its attempts cap).
 */
export interface CallsHealth {
  readonly pending: number;
  /** Seconds since the oldest pending call was made (absent when none is pending). */
  readonly oldestAgeSeconds?: number;
}

/** The `/healthz` body (503 unless `ok`). */
export interface HealthReport {
  readonly ok: boolean;
  readonly db: 'ok' | 'error';
  readonly worker: 'ok' | 'stopped' | 'not_answering';
  readonly inbound: 'ok' | 'failing';
  readonly processing: 'ok' | 'failing' | 'stalled' | 'unknown';
  readonly sending: 'ok' | 'failing' | 'stalled' | 'unknown';
  readonly queueDepth: number;
  readonly outboxDepth: number;
  readonly graph: string;
  readonly calls?: CallsHealth;
  /** Why not ok, one sentence each (empty when ok). */
  readonly reasons: readonly string[];
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** Decides health from `facts`. */
export function assessHealth(facts: HealthFacts): HealthReport {
  const reasons: string[] = [];
  if (facts.dbError !== undefined) reasons.push(`database: a read failed (${facts.dbError})`);

  let worker: HealthReport['worker'] = 'ok';
  if (!facts.workerRunning) {
    worker = 'stopped';
    reasons.push('processing worker stopped: restart the process (nothing stored is lost)');
  } else if (facts.worker === undefined) {
    worker = 'not_answering';
    reasons.push(`processing worker did not answer within ${seconds(facts.workerTimeoutMs)}`);
  }

  let inbound: HealthReport['inbound'] = 'ok';
  const { failingSince, lastFailure, error } = facts.inbound;
  if (failingSince !== undefined && lastFailure !== undefined && facts.now - lastFailure < INBOUND_FAILURE_WINDOW_MS) {
    inbound = 'failing';
    reasons.push(`inbound: deliveries could not be stored for ${seconds(facts.now - failingSince)} (${error ?? 'unknown error'}); they are answered 500 and Meta retries them`);
  }

  let processing: HealthReport['processing'] = facts.worker === undefined ? 'unknown' : 'ok';
  const p = facts.worker?.processing;
  if (p?.failingForMs !== undefined) {
    processing = 'failing';
    reasons.push(`processing: writes failing for ${seconds(p.failingForMs)} (${p.error ?? 'unknown error'}); ${p.retrying} citizen(s) waiting, retried with backoff`);
  }
  const waited = Math.max(
    facts.oldestUnprocessedAt === undefined ? 0 : facts.now - facts.oldestUnprocessedAt,
    p?.longestWaitMs ?? 0,
  );
  if (waited > facts.maxWaitMs) {
    if (processing === 'ok' || processing === 'unknown') processing = 'stalled';
    reasons.push(`processing: a message has waited ${seconds(waited)} (over SAMVAD_HEALTH_MAX_WAIT, ${seconds(facts.maxWaitMs)})`);
  }

  const sending = assessSending(facts, reasons);

  return {
    ok: reasons.length === 0,
    db: facts.dbError === undefined ? 'ok' : 'error',
    worker,
    inbound,
    processing,
    sending,
    queueDepth: facts.queueDepth,
    outboxDepth: facts.outboxDepth,
    graph: facts.graph,
    ...(facts.calls !== undefined ? { calls: callsHealth(facts.calls, facts.now) } : {}),
    reasons,
  };
}

function callsHealth(calls: CallBacklog, now: number): CallsHealth {
  if (calls.oldestAt === undefined) return { pending: calls.pending };
  return { pending: calls.pending, oldestAgeSeconds: Math.max(0, Math.round((now - calls.oldestAt) / 1000)) };
}

/** The sender's part: outbox writes failing, a due reply with nothing scheduled, replies waiting too long. */
function assessSending(facts: HealthFacts, reasons: string[]): HealthReport['sending'] {
  const s = facts.worker?.sending;
  if (s === undefined) return 'unknown';
  let sending: HealthReport['sending'] = 'ok';
  if (s.writeError !== undefined) {
    sending = 'failing';
    reasons.push(`sending: outbox writes failing (${s.writeError}); ${s.unwrittenMarks} mark(s) waiting to be written, those replies are not sent again`);
  }
  if (s.failuresInARow >= SEND_FAILURES_IN_A_ROW) {
    sending = 'failing';
    reasons.push(`sending: the last ${s.failuresInARow} attempts failed (the Graph API is down or refusing); replies are retried`);
  }
  if (s.stalled > 0) {
    if (sending === 'ok') sending = 'stalled';
    reasons.push(`sending: ${s.stalled} citizen(s) have a reply due and nothing scheduled to send it`);
  }
  if (s.held > 0 && s.oldestHeldMs > facts.maxWaitMs) {
    if (sending === 'ok') sending = 'stalled';
    reasons.push(`sending: a reply has waited ${seconds(s.oldestHeldMs)} (over SAMVAD_HEALTH_MAX_WAIT, ${seconds(facts.maxWaitMs)})`);
  }
  return sending;
}
