/** The media metrics, on the server's registry (kept by the processing worker, which downloads and sweeps). */
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { MediaFailure } from './download.js';

/** Names of the metrics this file registers (the worker answers for them: work/protocol.ts). */
export const MEDIA_METRICS = ['samvad_media_downloads_total', 'samvad_media_deleted_total', 'samvad_media_delete_failures_total'] as const;

/** Downloads by outcome: `ok` or a `MediaFailure`. */
export type MediaOutcome = 'ok' | MediaFailure;

/** The downloads counter on `registry`, registered on first use (one per registry, shared by every bot's downloader). */
export function mediaDownloadsCounter(registry: Registry): Counter<'outcome'> {
  const existing = registry.getSingleMetric(MEDIA_METRICS[0]);
  if (existing instanceof Counter) return existing as Counter<'outcome'>;
  return new Counter({
    name: MEDIA_METRICS[0],
    help: 'Media files citizens sent, by download outcome (ok, too_big, expired_token, gone, timeout, error)',
    labelNames: ['outcome'],
    registers: [registry],
  });
}

/** The retention sweep's counters (`SAMVAD_MEDIA_KEEP_DAYS`). */
export interface MediaSweepCounters {
  /** Files deleted because they were older than the retention. */
  readonly deleted: Counter;
  /** Files (or the folder) a sweep could not look at or delete. */
  readonly failures: Counter;
}

/** The sweep's counters on `registry`, registered on first use. */
export function mediaSweepCounters(registry: Registry): MediaSweepCounters {
  return {
    deleted: counterOn(registry, MEDIA_METRICS[1], 'Media files deleted by the retention sweep (SAMVAD_MEDIA_KEEP_DAYS)'),
    failures: counterOn(registry, MEDIA_METRICS[2], 'Media files (or the folder) the retention sweep could not look at or delete'),
  };
}

function counterOn(registry: Registry, name: string, help: string): Counter {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing as Counter;
  return new Counter({ name, help, registers: [registry] });
}
