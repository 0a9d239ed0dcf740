import { capDiagnostics, diagnostic } from '@samvad/dsl';
import type { Diagnostic } from '@samvad/dsl';
import type { Graph } from '@samvad/runtime';
import { createContext } from './analysis.js';
import { allChecks } from './checks/all.js';
import { runChecks } from './checks/registry.js';
import { withHash } from './emit/canonical.js';
import { validateEmitted } from './emit/validate.js';
import type { CompilerHost } from './host.js';
import { loadFiles } from './load.js';
import type { ParseCache } from './load.js';
import { lowerProgram } from './lower/lower.js';
import { resolveProgram } from './program.js';

/** What `compile` returns: a graph only when there are no errors; always every diagnostic and source read. */
export interface CompileResult {
  readonly graph?: Graph;
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every file read, by path (for rendering diagnostics). */
  readonly sources: ReadonlyMap<string, string>;
}

/** Options of `compile`. */
export interface CompileOptions {
  /** Shared parse cache (used by `checkFiles` so that a file is parsed once across roots). */
  readonly cache?: ParseCache;
  /** Skip lowering, emitting and validation (for `check`). */
  readonly checkOnly?: boolean;
}

/**
 * Compiles a root `.flow` file and everything it includes: parse, resolve names, check, lower to a
 * graph, hash and validate it against the runtime schema. When a file cannot be read or has a
 * syntax error, only those errors are reported (the checks run once the files read cleanly).
 * Never throws on user input: an unexpected exception becomes an internal-error diagnostic (FLOW9002).
 */
export function compile(root: string, host: CompilerHost, options: CompileOptions = {}): CompileResult {
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  try {
    const loaded = loadFiles(root, host, sources, options.cache);
    diagnostics.push(...loaded.diagnostics);
    // Syntax errors and unreadable includes come first: checking a half-read bot would only add
    // follow-on errors (unknown targets, missing translations) that fixing them removes.
    if (loaded.files.length === 0 || diagnostics.some((d) => d.severity === 'error')) {
      return { diagnostics: sortDiagnostics(diagnostics, sources), sources };
    }
    const report = (d: Diagnostic) => diagnostics.push(d);
    const program = resolveProgram(root, loaded.files, report);
    const ctx = createContext(program, sources, report);
    runChecks(allChecks, ctx);
    if (options.checkOnly === true || diagnostics.some((d) => d.severity === 'error')) {
      return { diagnostics: sortDiagnostics(diagnostics, sources), sources };
    }
    const graph = withHash(lowerProgram(program, ctx.parentOf, ctx.locator));
    const invalid = validateEmitted(graph, root);
    if (invalid !== undefined) return { diagnostics: [...sortDiagnostics(diagnostics, sources), invalid], sources };
    return { graph, diagnostics: sortDiagnostics(diagnostics, sources), sources };
  } catch (error) {
    diagnostics.push(internalError(root, error));
    return { diagnostics, sources };
  }
}

/** The result of checking several root files. */
export interface CheckResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Checks several root files (`samvad check a.flow b.flow`): each root is checked as a bot; a file
 * included by several roots is parsed once and its diagnostics are reported once.
 */
export function checkFiles(paths: readonly string[], host: CompilerHost): CheckResult {
  const cache: ParseCache = new Map();
  const sources = new Map<string, string>();
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    const result = compile(path, host, { cache, checkOnly: true });
    for (const [file, text] of result.sources) sources.set(file, text);
    for (const d of result.diagnostics) {
      const key = `${d.code}\u0000${d.span.file}\u0000${d.span.offset}\u0000${d.span.length}\u0000${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push(d);
    }
  }
  return { diagnostics, sources };
}

/**
 * Diagnostics by file (in the order files were read), then offset; errors before warnings at one
 * place; at most MAX_DIAGNOSTICS_PER_FILE per file (the rest counted in one FLOW1900).
 */
function sortDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): Diagnostic[] {
  const fileOrder = new Map([...sources.keys()].map((f, i) => [f, i]));
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...diagnostics].sort(
    (a, b) =>
      (fileOrder.get(a.span.file) ?? -1) - (fileOrder.get(b.span.file) ?? -1) ||
      a.span.offset - b.span.offset ||
      rank[a.severity] - rank[b.severity] ||
      a.code.localeCompare(b.code),
  );
  return capDiagnostics(sorted);
}

function internalError(root: string, error: unknown): Diagnostic {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return diagnostic({
    code: 'FLOW9002',
    severity: 'error',
    message: 'internal error: the compiler failed on this flow',
    span: { file: root, offset: 0, length: 0 },
    notes: [detail.split('\n').slice(0, 4).join('\n')],
    help: 'this is a bug in the samvad compiler; please report it with this flow',
  });
}
