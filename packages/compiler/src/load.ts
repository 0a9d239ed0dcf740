import { diagnostic, parse } from '@samvad/dsl';
import type { Diagnostic, FlowFile, Span } from '@samvad/dsl';
import type { CompilerHost } from './host.js';
import { MAX_FLOW_BYTES, describeRefusal, folderOf, isFlowName, refuseFacts, refusePlace, refuseWritten } from './includes.js';
import type { Refusal } from './includes.js';

/** Every file of a bot, parsed once each, root first then includes in the order they are met. */
export interface LoadedFiles {
  readonly files: readonly FlowFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A parse cache shared by several roots (`checkFiles`) or kept across edits (`samvad lsp`), so that a
 * file is parsed once. An entry's `text` is the source it was parsed from: a hit adds it to the
 * compile's sources (for line/column in messages); the keeper of a long-lived cache drops an entry
 * when the file's text changes.
 */
export type ParseCache = Map<string, { readonly ast?: FlowFile; readonly diagnostics: readonly Diagnostic[]; readonly text?: string }>;

/** Where an include was written: its path literal. */
interface IncludeSite {
  readonly span: Span;
  readonly written: string;
}

/**
 * Reads `root` and, depth first, every file it includes. A file is read and parsed once however
 * often it is included, so cycles are harmless. A missing file is a FLOW2008 at its `include` line;
 * a file a bot may not read (`includes.ts`: outside the root file's folder after resolving links,
 * not a regular `.flow` file, larger than MAX_FLOW_BYTES) is a FLOW2010 there, and is not read.
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
  const folder = folderOf(root);
  const realFolder = host.inspect === undefined ? undefined : (host.inspect(folder)?.real ?? folder);
  /** Why `path` may not be read, or undefined when it may; the root is the operator's choice, its folder is not checked. */
  const refusal = (path: string, from: IncludeSite | undefined): Refusal | 'missing' | undefined => {
    if (from !== undefined) {
      const written = refuseWritten(from.written) ?? refusePlace(path, folder);
      if (written !== undefined) return written;
    } else if (!isFlowName(path)) {
      return 'not-flow';
    }
    if (host.inspect === undefined) return undefined;
    const facts = host.inspect(path);
    if (facts === undefined) return 'missing';
    return refuseFacts(facts, from === undefined ? undefined : realFolder);
  };
  // Depth first with an explicit stack (an include chain thousands of files deep must not overflow
  // the call stack): a file's includes are pushed in reverse, so they are read in the order written.
  const pending: { path: string; from: IncludeSite | undefined }[] = [{ path: root, from: undefined }];
  const visit = (path: string, from: IncludeSite | undefined): void => {
    if (seen.has(path)) return;
    seen.add(path);
    // Checked even when another root already parsed the file (`checkFiles`): the folder differs.
    const refused = refusal(path, from);
    if (refused === 'missing') return void diagnostics.push(missingFile(path, from));
    if (refused !== undefined) return void diagnostics.push(refusedFile(path, from, refused));
    let entry = cache.get(path);
    if (entry === undefined) {
      const text = host.readFile(path);
      if (text === undefined) return void diagnostics.push(missingFile(path, from));
      if (text.length > MAX_FLOW_BYTES) return void diagnostics.push(refusedFile(path, from, 'too-large'));
      sources.set(path, text);
      entry = { ...parse(text, path), text };
      cache.set(path, entry);
    } else if (entry.text !== undefined) {
      sources.set(path, entry.text);
    }
    if (entry.ast === undefined) {
      diagnostics.push(missingFile(path, from));
      return;
    }
    const ast = entry.ast;
    if (ast === undefined) return;
    for (const d of entry.diagnostics) diagnostics.push(d);
    files.push(ast);
    for (let i = ast.decls.length - 1; i >= 0; i -= 1) {
      const decl = ast.decls[i] as FlowFile['decls'][number];
      if (decl.kind !== 'include') continue;
      pending.push({ path: host.resolve(path, decl.path.value), from: { span: decl.path.span, written: decl.path.value } });
    }
  };
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) visit(next.path, next.from);
  return { files, diagnostics };
}

function missingFile(path: string, from: IncludeSite | undefined): Diagnostic {
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

/** FLOW2010: the file is not read, so nothing of it is quoted; only the path as written in the `.flow` source. */
function refusedFile(path: string, from: IncludeSite | undefined, refusal: Refusal): Diagnostic {
  const { reason, label } = describeRefusal(refusal);
  const help =
    "a bot reads only regular `.flow` files inside the folder of its root file (and its subfolders); move the file there and include it by a relative path";
  if (from === undefined) {
    return diagnostic({
      code: 'FLOW2010',
      severity: 'error',
      message: `\`${path}\` is not read: ${reason.replace('be included', 'be compiled')}`,
      span: { file: path, offset: 0, length: 0 },
      help,
    });
  }
  return diagnostic({
    code: 'FLOW2010',
    severity: 'error',
    message: `included file \`${from.written}\` is refused: ${reason}`,
    span: from.span,
    primaryLabel: label,
    help,
  });
}
