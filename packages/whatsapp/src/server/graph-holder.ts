/**
 * The graph being served, swapped atomically on reload. A new graph is used only after it has
 * been loaded and validated (schema and integrity); a refused one leaves the old one serving, is
 * logged as `graph.reload_refused` and counted in `samvad_graph_reloads_total{outcome="refused"}`.
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Graph } from '@samvad/runtime';
import type { Logger } from '../ops/log.js';

/**
 * Loads (and validates) the graph again, e.g. re-reading graph.json or recompiling a .flow (off
 * this thread). `files`: every file the load read (root and includes), watched until the next load.
 */
export type GraphLoader = () => Promise<
  | { ok: true; graph: Graph; files?: readonly string[] }
  | { ok: false; message: string; files?: readonly string[] }
>;

/** Quiet time after the last change before reloading (editors write in several steps). */
const DEBOUNCE_MS = 200;

export class GraphHolder {
  /** Watchers by folder: a folder watch survives its file being deleted, recreated or renamed over. */
  private readonly watchers = new Map<string, FSWatcher>();
  /** Watched file names by folder. */
  private watched = new Map<string, Set<string>>();
  /** The files watched (the last successful load's, plus those of refused loads since). */
  private files: readonly string[] = [];
  private watching = false;
  private debounce: NodeJS.Timeout | undefined;
  private reloading: Promise<boolean> | undefined;
  /** A change arrived while a reload was running: reload again when it ends. */
  private again: string | undefined;
  private closed = false;
  private readonly reloads: Counter<'outcome'> | undefined;

  constructor(
    private current: Graph,
    private readonly loader: GraphLoader | undefined,
    private readonly log: Logger,
    private readonly onChange: (graph: Graph) => void = () => {},
    registry?: Registry,
  ) {
    // Several bots (one holder each) share the registry's one counter.
    const existing = registry?.getSingleMetric('samvad_graph_reloads_total') as Counter<'outcome'> | undefined;
    this.reloads =
      registry === undefined
        ? undefined
        : (existing ?? new Counter({ name: 'samvad_graph_reloads_total', help: 'Graph reloads, by outcome (applied or refused)', labelNames: ['outcome'], registers: [registry] }));
    this.reloads?.inc({ outcome: 'applied' }, 0);
    this.reloads?.inc({ outcome: 'refused' }, 0);
  }

  get graph(): Graph {
    return this.current;
  }

  /** Reloads; resolves true when a new valid graph is now serving. */
  reload(reason: string): Promise<boolean> {
    if (this.reloading !== undefined) {
      this.again = reason;
      return this.reloading;
    }
    this.reloading = this.doReload(reason).finally(() => {
      this.reloading = undefined;
      const again = this.again;
      this.again = undefined;
      if (again !== undefined && !this.closed) void this.reload(again);
    });
    return this.reloading;
  }

  /**
   * Reloads whenever one of `files` (the root and its includes) changes, debounced. The folders
   * holding them are watched, not the files: a file deleted and recreated, or replaced by an
   * editor's rename, is still seen, and a `.flow` file appearing there (a missing include being
   * written) reloads too. Each load's file list replaces the watched set.
   */
  watch(files: string | readonly string[]): void {
    this.watching = true;
    this.rearm(typeof files === 'string' ? [files] : files);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.debounce);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private rearm(files: readonly string[]): void {
    if (this.closed || files.length === 0) return;
    this.files = files;
    const wanted = new Map<string, Set<string>>();
    for (const file of files) {
      const folder = dirname(file);
      wanted.set(folder, (wanted.get(folder) ?? new Set()).add(basename(file)));
    }
    this.watched = wanted;
    for (const [folder, watcher] of this.watchers) {
      if (wanted.has(folder)) continue;
      watcher.close();
      this.watchers.delete(folder);
    }
    for (const folder of wanted.keys()) {
      if (this.watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, name) => this.changed(folder, name === null ? undefined : String(name)));
        watcher.on('error', (error) => {
          this.log.log('warn', 'graph.watch_failed', { path: folder, error: error.message });
          watcher.close();
          this.watchers.delete(folder);
        });
        this.watchers.set(folder, watcher);
      } catch (error) {
        this.log.log('warn', 'graph.watch_failed', { path: folder, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  private changed(folder: string, name: string | undefined): void {
    const names = this.watched.get(folder);
    const relevant = name === undefined || names?.has(name) === true || name.toLowerCase().endsWith('.flow');
    if (!relevant || this.closed) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload('file changed'), DEBOUNCE_MS);
  }

  private async doReload(reason: string): Promise<boolean> {
    if (this.loader === undefined) {
      this.log.log('warn', 'graph.reload_unavailable', { reason });
      return false;
    }
    let result: Awaited<ReturnType<GraphLoader>>;
    try {
      result = await this.loader();
    } catch (error) {
      result = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (this.closed) return false;
    if (this.watching && result.files !== undefined) {
      // A refused load may have stopped early (a syntax error before the includes): keep watching the rest.
      this.rearm(result.ok ? result.files : [...new Set([...this.files, ...result.files])]);
    }
    if (!result.ok) {
      this.reloads?.inc({ outcome: 'refused' });
      this.log.log('error', 'graph.reload_refused', { reason, error: result.message, serving: this.current.hash });
      return false;
    }
    const previous = this.current.hash;
    this.current = result.graph;
    this.onChange(result.graph);
    this.reloads?.inc({ outcome: 'applied' });
    this.log.log('info', 'graph.reloaded', { reason, previous, hash: result.graph.hash });
    return true;
  }
}
