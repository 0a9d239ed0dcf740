/**
 * The compile worker (see `compile-worker.ts`): compiles a root `.flow` or reads a graph `.json`,
 * posts the graph or a capped report, and the files it read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compile, nodeHost, readBounded, renderDiagnostics } from '@samvad/compiler';
import { loadGraph } from '@samvad/runtime';
import type { CompileJob, ServedLoad } from './compile-worker.js';

/** At most this many errors are rendered into a report. */
export const MAX_REPORTED_DIAGNOSTICS = 20;
/** A report is cut at this many characters. */
export const MAX_REPORT_CHARS = 8 * 1024;
/** The largest graph `.json` read (the Jalna bot's graph is ~1 MB). */
export const MAX_GRAPH_BYTES = 64 * 1024 * 1024;

const job = workerData as CompileJob;
parentPort?.postMessage(load(job));

function load({ path, cwd }: CompileJob): ServedLoad {
  if (path.toLowerCase().endsWith('.flow')) {
    const result = compile(path, nodeHost());
    const files = [...new Set([path, ...result.sources.keys()])];
    if (result.graph !== undefined) return { ok: true, graph: result.graph, files };
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const shown = errors.slice(0, MAX_REPORTED_DIAGNOSTICS);
    let message = renderDiagnostics(shown, result.sources, { color: false, cwd }).trim();
    const more = errors.length - shown.length;
    if (more > 0) message += `\n… and ${more} more error${more === 1 ? '' : 's'} (run \`samvad check\` to see all)`;
    return { ok: false, message: cut(message), files };
  }
  const text = readBounded(path, MAX_GRAPH_BYTES);
  if (text === undefined) {
    return { ok: false, message: `cannot read ${path}: not a regular file, missing, or larger than ${MAX_GRAPH_BYTES / 1024 / 1024} MiB`, files: [path] };
  }
  const result = loadGraph(text);
  return result.ok ? { ok: true, graph: result.graph, files: [path] } : { ok: false, message: cut(result.errors.join('; ')), files: [path] };
}

function cut(message: string): string {
  return message.length <= MAX_REPORT_CHARS ? message : `${message.slice(0, MAX_REPORT_CHARS)}… (report cut at ${MAX_REPORT_CHARS} characters)`;
}
