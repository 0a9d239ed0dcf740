/** The compiler's diagnostics as LSP diagnostics: range, severity, code with its docs page, help, labels, fix; every use of a misspelt name marked. */
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, Range, TextEdit } from 'vscode-languageserver';
import type { Diagnostic, DiagnosticFix, DiagnosticLabel, Severity, Span } from '@samvad/dsl';
import { uriOf } from './uris.js';
import type { Workspace } from './workspace.js';

/** Where the page of each code lives (`docs/diagnostics/<code>.md` of the repository on GitHub). */
export const DIAGNOSTICS_DOCS = 'https://github.com/samvad/samvad/blob/main/docs/diagnostics/';

/** What a published diagnostic carries in `data`: its fix, ready to apply. */
export interface FixData {
  readonly title: string;
  readonly uri: string;
  readonly edit: TextEdit;
}

/**
 * The diagnostics to publish, by file: each compiler diagnostic at its own span, and again at each
 * of its labels that marks another use of the same name (`repeat`: a misspelt target written
 * three times is one diagnostic with two such labels), in that label's file, with the same code,
 * severity, message and fix — so an editor underlines, and offers to fix, every use. The terminal
 * and JSON renderers keep the one diagnostic. Every file of `byFile` gets a list, empty or not.
 */
export function toLspDiagnosticsByFile(
  byFile: ReadonlyMap<string, readonly Diagnostic[]>,
  ws: Workspace,
  uriFor: (path: string) => string = uriOf,
): Map<string, LspDiagnostic[]> {
  const out = new Map<string, LspDiagnostic[]>();
  for (const file of byFile.keys()) out.set(file, []);
  const seen = new Set<string>();
  const add = (file: string, d: LspDiagnostic) => {
    const key = `${file}\u0000${String(d.code)}\u0000${JSON.stringify(d.range)}\u0000${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const list = out.get(file);
    if (list === undefined) out.set(file, [d]);
    else list.push(d);
  };
  for (const [file, diagnostics] of byFile) {
    for (const d of diagnostics) {
      add(file, toLspDiagnostic(d, ws, uriFor));
      for (const label of d.labels) if (label.repeat === true) add(label.span.file, repeatedAt(d, label, ws, uriFor));
    }
  }
  return out;
}

/** One compiler diagnostic for the protocol; `uriFor` gives the URI the client knows a file by. */
export function toLspDiagnostic(d: Diagnostic, ws: Workspace, uriFor: (path: string) => string = uriOf): LspDiagnostic {
  const range = rangeOf(d.span, ws);
  const related: DiagnosticRelatedInformation[] = d.labels.map((label) => ({
    location: { uri: uriFor(label.span.file), range: ws.lines(label.span.file)?.rangeOf(label.span) ?? range },
    message: label.message,
  }));
  return withFix(published(d, range, d.primaryLabel, related), d.fix, ws, uriFor);
}

/**
 * The diagnostic again at a label that repeats its name: the label's text in place of the primary
 * one's, the first use as related information, and the fix moved onto this use when it replaced
 * the first use (the same text); a fix elsewhere (renaming the node itself) stays as it is.
 */
function repeatedAt(d: Diagnostic, label: DiagnosticLabel, ws: Workspace, uriFor: (path: string) => string): LspDiagnostic {
  const range = rangeOf(label.span, ws);
  const first: DiagnosticRelatedInformation = {
    location: { uri: uriFor(d.span.file), range: rangeOf(d.span, ws) },
    message: d.primaryLabel === undefined ? 'first use' : `first use: ${d.primaryLabel}`,
  };
  const fix = d.fix;
  const moved = fix !== undefined && sameSpan(fix.span, d.span) ? (textOf(label.span, ws) === textOf(d.span, ws) ? { ...fix, span: label.span } : undefined) : fix;
  return withFix(published(d, range, label.message, [first]), moved, ws, uriFor);
}

function published(d: Diagnostic, range: Range, label: string | undefined, related: readonly DiagnosticRelatedInformation[]): LspDiagnostic {
  const parts = [label === undefined ? d.message : `${d.message} (${label})`, ...d.notes.map((n) => `note: ${n}`)];
  if (d.help !== undefined) parts.push(`help: ${d.help}`);
  return {
    range,
    severity: severityOf(d.severity),
    code: d.code,
    codeDescription: { href: `${DIAGNOSTICS_DOCS}${d.code}.md` },
    source: 'samvad',
    message: parts.join('\n'),
    ...(related.length > 0 ? { relatedInformation: [...related] } : {}),
  };
}

function withFix(out: LspDiagnostic, fix: DiagnosticFix | undefined, ws: Workspace, uriFor: (path: string) => string): LspDiagnostic {
  const fixLines = fix === undefined ? undefined : ws.lines(fix.span.file);
  if (fix === undefined || fixLines === undefined) return out;
  const data: FixData = { title: fix.description, uri: uriFor(fix.span.file), edit: { range: fixLines.rangeOf(fix.span), newText: fix.replacement } };
  return { ...out, data };
}

function rangeOf(span: Span, ws: Workspace): Range {
  return ws.lines(span.file)?.rangeOf(span) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function textOf(span: Span, ws: Workspace): string | undefined {
  return ws.lines(span.file)?.text.slice(span.offset, span.offset + span.length);
}

function sameSpan(a: Span, b: Span): boolean {
  return a.file === b.file && a.offset === b.offset && a.length === b.length;
}

function severityOf(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
    default: {
      const never: never = severity;
      throw new Error(`unexpected severity ${String(never)}`);
    }
  }
}

/** True when `value` is the `data` of a published diagnostic with a fix. */
export function isFixData(value: unknown): value is FixData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && typeof v.uri === 'string' && typeof v.edit === 'object' && v.edit !== null;
}
