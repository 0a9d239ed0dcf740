import type { Diagnostic } from '../diagnostic.js';
import { parse } from '../parser/parse.js';
import { format } from './format.js';

/** The formatted text, or none when the file has errors (then `diagnostics` says why). */
export interface FormatSourceResult {
  readonly output?: string;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses and formats a source. Refuses (no `output`) when the file has a parse error,
 * so that formatting never loses text the parser could not read.
 */
export function formatSource(source: string, file: string): FormatSourceResult {
  const { ast, diagnostics } = parse(source, file);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { output: format(ast), diagnostics };
}
