/**
 * Live reload: watches a flow's files and recompiles after edits, debounced. Directories are
 * watched rather than files, so editors that save by replacing the file are seen too.
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import type { Graph } from '@samvad/runtime';
import type { LoadResult } from './source.js';

/** What a reload produced: a new graph, or the compiler's rendered diagnostics. */
export type ReloadEvent =
  /** `file` is the changed file, relative to the working directory. */
  | { readonly kind: 'graph'; readonly graph: Graph; readonly file: string }
  | { readonly kind: 'error'; readonly rendered: string; readonly file: string };

/** Subscribes to reloads; returns the function that stops them. */
export type ReloadSource = (listener: (event: ReloadEvent) => void) => () => void;

export interface WatchOptions {
  /** Loads the flow again (compile or parse), as at start. */
  readonly load: () => LoadResult;
  /** The files of the version running now. */
  readonly files: readonly string[];
  /** Quiet time after the last change before recompiling. */
  readonly debounceMs?: number;
}

/** A reload source that recompiles when any of the flow's files changes. */
export function watchFlow(options: WatchOptions): ReloadSource {
  return (listener) => {
    const debounceMs = options.debounceMs ?? 120;
    let watchers: FSWatcher[] = [];
    let timer: NodeJS.Timeout | undefined;
    let changed = '';
    let stopped = false;

    const arm = (files: readonly string[]) => {
      for (const w of watchers) w.close();
      const byDir = new Map<string, Set<string>>();
      for (const file of files) {
        const full = resolve(file);
        const names = byDir.get(dirname(full)) ?? new Set<string>();
        names.add(basename(full));
        byDir.set(dirname(full), names);
      }
      watchers = [];
      for (const [dir, names] of byDir) {
        try {
          const watcher = watch(dir, (_event, name) => {
            if (name !== null && names.has(name.toString())) schedule(resolve(dir, name.toString()));
          });
          watcher.on('error', () => undefined);
          watchers.push(watcher);
        } catch {
          // A folder that vanished cannot be watched; the next successful reload re-arms.
        }
      }
    };

    const schedule = (file: string) => {
      changed = relative(process.cwd(), file) || file;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(reload, debounceMs);
    };

    const reload = () => {
      timer = undefined;
      if (stopped) return;
      const result = options.load();
      arm(result.files.length > 0 ? result.files : options.files);
      listener(result.ok ? { kind: 'graph', graph: result.graph, file: changed } : { kind: 'error', rendered: result.rendered, file: changed });
    };

    arm(options.files);
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const w of watchers) w.close();
    };
  };
}
