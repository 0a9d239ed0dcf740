/**
 * The host's side of a media message in `serve`: before the turn runs, the file is downloaded
 * (see `download.ts`) and its path set on the inbound, so a flow can hand `{photo.path}` on. A
 * failure is logged and counted, and the turn runs without `path` (the media id is still there):
 * the citizen is never left without an answer because a file could not be fetched.
 */
import type { Inbound } from '@samvad/runtime';
import type { Registry } from 'prom-client';
import type { Logger } from '../ops/log.js';
import { downloadMedia } from './download.js';
import type { MediaDownloadOptions } from './download.js';
import { mediaDownloadsCounter, mediaSweepCounters } from './media-metrics.js';
import { startMediaSweeper } from './retention.js';
import type { MediaSweeper } from './retention.js';
import { mediaSettingsFrom } from './settings.js';
import type { MediaSettings } from './settings.js';

/** Downloads the file of a media inbound. */
export interface MediaDownloader {
  /** `inbound` with `path` set when it is media whose file was downloaded; otherwise `inbound` itself. Never throws. */
  attach(inbound: Inbound): Promise<Inbound>;
}

/** The Graph API account a downloader uses, and where it reports. */
export interface MediaDownloaderOptions {
  readonly apiBaseUrl: string;
  readonly accessToken: string;
  readonly phoneNumberId?: string;
  readonly log: Logger;
  /** The server's metrics registry (`samvad_media_downloads_total` is registered on it once). */
  readonly registry: Registry;
  /** Deadlines (tests); defaults in `download.ts`. */
  readonly lookupTimeoutMs?: number;
  readonly downloadTimeoutMs?: number;
}

/** A downloader with `settings`. */
export function mediaDownloader(settings: MediaSettings, options: MediaDownloaderOptions): MediaDownloader {
  const downloads = mediaDownloadsCounter(options.registry);
  const fetchOptions: MediaDownloadOptions = {
    apiBaseUrl: options.apiBaseUrl,
    accessToken: options.accessToken,
    dir: settings.dir,
    maxBytes: settings.maxBytes,
    ...(options.phoneNumberId !== undefined ? { phoneNumberId: options.phoneNumberId } : {}),
    ...(options.lookupTimeoutMs !== undefined ? { lookupTimeoutMs: options.lookupTimeoutMs } : {}),
    ...(options.downloadTimeoutMs !== undefined ? { downloadTimeoutMs: options.downloadTimeoutMs } : {}),
  };
  return {
    async attach(inbound) {
      if (inbound.kind !== 'media' || inbound.path !== undefined) return inbound;
      const started = Date.now();
      const result = await downloadMedia(inbound.id, inbound.mime, fetchOptions);
      const ms = Date.now() - started;
      if (result.ok) {
        downloads.inc({ outcome: 'ok' });
        options.log.log('info', 'media.downloaded', { media: inbound.id, mediaType: inbound.mediaType, mime: result.mime, bytes: result.bytes, path: result.path, ms });
        return { ...inbound, path: result.path };
      }
      downloads.inc({ outcome: result.reason });
      options.log.log(result.reason === 'expired_token' ? 'error' : 'warn', 'media.download_failed', {
        media: inbound.id,
        mediaType: inbound.mediaType,
        reason: result.reason,
        error: result.detail,
        ms,
      });
      return inbound;
    },
  };
}

/**
 * The downloader `env` asks for (`SAMVAD_MEDIA_DIR`), or `undefined` when downloads are off. The
 * media counters are registered either way: the worker answers for them on every `/metrics`.
 * With `SAMVAD_MEDIA_KEEP_DAYS` it also starts the folder's retention sweep — once per registry,
 * i.e. once per process however many bots' downloaders it makes (they share the folder).
 */
export function mediaDownloaderFrom(env: Readonly<Record<string, string | undefined>>, options: MediaDownloaderOptions): MediaDownloader | undefined {
  mediaDownloadsCounter(options.registry);
  mediaSweepCounters(options.registry);
  const settings = mediaSettingsFrom(env);
  if (settings === undefined) return undefined;
  if (settings.keepDays !== undefined && !sweeping.has(options.registry)) {
    sweeping.set(options.registry, startMediaSweeper({ dir: settings.dir, keepDays: settings.keepDays, log: options.log, registry: options.registry }));
  }
  return mediaDownloader(settings, options);
}

/** The retention sweeper started for each registry (a process's one). */
const sweeping = new WeakMap<Registry, MediaSweeper>();
