import type { Span } from './ast.js';

/** How bad a diagnostic is. `error` fails `samvad check`; the others do not. */
export type Severity = 'error' | 'warning' | 'info';

/** A secondary location, e.g. "first defined here". */
export interface DiagnosticLabel {
  readonly span: Span;
  readonly message: string;
  /**
   * True when the label marks another use of the very name the diagnostic is about (a misspelt
   * name written in several places, reported once): an editor underlines it as it underlines the
   * primary span, with the same code, message and fix. Absent on other labels.
   */
  readonly repeat?: boolean;
}

/** A machine-applicable edit (used by editors and `--fix` one day). */
export interface DiagnosticFix {
  readonly span: Span;
  readonly replacement: string;
  readonly description: string;
}

/**
 * The one diagnostic type shared by every phase (lexer, parser, compiler checks, emit).
 * `message` is one line that stands alone; line and column are computed only by renderers.
 */
export interface Diagnostic {
  /** Stable code, e.g. `FLOW2001`; documented in `docs/diagnostics/<code>.md`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The primary location. */
  readonly span: Span;
  /** Text under the caret of the primary location. */
  readonly primaryLabel?: string;
  readonly labels: readonly DiagnosticLabel[];
  readonly notes: readonly string[];
  /** What to write instead. */
  readonly help?: string;
  readonly fix?: DiagnosticFix;
}

/** Builds a diagnostic with empty labels and notes unless given. */
export function diagnostic(
  fields: Pick<Diagnostic, 'code' | 'severity' | 'message' | 'span'> & Partial<Diagnostic>,
): Diagnostic {
  return { labels: [], notes: [], ...fields };
}
