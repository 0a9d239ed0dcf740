import { diagnostic, parse } from '@samvad/dsl';
import type { Diagnostic, FlowFile, Span } from '@samvad/dsl';
import type { CompilerHost } from './host.js';

/** Every file of a bot, parsed once each, root first then includes in the order they are met. */
export interface LoadedFiles {
  readonly files: readonly FlowFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A parse cache shared by several roots (`checkFiles`), so that a file included twice is parsed once. */
export type ParseCache = Map<string, { readonly ast?: FlowFile; readonly diagnostics: readonly Diagnostic[] }>;

/**
 * Reads `root` and, depth first, every file it includes. A file is read and parsed once however
 * often it is included, so cycles are harmless. A missing file is a FLOW2008 at its `include` line.
 */
export function loadFiles(
  root: string,
  host: CompilerHost,
  sources: Map<string, string>,
  cache: ParseCache = new Map(),
): LoadedFiles {
  const files: FlowFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const visit = (path: string, from: { span: Span; written: string } | undefined): void => {
    if (seen.has(path)) return;
    seen.add(path);
    let entry = cache.get(path);
    if (entry === undefined) {
      const text = host.readFile(path);
      if (text === undefined) {
        diagnostics.push(missingFile(path, from));
        return;
      }
      sources.set(path, text);
      entry = parse(text, path);
      cache.set(path, entry);
    } else if (entry.ast === undefined) {
      diagnostics.push(missingFile(path, from));
      return;
    }
    const ast = entry.ast;
    if (ast === undefined) return;
    diagnostics.push(...entry.diagnostics);
    files.push(ast);
    for (const decl of ast.decls) {
      if (decl.kind !== 'include') continue;
      visit(host.resolve(path, decl.path.value), { span: decl.path.span, written: decl.path.value });
    }
  };
  visit(root, undefined);
  return { files, diagnostics };
}

function missingFile(path: string, from: { span: Span; written: string } | undefined): Diagnostic {
  if (from === undefined) {
    return diagnostic({
      code: 'FLOW2008',
      severity: 'error',
      message: `cannot read \`${path}\``,
      span: { file: path, offset: 0, length: 0 },
      help: 'check the path and that the file exists',
    });
  }
  return diagnostic({
    code: 'FLOW2008',
    severity: 'error',
    message: `included file \`${from.written}\` cannot be read`,
    span: from.span,
    primaryLabel: 'no such file',
    notes: [`looked for ${path}`],
    help: 'an include path is relative to the file that includes it; check its spelling',
  });
}
