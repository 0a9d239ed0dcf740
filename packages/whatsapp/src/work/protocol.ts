/** Messages between the HTTP thread and the processing worker (processing + sending). */
import type { DataItem, Graph } from '@samvad/runtime';
import { CALL_METRICS } from '../calls/call-metrics.js';
import { MEDIA_METRICS } from '../media/media-metrics.js';
import type { LogFields, LogLevel } from '../ops/log.js';
import type { SenderHealth } from '../send/sender.js';
import type { ProcessingHealth } from '../server/processor.js';

/** What the worker is started with (`workerData`). */
export interface WorkerInit {
  /** The module the bootstrap imports (this package's `worker-main`). */
  readonly entry: string;
  readonly dbPath: string;
  readonly synchronous: 'NORMAL' | 'FULL';
  readonly graph: Graph;
  readonly apiBaseUrl: string;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  readonly sendRate: number;
  /** Niceness the worker gives its own thread (see `thread-priority.ts`). */
  readonly nice: number;
  /** The `WriteLock` shared with the HTTP thread (both write the same file). */
  readonly writeLock: SharedArrayBuffer;
  /** Data sources the main thread can run on the worker's behalf. */
  readonly providerNames: readonly string[];
  /** Messages older than this (ms, WhatsApp's timestamp) are processed without a reply. */
  readonly replyMaxAgeMs: number;
  /** `SAMVAD_DB_MAX_MB`, applied to the worker's connection too. */
  readonly dbMaxMb?: number;
}

/** What the worker reports for `/healthz`. */
export interface WorkerHealth {
  readonly processing: ProcessingHealth;
  readonly sending: SenderHealth;
  /** Call attempts in flight in this process. */
  readonly callsInFlight?: number;
}

/** A stored message as handed over: its sequence number and its stored JSON (a string copies cheaply). */
export interface HandedInbound {
  readonly seq: number;
  readonly json: string;
}

export type ToWorker =
  | { readonly type: 'process'; readonly items: readonly HandedInbound[] }
  /** A reloaded graph; `numberId`: the bot it is for (a worker serving several numbers). */
  | { readonly type: 'graph'; readonly graph: Graph; readonly numberId?: string }
  | { readonly type: 'data'; readonly id: number; readonly ok: true; readonly items: readonly DataItem[] }
  | { readonly type: 'data'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly type: 'metrics'; readonly id: number }
  | { readonly type: 'health'; readonly id: number }
  | { readonly type: 'stop' };

export type FromWorker =
  /** Started; `recovered`: stored messages waiting to be processed (the PostgreSQL worker counts them). */
  | { readonly type: 'ready'; readonly resumedSends: number; readonly recovered?: number }
  | { readonly type: 'log'; readonly level: LogLevel; readonly event: string; readonly fields: LogFields }
  /** Run a data source; `numberId`: whose bot's sources (a worker serving several numbers). */
  | { readonly type: 'fetch'; readonly id: number; readonly source: string; readonly params: Readonly<Record<string, string>>; readonly numberId?: string }
  | { readonly type: 'metrics'; readonly id: number; readonly text: string }
  | { readonly type: 'health'; readonly id: number; readonly health: WorkerHealth }
  | { readonly type: 'stopped' };

/** Metrics the worker owns (the rest belong to the HTTP thread). */
export const WORKER_METRICS = [
  'samvad_outbound_sent_total',
  'samvad_outbound_failures_total',
  'samvad_outbound_retries_total',
  'samvad_step_seconds',
  'samvad_inbound_stale_total',
  'samvad_process_store_failures_total',
  'samvad_number_outbound_sent_total',
  'samvad_number_outbound_failures_total',
  ...CALL_METRICS,
  ...MEDIA_METRICS,
] as const;
