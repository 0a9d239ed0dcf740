/**
 * Compiling a `.flow` root for the simulator, over the real file system. Every file the compiler
 * read is reported, so live reload can watch the root and all its includes.
 */
import { relative } from 'node:path';
import { compile, nodeHost, renderDiagnostics } from '@samvad/compiler';
import type { LoadResult } from './source.js';

/**
 * Compiles `root`; on errors returns them rendered as the compiler's CLI shows them
 * (`file:line:col`, snippet with carets, help), without colour.
 */
export function compileFlow(root: string, cwd: string = process.cwd()): LoadResult {
  const result = compile(root, nodeHost());
  const files = [...result.sources.keys()];
  if (result.graph !== undefined) return { ok: true, graph: result.graph, files };
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const shown = errors.length > 0 ? errors : result.diagnostics;
  const rendered =
    shown.length > 0
      ? renderDiagnostics(shown, result.sources, { color: false, cwd }).trimEnd()
      : `samvad chat: \`${relative(cwd, root) || root}\` did not compile, and the compiler gave no reason`;
  return { ok: false, rendered, files: files.length > 0 ? files : [root] };
}
