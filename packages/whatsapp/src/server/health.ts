/**
 * `/healthz`: from facts gathered by the HTTP thread and the processing worker, whether the bot
 * is doing its job — the database answers, the worker runs, deliveries are stored, queues move —
 * and, when not, every reason in a sentence. Pure.
 */
import type { InboundWriteHealth } from '../store/inbound-store.js';
import type { WorkerHealth } from '../work/protocol.js';

/** A failed delivery write counts for this long when nothing was stored since (Meta retries it). */
export const INBOUND_FAILURE_WINDOW_MS = 60_000;

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
}

/** The `/healthz` body (503 unless `ok`). */
export interface HealthReport {
  readonly ok: boolean;
  readonly db: 'ok' | 'error';
  readonly worker: 'ok' | 'stopped' | 'not_answering';
  readonly inbound: 'ok' | 'failing';
  readonly processing: 'ok' | 'failing' | 'stalled' | 'unknown';
  readonly queueDepth: number;
  readonly outboxDepth: number;
  readonly graph: string;
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

  return {
    ok: reasons.length === 0,
    db: facts.dbError === undefined ? 'ok' : 'error',
    worker,
    inbound,
    processing,
    queueDepth: facts.queueDepth,
    outboxDepth: facts.outboxDepth,
    graph: facts.graph,
    reasons,
  };
}
