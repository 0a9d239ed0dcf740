/** The media downloads' metric, on the server's registry (kept by the processing worker, which downloads). */
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { MediaFailure } from './download.js';

/** Names of the metrics this file registers (the worker answers for them: work/protocol.ts). */
export const MEDIA_METRICS = ['samvad_media_downloads_total'] as const;

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
