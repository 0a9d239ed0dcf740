/**
 * Watches the bot's files on disk (polling their stats, which survives editors that save by
 * renaming a new file over the old). A change the studio did not write itself is reported once.
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Stats } from 'node:fs';

/** How often a file's stats are read. */
const INTERVAL_MS = 200;

/** Files watched by absolute path; `onChange(path, text)` for a change made elsewhere. */
export class FileWatcher {
  private readonly watched = new Map<string, (current: Stats, previous: Stats) => void>();
  /** The text the studio last wrote or read of each file: a change to the same text is not news. */
  private readonly known = new Map<string, string>();

  constructor(private readonly onChange: (path: string, text: string) => void) {}

  /** Watches exactly `paths` from now on. */
  watch(paths: readonly string[]): void {
    const wanted = new Set(paths);
    for (const [path, listener] of this.watched) {
      if (wanted.has(path)) continue;
      unwatchFile(path, listener);
      this.watched.delete(path);
    }
    for (const path of wanted) {
      if (this.watched.has(path)) continue;
      this.known.set(path, readOrEmpty(path));
      const listener = (current: Stats, previous: Stats) => {
        if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
        const text = readOrEmpty(path);
        if (this.known.get(path) === text) return;
        this.known.set(path, text);
        this.onChange(path, text);
      };
      watchFile(path, { interval: INTERVAL_MS, persistent: false }, listener);
      this.watched.set(path, listener);
    }
  }

  /** The studio wrote `text` to `path`: not a change to report. */
  wrote(path: string, text: string): void {
    this.known.set(path, text);
  }

  close(): void {
    for (const [path, listener] of this.watched) unwatchFile(path, listener);
    this.watched.clear();
  }
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
