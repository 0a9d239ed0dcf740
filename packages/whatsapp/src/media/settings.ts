/**
 * Downloading the media citizens send (`SAMVAD_MEDIA_DIR`, `SAMVAD_MEDIA_MAX_MB`), and deleting
 * them after a while (`SAMVAD_MEDIA_KEEP_DAYS`, see retention.ts). Off unless the folder is set. `loadConfig` checks both variables and the folder at start-up, so serve refuses
 * to start naming the setting; the processing worker (which inherits the environment) then reads
 * them with `mediaSettingsFrom`, as it does the send settings.
 */
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Folder the files go to; unset = media is not downloaded. */
export const MEDIA_DIR_VAR = 'SAMVAD_MEDIA_DIR';
/** Largest file downloaded, in MiB. */
export const MEDIA_MAX_MB_VAR = 'SAMVAD_MEDIA_MAX_MB';

/** Days a downloaded file is kept; unset = kept for ever. */
export const MEDIA_KEEP_DAYS_VAR = 'SAMVAD_MEDIA_KEEP_DAYS';

export const MEDIA_DEFAULTS = { maxMb: 16 } as const;
/**
 * Accepted ranges: `SAMVAD_MEDIA_MAX_MB` (WhatsApp's largest media, a document, is 100 MB);
 * `SAMVAD_MEDIA_KEEP_DAYS`, more than 0 (fractions allowed: 0.5 is 12 hours), at most ten years.
 */
export const MEDIA_LIMITS = { maxMb: [1, 1024], keepDays: [0, 3650] } as const;

/** Where and how large: the settings of a running downloader. */
export interface MediaSettings {
  /** Absolute path of the folder. */
  readonly dir: string;
  /** Largest file, in bytes. */
  readonly maxBytes: number;
  /** Files older than this many days are deleted; absent = kept. */
  readonly keepDays?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The settings in `env`, or `undefined` when downloads are off (the values were checked at start-up; an invalid size falls back to the default). */
export function mediaSettingsFrom(env: Env): MediaSettings | undefined {
  const dir = env[MEDIA_DIR_VAR]?.trim();
  if (dir === undefined || dir === '') return undefined;
  const raw = env[MEDIA_MAX_MB_VAR]?.trim();
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  const [min, max] = MEDIA_LIMITS.maxMb;
  const mb = Number.isInteger(n) && n >= min && n <= max ? n : MEDIA_DEFAULTS.maxMb;
  const keepDays = keepDaysFrom(env[MEDIA_KEEP_DAYS_VAR]);
  return { dir: resolve(dir), maxBytes: mb * 1024 * 1024, ...(typeof keepDays === 'number' ? { keepDays } : {}) };
}

/** `SAMVAD_MEDIA_KEEP_DAYS` read: the days, `undefined` when unset, or why the value is refused. */
function keepDaysFrom(raw: string | undefined): number | undefined | { problem: string } {
  const text = raw?.trim() ?? '';
  if (text === '') return undefined;
  const [min, max] = MEDIA_LIMITS.keepDays;
  // Plain decimal only: `Number` would also take "0x10", "1e3" or "Infinity".
  const days = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(days > min && days <= max)) return { problem: `${MEDIA_KEEP_DAYS_VAR} must be a number of days above ${min} and at most ${max} (e.g. 30, or 0.5 for 12 hours), got "${text}"` };
  return days;
}

/**
 * Checks the media settings in `env` and makes the folder (with its parents) when it is missing:
 * every problem, each naming its variable. Writes and removes a probe file to be sure the folder
 * can be written (permissions, a read-only mount). Nothing is done when the folder is unset.
 */
export function checkMediaSettings(env: Env): string[] {
  const errors: string[] = [];
  const raw = env[MEDIA_MAX_MB_VAR]?.trim();
  const [min, max] = MEDIA_LIMITS.maxMb;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) errors.push(`${MEDIA_MAX_MB_VAR} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  const keepDays = keepDaysFrom(env[MEDIA_KEEP_DAYS_VAR]);
  if (typeof keepDays === 'object') errors.push(keepDays.problem);
  const dir = env[MEDIA_DIR_VAR]?.trim();
  if (dir === undefined || dir === '') {
    // It would silently do nothing: say so instead.
    if (keepDays !== undefined) errors.push(`${MEDIA_KEEP_DAYS_VAR} applies to downloaded media only, and ${MEDIA_DIR_VAR} is not set: set the folder or unset ${MEDIA_KEEP_DAYS_VAR}`);
    return errors;
  }
  const problem = prepareMediaDir(resolve(dir));
  if (problem !== undefined) errors.push(`${MEDIA_DIR_VAR} ${JSON.stringify(dir)} cannot be used: ${problem}`);
  return errors;
}

/** Makes `dir` and proves it writable; the problem in words, or `undefined` when it is ready. */
export function prepareMediaDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.X_OK);
    const probe = join(dir, `.samvad-write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    switch (e.code) {
      case 'EACCES':
      case 'EPERM':
        return 'the folder is not writable by this process (permission denied)';
      case 'EROFS':
        return 'the folder is on a read-only file system';
      case 'ENOTDIR':
      case 'EEXIST':
        return 'it is a file, not a folder';
      default:
        return e.message;
    }
  }
}
