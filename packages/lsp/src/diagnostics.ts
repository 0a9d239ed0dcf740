/** The compiler's diagnostics as LSP diagnostics: range, severity, code with its docs page, help, labels, fix. */
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, TextEdit } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '@samvad/dsl';
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

/** One compiler diagnostic for the protocol; `uriFor` gives the URI the client knows a file by. */
export function toLspDiagnostic(d: Diagnostic, ws: Workspace, uriFor: (path: string) => string = uriOf): LspDiagnostic {
  const lines = ws.lines(d.span.file);
  const range = lines?.rangeOf(d.span) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const related: DiagnosticRelatedInformation[] = d.labels.map((label) => ({
    location: { uri: uriFor(label.span.file), range: ws.lines(label.span.file)?.rangeOf(label.span) ?? range },
    message: label.message,
  }));
  const parts = [d.primaryLabel === undefined ? d.message : `${d.message} (${d.primaryLabel})`, ...d.notes.map((n) => `note: ${n}`)];
  if (d.help !== undefined) parts.push(`help: ${d.help}`);
  const out: LspDiagnostic = {
    range,
    severity: severityOf(d.severity),
    code: d.code,
    codeDescription: { href: `${DIAGNOSTICS_DOCS}${d.code}.md` },
    source: 'samvad',
    message: parts.join('\n'),
    ...(related.length > 0 ? { relatedInformation: related } : {}),
  };
  const fix = d.fix;
  const fixLines = fix === undefined ? undefined : ws.lines(fix.span.file);
  if (fix === undefined || fixLines === undefined) return out;
  const data: FixData = { title: fix.description, uri: uriFor(fix.span.file), edit: { range: fixLines.rangeOf(fix.span), newText: fix.replacement } };
  return { ...out, data };
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
