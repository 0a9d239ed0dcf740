/**
 * SAMVAD_MEDIA_KEEP_DAYS: the retention sweep on a real folder, with real modification times set
 * by utimes — old files go, fresh ones stay, a symbolic link is neither followed nor deleted, a
 * sub-folder is never entered; deletions are counted and a failure is logged once. And the
 * setting: refused at start-up when it is no positive number of days, or set without a folder.
 */
import { existsSync, lutimesSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediaDownloaderFrom } from '../src/media/downloader.js';
import { startMediaSweeper, sweepIntervalMs, sweepMediaDir } from '../src/media/retention.js';
import { checkMediaSettings, mediaSettingsFrom } from '../src/media/settings.js';
import type { Logger } from '../src/ops/log.js';

const DAY = 86_400_000;
let root: string;
let media: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'samvad-retention-'));
  media = join(root, 'media');
  mkdirSync(media);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes `path` and sets its modification (and access) time to `daysAgo` days before now. */
function fileAged(path: string, daysAgo: number): string {
  writeFileSync(path, 'x');
  const at = new Date(Date.now() - daysAgo * DAY);
  utimesSync(path, at, at);
  return path;
}

interface Logged {
  readonly level: string;
  readonly event: string;
  readonly fields: Record<string, unknown>;
}
const recorder = (): { log: Logger; lines: Logged[] } => {
  const lines: Logged[] = [];
  return { lines, log: { log: (level, event, fields = {}) => lines.push({ level, event, fields: { ...fields } }) } };
};
const metric = async (registry: Registry, name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value;

describe('the retention sweep on a real folder', () => {
  it('deletes the files older than the retention and keeps the fresh ones', async () => {
    const old = fileAged(join(media, '71001.jpg'), 31);
    const partial = fileAged(join(media, '.71002.123.part'), 40); // a download a crash left behind
    const fresh = fileAged(join(media, '71003.jpg'), 29);
    const now = fileAged(join(media, '71004.pdf'), 0);
    const result = await sweepMediaDir(media, Date.now() - 30 * DAY);
    expect(result).toEqual({ deleted: 2, failed: [] });
    expect([old, partial, fresh, now].map(existsSync)).toEqual([false, false, true, true]);
  });

  it('never follows a symbolic link nor enters a sub-folder: nothing outside the folder is touched', async () => {
    const outside = fileAged(join(root, 'outside.jpg'), 90);
    const link = join(media, 'link.jpg');
    symlinkSync(outside, link);
    const old = new Date(Date.now() - 90 * DAY);
    lutimesSync(link, old, old); // the link itself is old too
    const dirLink = join(media, 'up');
    symlinkSync(root, dirLink);
    const sub = join(media, 'sub');
    mkdirSync(sub);
    const nested = fileAged(join(sub, 'nested.jpg'), 90);
    const result = await sweepMediaDir(media, Date.now() - DAY);
    expect(result).toEqual({ deleted: 0, failed: [] });
    expect([outside, link, dirLink, sub, nested].map(existsSync)).toEqual([true, true, true, true, true]);
  });

  it('counts each deletion in the metrics, and sweeps again on its timer', async () => {
    const registry = new Registry();
    const { log, lines } = recorder();
    fileAged(join(media, 'a.jpg'), 3);
    fileAged(join(media, 'b.jpg'), 3);
    const sweeper = startMediaSweeper({ dir: media, keepDays: 1, log, registry, intervalMs: 20 });
    try {
      await expect.poll(() => metric(registry, 'samvad_media_deleted_total'), { timeout: 5_000 }).toBe(2);
      fileAged(join(media, 'c.jpg'), 2); // arrives (aged) after the first sweep: the timer's next sweep takes it
      await expect.poll(() => metric(registry, 'samvad_media_deleted_total'), { timeout: 5_000 }).toBe(3);
      expect(existsSync(join(media, 'c.jpg'))).toBe(false);
      expect(lines.filter((l) => l.event === 'media.swept').map((l) => l.fields['deleted'])).toEqual([2, 1]);
    } finally {
      sweeper.stop();
    }
  });

  it('logs a failure once however many sweeps meet it, counts every one, and logs it again after it cleared', async () => {
    const registry = new Registry();
    const { log, lines } = recorder();
    const gone = join(root, 'gone');
    const sweeper = startMediaSweeper({ dir: gone, keepDays: 1, log, registry, intervalMs: 3_600_000 });
    try {
      for (let i = 0; i < 3; i += 1) await sweeper.sweep();
      const failed = () => lines.filter((l) => l.event === 'media.sweep_failed');
      expect(failed()).toEqual([{ level: 'warn', event: 'media.sweep_failed', fields: { path: gone, error: 'the folder does not exist', keepDays: 1 } }]);
      expect(await metric(registry, 'samvad_media_delete_failures_total')).toBeGreaterThanOrEqual(3);
      mkdirSync(gone);
      await sweeper.sweep(); // clears
      rmSync(gone, { recursive: true });
      await sweeper.sweep();
      expect(failed()).toHaveLength(2);
    } finally {
      sweeper.stop();
    }
  });

  it('sweeps at most hourly, at least every minute, and a quarter of the retention in between', () => {
    expect(sweepIntervalMs(30 * DAY)).toBe(3_600_000);
    expect(sweepIntervalMs(0.1 * DAY)).toBe(2_160_000);
    expect(sweepIntervalMs(0.001 * DAY)).toBe(60_000);
  });
});

describe('SAMVAD_MEDIA_KEEP_DAYS', () => {
  it('is read with the folder: days, fractions allowed; unset keeps files for ever', () => {
    expect(mediaSettingsFrom({ SAMVAD_MEDIA_DIR: media, SAMVAD_MEDIA_KEEP_DAYS: '30' })).toEqual({ dir: media, maxBytes: 16 * 1024 * 1024, keepDays: 30 });
    expect(mediaSettingsFrom({ SAMVAD_MEDIA_DIR: media, SAMVAD_MEDIA_KEEP_DAYS: ' 0.5 ' })?.keepDays).toBe(0.5);
    expect(mediaSettingsFrom({ SAMVAD_MEDIA_DIR: media })).toEqual({ dir: media, maxBytes: 16 * 1024 * 1024 });
    expect(checkMediaSettings({ SAMVAD_MEDIA_DIR: media, SAMVAD_MEDIA_KEEP_DAYS: '0.5' })).toEqual([]);
  });

  it.each(['0', '-3', 'abc', '30d', '1e3', 'Infinity', '0x10', '3651'])('refuses %j, naming the setting', (value) => {
    expect(checkMediaSettings({ SAMVAD_MEDIA_DIR: media, SAMVAD_MEDIA_KEEP_DAYS: value })).toEqual([
      `SAMVAD_MEDIA_KEEP_DAYS must be a number of days above 0 and at most 3650 (e.g. 30, or 0.5 for 12 hours), got "${value}"`,
    ]);
  });

  it('refuses a retention without a folder (it would do nothing)', () => {
    expect(checkMediaSettings({ SAMVAD_MEDIA_KEEP_DAYS: '30' })).toEqual([
      'SAMVAD_MEDIA_KEEP_DAYS applies to downloaded media only, and SAMVAD_MEDIA_DIR is not set: set the folder or unset SAMVAD_MEDIA_KEEP_DAYS',
    ]);
  });

  it("starts one sweep per process, however many bots' downloaders it makes (they share the folder)", async () => {
    const registry = new Registry();
    const { log, lines } = recorder();
    // A folder that vanished: every sweeper started would log its failure once.
    const env = { SAMVAD_MEDIA_DIR: join(root, 'vanished'), SAMVAD_MEDIA_KEEP_DAYS: '1' };
    for (const token of ['token-a', 'token-b', 'token-c']) mediaDownloaderFrom(env, { apiBaseUrl: 'http://127.0.0.1:9', accessToken: token, log, registry });
    await expect.poll(() => metric(registry, 'samvad_media_delete_failures_total'), { timeout: 5_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await metric(registry, 'samvad_media_delete_failures_total')).toBe(1);
    expect(lines.filter((l) => l.event === 'media.sweep_failed')).toHaveLength(1);
  });
});
