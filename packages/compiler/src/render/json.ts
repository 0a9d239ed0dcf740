import type { Diagnostic, Severity, Span } from '@samvad/dsl';
import { Locator } from '../location.js';
import { relativeTo } from '../paths.js';

/** A span with 1-based line/column (code points) at both ends. */
export interface JsonRange {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A diagnostic as plain JSON, for editors and `samvad check --json`. */
export interface JsonDiagnostic extends JsonRange {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly primaryLabel?: string;
  readonly labels: readonly (JsonRange & { readonly message: string })[];
  readonly notes: readonly string[];
  readonly help?: string;
  readonly fix?: JsonRange & { readonly replacement: string; readonly description: string };
}

/** Diagnostics as JSON-ready objects: the same model, with file/line/column/endLine/endColumn. */
export function diagnosticsToJson(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  options: { readonly cwd?: string } = {},
): JsonDiagnostic[] {
  const locator = new Locator(sources);
  const range = (span: Span): JsonRange => {
    const start = locator.locate(span);
    const end = locator.locate({ ...span, offset: span.offset + span.length });
    return { file: relativeTo(options.cwd, span.file), line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  };
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...range(d.span),
    ...(d.primaryLabel === undefined ? {} : { primaryLabel: d.primaryLabel }),
    labels: d.labels.map((l) => ({ ...range(l.span), message: l.message })),
    notes: d.notes,
    ...(d.help === undefined ? {} : { help: d.help }),
    ...(d.fix === undefined ? {} : { fix: { ...range(d.fix.span), replacement: d.fix.replacement, description: d.fix.description } }),
  }));
}
