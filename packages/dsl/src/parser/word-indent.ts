/**
 * FLOW1107: a `words:` line whose indentation does not say which option it belongs to. The
 * grammar reads layout loosely — a `words:` line belongs to the option above it, however it is
 * indented — so a word list pushed under the wrong option moves there silently. This check
 * compares each `words:` line with its option: at the options' own level (where the next option
 * starts) or at another depth than the option's other lines, it warns. It reads the finished AST
 * and the source text.
 */
import type { Decl, OptionDecl, Span } from '../ast.js';
import { DslCode } from '../codes.js';
import { diagnostic, type Diagnostic } from '../diagnostic.js';

/** FLOW1107 for every ambiguously indented `words:` line of every menu option in `decls`. */
export function wordIndentDiagnostics(source: string, file: string, decls: readonly Decl[]): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const decl of decls) {
    if (decl.kind !== 'menu') continue;
    for (const option of decl.options) if (option.words.length > 0) checkOption(source, file, option, found);
  }
  return found;
}

function checkOption(source: string, file: string, option: OptionDecl, found: Diagnostic[]): void {
  const optionLine = lineStart(source, option.span.offset);
  const optionColumn = option.span.offset - optionLine;
  const body = bodyColumn(source, option, optionLine);
  let lastLine = -1;
  for (const word of option.words) {
    const start = lineStart(source, word.span.offset);
    if (start === lastLine) continue;
    lastLine = start;
    const column = indentOf(source, start);
    // Only lines that begin with `words` (a list continued on the next line after a comma is free).
    if (!source.startsWith('words', start + column)) continue;
    if (column > optionColumn && (body === undefined || column === body)) continue;
    found.push(report(source, file, option, start, column, optionColumn, body));
  }
}

/** The column of the option's first own line below it (its label's first language line), if any. */
function bodyColumn(source: string, option: OptionDecl, optionLine: number): number | undefined {
  const spans: Span[] = [];
  if (option.label.kind === 'translations') for (const entry of option.label.entries) spans.push(entry.lang.span);
  else spans.push(option.label.span);
  if (option.description !== undefined) spans.push(option.description.span);
  if (option.number !== undefined) spans.push(option.number.span);
  for (const set of option.sets) spans.push(set.variable.span);
  if (option.language !== undefined) spans.push(option.language.span);
  let first: number | undefined;
  for (const span of spans) {
    const start = lineStart(source, span.offset);
    if (start === optionLine || span.length === 0) continue;
    if (first === undefined || start < first) first = start;
  }
  return first === undefined ? undefined : indentOf(source, first);
}

function report(
  source: string,
  file: string,
  option: OptionDecl,
  start: number,
  column: number,
  optionColumn: number,
  body: number | undefined,
): Diagnostic {
  const name = `\`${option.id.name}\``;
  const span: Span = { file, offset: start + column, length: 'words'.length };
  const atOptions = column <= optionColumn;
  const expected = body ?? optionColumn + 2;
  return diagnostic({
    code: DslCode.AmbiguousWordIndent,
    severity: 'warning',
    message: atOptions
      ? `this \`words:\` line is at the level of the options, not under option ${name}, yet its words go to ${name}`
      : `this \`words:\` line is indented ${column > expected ? 'deeper' : 'less'} than the other lines of option ${name}, yet its words go to ${name}`,
    span,
    primaryLabel: `indented ${column} spaces; option ${name}'s lines are indented ${expected}`,
    labels: [{ span: option.id.span, message: `these words belong to option ${name}` }],
    help: `if the words are for option ${name}, indent \`words:\` by ${expected} spaces like its other lines; if they are for another option, move the line under that option`,
    fix: { span: { file, offset: start, length: column }, replacement: ' '.repeat(expected), description: `indent like option ${name}'s other lines` },
  });
}

/** The offset where the line holding `offset` starts. */
function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** The number of spaces and tabs that start the line at `start`. */
function indentOf(source: string, start: number): number {
  let i = start;
  while (i < source.length && (source[i] === ' ' || source[i] === '\t')) i += 1;
  return i - start;
}
