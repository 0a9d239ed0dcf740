/** What the PostgreSQL processing worker (pg/worker-main.ts) is started with (its `workerData`). */
import type { Graph } from '@samvad/runtime';

/** One bot the worker processes and sends for. */
export interface PgWorkerBot {
  readonly numberId: string;
  readonly graph: Graph;
  readonly accessToken: string;
  /** Messages per second for the number, for the whole cluster. */
  readonly sendRate: number;
  /** The data sources of this bot, run on the HTTP thread on the worker's behalf. */
  readonly providerNames: readonly string[];
  /** Its name in the deployment file (metrics' `bot` label). */
  readonly name?: string;
}

export interface PgWorkerInit {
  /** `SAMVAD_DB`. */
  readonly url: string;
  readonly bots: readonly PgWorkerBot[];
  readonly apiBaseUrl: string;
  /** Messages older than this (ms, WhatsApp's timestamp) are processed without a reply. */
  readonly replyMaxAgeMs: number;
  /** Niceness the worker gives its own thread (work/thread-priority.ts). */
  readonly nice: number;
  /** This process's name in outbox leases. */
  readonly processId: string;
  readonly sendLeaseMs?: number;
  /** Most citizens one processing lane holds and commits in one transaction (pg/batch-lane.ts). */
  readonly batchSize: number;
  /** Processing round trips in flight at once (`SAMVAD_PG_STATEMENTS`; default: cores less one); the lanes are one more. */
  readonly statementsInFlight?: number;
}
