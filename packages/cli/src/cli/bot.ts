/**
 * Loads the bot a command works on: a `.flow` root file (compiled on the fly, with its includes)
 * or a compiled graph `.json` (validated). Failures come back as text ready to print.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compile, nodeHost, renderDiagnostics } from '@samvad/compiler';
import type { CompileResult } from '@samvad/compiler';
import { loadGraph } from '@samvad/runtime';
import type { Graph } from '@samvad/runtime';
import { CliError } from './exit.js';
import { displayPath, readText } from './files.js';

/** A loaded bot (with its warnings rendered), or why it could not be loaded. */
export type BotLoad =
  | { readonly ok: true; readonly graph: Graph; /** Rendered warnings ('' when none). */ readonly warnings: string }
  | { readonly ok: false; /** What went wrong, rendered for people. */ readonly report: string };

/** Throws a `CliError` naming `file` when it does not exist, is a folder, or is not a regular file. */
export async function requireFile(cwd: string, file: string): Promise<string> {
  const abs = resolve(cwd, file);
  let info;
  try {
    info = await stat(abs);
  } catch {
    throw new CliError(`cannot read ${displayPath(cwd, file)}: no such file`);
  }
  if (info.isDirectory()) throw new CliError(`cannot read ${displayPath(cwd, file)}: is a folder, not a file`);
  if (!info.isFile()) throw new CliError(`cannot read ${displayPath(cwd, file)}: not a regular file (a device, pipe or socket)`);
  return abs;
}

/** Compiles a root `.flow` file read from disk (the caller has checked that it exists). */
export function compileFile(abs: string): CompileResult {
  return compile(abs, nodeHost());
}

/** Whether `file` names a compiled graph rather than a `.flow` source. */
export function isGraphFile(file: string): boolean {
  return file.toLowerCase().endsWith('.json');
}

/** Loads a bot from a `.flow` file or a compiled graph. */
export async function loadBot(cwd: string, file: string, color: boolean): Promise<BotLoad> {
  const abs = await requireFile(cwd, file);
  const shown = displayPath(cwd, file);
  if (isGraphFile(file)) {
    const result = loadGraph(await readText(cwd, file));
    if (result.ok) return { ok: true, graph: result.graph, warnings: '' };
    return { ok: false, report: `${shown}: not a valid graph\n${result.errors.map((e) => `  ${e}\n`).join('')}` };
  }
  const result = compileFile(abs);
  const warnings = result.diagnostics.filter((d) => d.severity !== 'error');
  const rendered = (list: typeof result.diagnostics) => renderDiagnostics(list, result.sources, { color, cwd });
  if (result.graph === undefined) return { ok: false, report: rendered(result.diagnostics) };
  return { ok: true, graph: result.graph, warnings: rendered(warnings) };
}
