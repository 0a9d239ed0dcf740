/**
 * Loads the bot `serve` answers with — compiles a `.flow` (with its includes) or reads and
 * validates a graph `.json` — in a worker thread, so a large or hostile file never blocks the
 * thread that acknowledges webhooks. The worker has a heap cap and a time limit and is terminated
 * when it overruns either; the report of a refused bot is capped (diagnostics and characters).
 */
import { Worker } from 'node:worker_threads';
import type { Graph } from '@samvad/runtime';

/** A loaded graph, or why not; either way the files read (a reload watches them). */
export type ServedLoad =
  | { readonly ok: true; readonly graph: Graph; readonly files: readonly string[] }
  | { readonly ok: false; readonly message: string; readonly files: readonly string[] };

/** Limits of one load. */
export interface LoadLimits {
  /** Wall-clock limit; the worker is terminated after it (default 30 s). */
  readonly timeoutMs?: number;
  /** V8 old-generation heap cap of the worker in MB (default 1024). */
  readonly heapMb?: number;
}

/** What the worker is given. */
export interface CompileJob {
  /** The worker's own module (`compile-worker-main`), imported by the bootstrap. */
  readonly entry: string;
  /** Absolute path of the root `.flow` or the graph `.json`. */
  readonly path: string;
  /** Folder paths are shown relative to in the report. */
  readonly cwd: string;
}

/** The longest a load may take by default. */
export const LOAD_TIMEOUT_MS = 30_000;
/** The worker's default heap cap (a 2.5 MB flow compiles in well under 300 MB). */
export const LOAD_HEAP_MB = 1024;

const ENTRY = new URL(`./compile-worker-main${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
const BOOT = new URL('./worker-boot.mjs', import.meta.url);

/** Loads `path` in a fresh worker thread; never rejects. */
export function loadInWorker(path: string, cwd: string, limits: LoadLimits = {}): Promise<ServedLoad> {
  const timeoutMs = limits.timeoutMs ?? LOAD_TIMEOUT_MS;
  const heapMb = limits.heapMb ?? LOAD_HEAP_MB;
  const job: CompileJob = { entry: ENTRY, path, cwd };
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(BOOT, {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 64 },
      stdout: true,
      stderr: true,
    });
    const finish = (result: ServedLoad): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const failed = (message: string) => finish({ ok: false, message, files: [path] });
    const timer = setTimeout(
      () => failed(`loading ${path} took longer than ${timeoutMs / 1000} s and was stopped (is the file very large?)`),
      timeoutMs,
    );
    worker.once('message', (result: ServedLoad) => finish(result));
    worker.once('error', (error: Error & { code?: string }) =>
      failed(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `loading ${path} needed more than ${heapMb} MB of memory and was stopped (is the file very large?)`
          : `loading ${path} failed: ${error.message.split('\n')[0] ?? ''}`,
      ),
    );
    worker.once('exit', (code) => failed(`loading ${path} stopped unexpectedly (exit code ${code})`));
  });
}
