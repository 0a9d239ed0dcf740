/**
 * The graph being served, swapped atomically on reload. A new graph is used only after it has
 * been loaded and validated; a refused one leaves the old one serving.
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import type { Graph } from '@samvad/runtime';
import type { Logger } from '../ops/log.js';

/** Loads (and validates) the graph again, e.g. re-reading graph.json or recompiling a .flow. */
export type GraphLoader = () => Promise<{ ok: true; graph: Graph } | { ok: false; message: string }>;

export class GraphHolder {
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private reloading: Promise<boolean> | undefined;
  private closed = false;

  constructor(
    private current: Graph,
    private readonly loader: GraphLoader | undefined,
    private readonly log: Logger,
    private readonly onChange: (graph: Graph) => void = () => {},
  ) {}

  get graph(): Graph {
    return this.current;
  }

  /** Reloads; resolves true when a new valid graph is now serving. */
  reload(reason: string): Promise<boolean> {
    if (this.reloading !== undefined) return this.reloading;
    this.reloading = this.doReload(reason).finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  /**
   * Reloads whenever `path` changes (debounced). Editors that save by renaming a new file into
   * place replace the watched inode, so the watch is re-armed after every change.
   */
  watch(path: string): void {
    this.watcher?.close();
    try {
      this.watcher = watch(path, () => {
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => {
          if (this.closed) return;
          this.watch(path);
          void this.reload('file changed');
        }, 200);
      });
      this.watcher.on('error', (error) => this.log.log('warn', 'graph.watch_failed', { path, error: error.message }));
    } catch (error) {
      this.log.log('warn', 'graph.watch_failed', { path, error: error instanceof Error ? error.message : String(error) });
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.debounce);
    this.watcher?.close();
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
    if (!result.ok) {
      this.log.log('error', 'graph.reload_refused', { reason, error: result.message, serving: this.current.hash });
      return false;
    }
    const previous = this.current.hash;
    this.current = result.graph;
    this.onChange(result.graph);
    this.log.log('info', 'graph.reloaded', { reason, previous, hash: result.graph.hash });
    return true;
  }
}
