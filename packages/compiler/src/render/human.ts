import { hiddenCounts } from '@samvad/dsl';
import type { Diagnostic, Span } from '@samvad/dsl';
import { Locator } from '../location.js';
import type { LineIndex } from '../location.js';
import { relativeTo } from '../paths.js';
import { styleFor } from './style.js';
import type { Style } from './style.js';
import { displayWidth } from './width.js';

/** How diagnostics are rendered for people. */
export interface RenderOptions {
  /** ANSI colours (the CLI passes `true` on a TTY without `NO_COLOR`). */
  readonly color: boolean;
  /** Paths are shown relative to this folder (the CLI passes `process.cwd()`). */
  readonly cwd?: string;
}

/** Secondary labels shown per diagnostic; the rest are counted in a note. */
const MAX_LABELS = 20;

interface Mark {
  readonly span: Span;
  readonly message: string | undefined;
  readonly primary: boolean;
}

/**
 * One diagnostic as a snippet with carets, in the manner of rustc and Elm:
 * a header, `--> file:line:col`, the source lines with `^^^` (primary) and `---` (secondary)
 * underlines and their labels, then `note:` and `help:` lines.
 */
export function renderDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string>, options: RenderOptions, locator = new Locator(sources)): string {
  const style = styleFor(options.color);
  const shown = (path: string) => relativeTo(options.cwd, path);
  const texts = (text: string) => replacePaths(text, sources, options.cwd);
  const shownLabels = d.labels.length > MAX_LABELS ? d.labels.slice(0, MAX_LABELS) : d.labels;
  const marks: Mark[] = [
    { span: d.span, message: d.primaryLabel === undefined ? undefined : texts(d.primaryLabel), primary: true },
    ...shownLabels.map((l) => ({ span: l.span, message: texts(l.message), primary: false })),
  ];
  const files = [...new Set(marks.map((m) => m.span.file))];
  const width = gutterWidth(marks, locator);
  const pad = ' '.repeat(width);
  const out: string[] = [`${style.severity(d.severity, `${d.severity}[${d.code}]`)}${style.bold(`: ${texts(d.message)}`)}`];
  files.forEach((file, index) => {
    const at = marks.find((m) => m.span.file === file) ?? marks[0];
    if (at === undefined) return;
    const { line, column } = locator.locate(at.span);
    const known = locator.index(file) !== undefined;
    out.push(`${pad}${style.gutter(index === 0 ? '-->' : ':::')} ${shown(file)}${known ? `:${line}:${column}` : ''}`);
    const lines = locator.index(file);
    if (lines === undefined) return;
    out.push(`${pad} ${style.gutter('|')}`);
    for (const line of snippet(lines, marks.filter((m) => m.span.file === file), d, width, style)) out.push(line);
  });
  const hiddenLabels = d.labels.length - shownLabels.length;
  if (d.notes.length > 0 || d.help !== undefined || hiddenLabels > 0) out.push(`${pad} ${style.gutter('|')}`);
  if (hiddenLabels > 0) out.push(block(style.bold('note'), `and ${hiddenLabels.toLocaleString('en-US')} more places, not shown`));
  for (const note of d.notes) out.push(block(style.bold('note'), texts(note)));
  if (d.help !== undefined) out.push(block(style.help('help'), texts(d.help)));
  return out.join('\n');
}

/**
 * Several diagnostics, separated by blank lines, then a summary line such as "2 errors, 1 warning".
 * An empty list renders as the empty string.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, options: RenderOptions): string {
  if (diagnostics.length === 0) return '';
  const locator = new Locator(sources);
  const blocks = diagnostics.map((d) => renderDiagnostic(d, sources, options, locator));
  return `${blocks.join('\n\n')}\n\n${summaryLine(diagnostics)}\n`;
}

/**
 * "2 errors, 1 warning" (zero counts left out; "no problems" when empty). A FLOW1900 counts as the
 * problems it stands for, so the line gives the real totals of a file with too many to list.
 */
export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const count = (severity: Diagnostic['severity']) =>
    diagnostics.reduce((sum, d) => sum + (hiddenCounts(d)?.[severity] ?? (d.severity === severity ? 1 : 0)), 0);
  const parts: string[] = [];
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (infos > 0) parts.push(`${infos} info`);
  return parts.length === 0 ? 'no problems' : parts.join(', ');
}

function gutterWidth(marks: readonly Mark[], locator: Locator): number {
  let max = 1;
  for (const mark of marks) max = Math.max(max, locator.locate(mark.span).line);
  return String(max).length;
}

function snippet(lines: LineIndex, marks: readonly Mark[], d: Diagnostic, width: number, style: Style): string[] {
  const pad = ' '.repeat(width);
  const byLine = new Map<number, Mark[]>();
  for (const mark of marks) {
    const { line } = lines.locate(mark.span.offset);
    byLine.set(line, [...(byLine.get(line) ?? []), mark]);
  }
  const out: string[] = [];
  let previous: number | undefined;
  for (const line of [...byLine.keys()].sort((a, b) => a - b)) {
    if (previous !== undefined && line > previous + 1) out.push(style.gutter('...'));
    previous = line;
    const full = lines.lineText(line);
    const lineStart = lines.lineStart(line);
    const marksHere = byLine.get(line) ?? [];
    const firstMark = marksHere.reduce((min, m) => Math.min(min, m.span.offset - lineStart), Number.POSITIVE_INFINITY);
    const shownWindow = windowOf(full, lineStart, firstMark);
    const { start, cutBefore, cutAfter } = shownWindow;
    const text = withoutControls(shownWindow.text);
    out.push(`${style.gutter(`${String(line).padStart(width)} |`)} ${cutBefore ? '…' : ''}${expandTabs(text)}${cutAfter ? '…' : ''}`);
    const ordered = [...(byLine.get(line) ?? [])].sort((a, b) => a.span.offset - b.span.offset);
    for (const mark of ordered) {
      const from = mark.span.offset - start;
      const until = Math.min(from + Math.max(mark.span.length, 0), text.length);
      const before = displayWidth(text.slice(0, Math.max(0, from))) + (cutBefore ? 1 : 0);
      const length = Math.max(1, displayWidth(text.slice(Math.max(0, from), until)));
      const underline = (mark.primary ? '^' : '-').repeat(length);
      const label = mark.message === undefined ? '' : ` ${mark.message}`;
      const paint = (s: string) => (mark.primary ? style.severity(d.severity, s) : style.secondary(s));
      out.push(`${pad} ${style.gutter('|')} ${' '.repeat(before)}${paint(`${underline}${label}`)}`);
    }
  }
  return out;
}

/** Longest stretch of a source line shown, in UTF-16 units around the first mark. */
const MAX_SHOWN = 120;

/** The part of a long line that is shown: from a little before the first mark, at most MAX_SHOWN long. */
function windowOf(full: string, lineStart: number, firstMark: number): { text: string; start: number; cutBefore: boolean; cutAfter: boolean } {
  if (full.length <= MAX_SHOWN) return { text: full, start: lineStart, cutBefore: false, cutAfter: false };
  const from = firstMark > MAX_SHOWN / 2 ? firstMark - 20 : 0;
  const to = Math.min(full.length, from + MAX_SHOWN);
  return { text: full.slice(from, to), start: lineStart + from, cutBefore: from > 0, cutAfter: to < full.length };
}

/**
 * Control characters other than tab shown as `�` (one UTF-16 unit each, so offsets still line up):
 * a source line must never move the terminal's cursor or change its colours.
 */
function withoutControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}

function expandTabs(text: string): string {
  return text.replace(/\t/g, '    ');
}

function block(label: string, text: string): string {
  const [first, ...rest] = text.split('\n');
  const indent = ' '.repeat(label.replace(/\u001b\[[0-9;]*m/g, '').length + 2);
  return [`${label}: ${first ?? ''}`, ...rest.map((l) => `${indent}${l}`)].join('\n');
}

/** Paths of known files (and any path under `cwd`) in a message, shown relative to `cwd`. */
function replacePaths(text: string, sources: ReadonlyMap<string, string>, cwd: string | undefined): string {
  if (cwd === undefined) return text;
  let result = text;
  const paths = [...sources.keys()].sort((a, b) => b.length - a.length);
  for (const path of paths) if (result.includes(path)) result = result.split(path).join(relativeTo(cwd, path));
  const prefix = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return result.split(prefix).join('');
}
