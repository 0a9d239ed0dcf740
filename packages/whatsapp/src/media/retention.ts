/**
 * Keeping the media folder from growing for ever (`SAMVAD_MEDIA_KEEP_DAYS`, opt-in): a periodic
 * sweep deletes the files in `SAMVAD_MEDIA_DIR` last modified longer ago than that. Cheap: one
 * directory read and one `lstat` per entry, at start and then at most once an hour. Safe: only
 * regular files directly in the folder are deleted — a symbolic link is never followed (nor
 * deleted), a sub-folder never entered, so the sweep cannot leave the folder. A failure (a file it
 * may not delete, a folder it cannot read) is logged once, not at every sweep, and counted.
 */
import { lstat, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Logger } from '../ops/log.js';
import { mediaSweepCounters } from './media-metrics.js';

/** What one sweep did. */
export interface SweepResult {
  /** Files deleted. */
  readonly deleted: number;
  /** Entries that could not be looked at or deleted (and the folder itself when it could not be read): where, and why. */
  readonly failed: readonly { readonly path: string; readonly error: string }[];
}

const MS_PER_DAY = 86_400_000;

/** The sweep's period for a retention of `keepMs`: a quarter of it, between a minute and an hour. */
export function sweepIntervalMs(keepMs: number): number {
  return Math.min(3_600_000, Math.max(60_000, Math.floor(keepMs / 4)));
}

/**
 * Deletes the regular files directly in `dir` whose modification time is before `olderThan`
 * (epoch ms). Never throws: what failed is in the result.
 */
export async function sweepMediaDir(dir: string, olderThan: number): Promise<SweepResult> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    return { deleted: 0, failed: [{ path: dir, error: describe(error) }] };
  }
  let deleted = 0;
  const failed: { path: string; error: string }[] = [];
  for (const name of names) {
    const path = join(dir, name); // one name from readdir: always directly inside `dir`
    try {
      const stat = await lstat(path); // lstat: a symbolic link is seen as a link, never followed
      if (!stat.isFile() || stat.mtimeMs >= olderThan) continue;
      await unlink(path);
      deleted += 1;
    } catch (error) {
      // Gone meanwhile (another process's sweep, a download renamed it): nothing to do.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') failed.push({ path, error: describe(error) });
    }
  }
  return { deleted, failed };
}

/** Options of `startMediaSweeper`. */
export interface MediaSweeperOptions {
  readonly dir: string;
  /** Files older than this many days are deleted. */
  readonly keepDays: number;
  readonly log: Logger;
  /** The server's metrics registry (`samvad_media_deleted_total`, `samvad_media_delete_failures_total`). */
  readonly registry: Registry;
  /** Default: `sweepIntervalMs` of the retention. */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/** A running sweeper. */
export interface MediaSweeper {
  /** Sweeps now (also what the timer does); resolves when done. Sweeps never overlap. */
  sweep(): Promise<SweepResult>;
  /** Stops the timer (a sweep in progress finishes). */
  stop(): void;
}

/**
 * Sweeps `dir` at once and then every `intervalMs` (the timer does not keep the process alive).
 * Each deletion is counted; each failure is logged the first time it happens for that path (and
 * again only after that path has been swept without failing), and counted every time.
 */
export function startMediaSweeper(options: MediaSweeperOptions): MediaSweeper {
  const keepMs = options.keepDays * MS_PER_DAY;
  const now = options.now ?? Date.now;
  const counters = mediaSweepCounters(options.registry);
  const reported = new Set<string>();
  let running: Promise<SweepResult> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const once = async (): Promise<SweepResult> => {
    const result = await sweepMediaDir(options.dir, now() - keepMs);
    counters.deleted.inc(result.deleted);
    if (result.deleted > 0) options.log.log('info', 'media.swept', { deleted: result.deleted, keepDays: options.keepDays });
    const failing = new Set<string>();
    for (const failure of result.failed) {
      counters.failures.inc();
      failing.add(failure.path);
      if (reported.has(failure.path)) continue;
      reported.add(failure.path);
      options.log.log('warn', 'media.sweep_failed', { path: failure.path, error: failure.error, keepDays: options.keepDays });
    }
    for (const path of reported) if (!failing.has(path)) reported.delete(path);
    return result;
  };
  const sweep = (): Promise<SweepResult> => {
    running ??= once().finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = () => {
    void sweep().finally(() => {
      if (timer === undefined) return; // stopped
      timer = setTimeout(tick, options.intervalMs ?? sweepIntervalMs(keepMs));
      timer.unref();
    });
  };
  timer = setTimeout(tick, 0);
  timer.unref();
  return {
    sweep,
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOENT':
      return 'the folder does not exist';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
