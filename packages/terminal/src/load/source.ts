/**
 * Loading a bot for the simulator: a `.flow` root is compiled with `@samvad/compiler` over the
 * real file system (recording every file read, so they can be watched); a `.json` is loaded as a
 * compiled graph. Failures come back rendered, ready to print.
 */
import { readFileSync } from 'node:fs';
import { loadGraph } from '@samvad/runtime';
import type { Graph } from '@samvad/runtime';
import { compileFlow } from './compile.js';

/** A loaded bot, or the reason it could not be loaded (rendered for a terminal). */
export type LoadResult =
  | { readonly ok: true; readonly graph: Graph; readonly files: readonly string[] }
  | { readonly ok: false; readonly rendered: string; readonly files: readonly string[] };

/** Loads `path`: compiles a `.flow`, validates a graph `.json`. Never throws on user error. */
export function loadSource(path: string): LoadResult {
  if (path.endsWith('.json')) return loadJson(path);
  if (path.endsWith('.flow')) return compileFlow(path);
  return { ok: false, rendered: `samvad chat: \`${path}\` is neither a .flow file nor a compiled graph .json`, files: [] };
}

function loadJson(path: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
    return { ok: false, rendered: `samvad chat: graph file \`${path}\` ${why}`, files: [] };
  }
  const loaded = loadGraph(text);
  if (!loaded.ok) {
    return { ok: false, rendered: [`samvad chat: \`${path}\` is not a valid graph:`, ...loaded.errors.map((e) => `  ${e}`)].join('\n'), files: [path] };
  }
  return { ok: true, graph: loaded.graph, files: [path] };
}
