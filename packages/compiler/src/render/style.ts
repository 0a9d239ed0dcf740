import type { Severity } from '@samvad/dsl';

/** ANSI styling, or none: the renderer asks for a style by role and gets plain text when colour is off. */
export interface Style {
  severity(severity: Severity, text: string): string;
  bold(text: string): string;
  gutter(text: string): string;
  secondary(text: string): string;
  help(text: string): string;
}

const SEVERITY_CODES: Readonly<Record<Severity, string>> = { error: '31', warning: '33', info: '36' };

/** The style for `color: true` (ANSI escapes) or `false` (plain text). */
export function styleFor(color: boolean): Style {
  if (!color) {
    const plain = (_: unknown, text?: string) => text ?? String(_);
    return {
      severity: (_s, text) => text,
      bold: (text) => plain(text),
      gutter: (text) => plain(text),
      secondary: (text) => plain(text),
      help: (text) => plain(text),
    };
  }
  const wrap = (code: string, text: string) => `\u001b[${code}m${text}\u001b[0m`;
  return {
    severity: (severity, text) => wrap(`1;${SEVERITY_CODES[severity]}`, text),
    bold: (text) => wrap('1', text),
    gutter: (text) => wrap('1;34', text),
    secondary: (text) => wrap('1;34', text),
    help: (text) => wrap('1;32', text),
  };
}
