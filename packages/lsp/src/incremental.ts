/**
 * Re-parsing a large file after an edit: only the declarations the edit touched are parsed again
 * (with the one parser, `parse()` of @samvad/dsl), between two neighbours that are parsed with them
 * as sentinels; the declarations before are kept, those after are kept with their spans moved by
 * the edit's length. The result is the same AST and diagnostics as a full parse but for comments
 * (the formatter always parses the whole file; checks and navigation do not read comments), and
 * whenever that cannot be shown cheaply the whole file is parsed:
 * - the file is small (a full parse costs a few milliseconds), not text, or has triple-quoted
 *   strings (one can swallow the rest of the file);
 * - the old parse hit the diagnostics cap, or its declarations overlap;
 * - the declaration after the edit does not come out of the re-parse exactly as it was (the edit
 *   changed where the one before it ends);
 * - the old parse has an error in the re-parsed declarations or the one before them (its recovery
 *   may have decided where they start).
 */
import { MAX_DIAGNOSTICS_PER_FILE, parse } from '@samvad/dsl';
import type { Decl, Diagnostic, FlowFile } from '@samvad/dsl';

/** A parse with the text it was made from. */
export interface TextParse {
  readonly ast: FlowFile;
  readonly diagnostics: readonly Diagnostic[];
  readonly text: string;
}

/** Files smaller than this are always parsed whole. */
export const INCREMENTAL_MIN_CHARS = 64 * 1024;

/**
 * The parse of `text`, reusing `previous` (the parse of an earlier text of the same file) where the
 * edit allows. `previous` must not be used afterwards: its declarations after the edit are moved.
 */
export function reparse(previous: TextParse | undefined, text: string, file: string): TextParse {
  const full = (): TextParse => ({ ...parse(text, file), text });
  if (previous === undefined || previous.text === text) return previous ?? full();
  if (text.length < INCREMENTAL_MIN_CHARS || text.includes('"""') || previous.text.includes('"""') || text.includes('\u0000')) return full();
  if (previous.diagnostics.length >= MAX_DIAGNOSTICS_PER_FILE) return full();
  return spliced(previous, text, file) ?? full();
}

function spliced(previous: TextParse, text: string, file: string): TextParse | undefined {
  const old = previous.text;
  const decls = previous.ast.decls;
  if (!ordered(decls)) return undefined;
  // The edit: [start, oldEnd) of the old text became [start, oldEnd + delta) of the new one.
  const limit = Math.min(old.length, text.length);
  let start = 0;
  while (start < limit && old.charCodeAt(start) === text.charCodeAt(start)) start += 1;
  let same = 0;
  while (same < limit - start && old.charCodeAt(old.length - 1 - same) === text.charCodeAt(text.length - 1 - same)) same += 1;
  const oldEnd = old.length - same;
  const delta = text.length - old.length;
  // First declaration the edit may touch (the edit starts at or before its end), and the one before it.
  let first = 0;
  while (first < decls.length && end(decls[first] as Decl) < start) first += 1;
  const left = Math.max(0, first - 1);
  // The first declaration that starts after the edit is the right sentinel.
  let right = first;
  while (right < decls.length && (decls[right] as Decl).span.offset <= oldEnd) right += 1;
  if (right >= decls.length) return undefined; // the edit is in the last declarations: cheap enough whole
  const sentinel = decls[right] as Decl;
  const windowStart = left === 0 && first === 0 ? 0 : (decls[left] as Decl).span.offset;
  const oldWindowEnd = right + 1 < decls.length ? (decls[right + 1] as Decl).span.offset : old.length;
  const windowEnd = oldWindowEnd + delta;
  // A parse error in the window or the declaration before it may have set where declarations
  // start (recovery resyncs at the next keyword): the window alone could read them otherwise.
  const guardStart = (decls[Math.max(0, left - 1)] as Decl).span.offset;
  if (previous.diagnostics.some((d) => d.severity === 'error' && d.span.offset >= guardStart && d.span.offset < oldWindowEnd)) return undefined;
  const window = parse(text.slice(windowStart, windowEnd), file);
  if (window.diagnostics.some((d) => d.code === 'FLOW1900' || d.code === 'FLOW9002' || d.code === 'FLOW1004')) return undefined;
  const parsed = window.ast.decls.map((d) => shift(d, windowStart));
  const newSentinel = parsed[parsed.length - 1];
  if (newSentinel === undefined || withoutComments(newSentinel) !== withoutComments(shift(sentinel, delta))) return undefined;
  const diagnostics = [
    ...previous.diagnostics.filter((d) => d.span.offset < windowStart),
    ...window.diagnostics.map((d) => shift(d, windowStart)),
    // Copied before the declarations after the edit move: a diagnostic may share a span with them.
    ...previous.diagnostics.filter((d) => d.span.offset >= oldWindowEnd).map((d) => shift(d, delta)),
  ];
  if (diagnostics.length >= MAX_DIAGNOSTICS_PER_FILE) return undefined;
  const after = decls.slice(right + 1);
  moveInPlace(after, delta);
  const ast: FlowFile = { ...previous.ast, decls: [...decls.slice(0, left), ...parsed, ...after] };
  return { ast, diagnostics: diagnostics.sort((a, b) => a.span.offset - b.span.offset), text };
}

/** The span objects of each declaration (found once per declaration: it keeps them from edit to edit). */
const spansOf = new WeakMap<Decl, { offset: number }[]>();

/**
 * Moves the spans of declarations by `by`, in place: copying thousands of declarations on every
 * keystroke cost more than parsing them. The parse they came from is not used again.
 */
function moveInPlace(decls: readonly Decl[], by: number): void {
  if (by === 0) return;
  for (const decl of decls) for (const span of spanList(decl)) span.offset += by;
}

function spanList(decl: Decl): { offset: number }[] {
  let list = spansOf.get(decl);
  if (list !== undefined) return list;
  const found: { offset: number }[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const o = value as Record<string, unknown>;
    if (typeof o.file === 'string' && typeof o.offset === 'number' && typeof o.length === 'number') {
      // The parser's stand-in for something missing (an empty span at 0) is not a place: not moved.
      if (!(o.offset === 0 && o.length === 0)) found.push(o as { offset: number });
      return;
    }
    for (const key of Object.keys(o)) walk(o[key]);
  };
  walk(decl);
  list = found;
  spansOf.set(decl, list);
  return list;
}

function end(decl: Decl): number {
  return decl.span.offset + decl.span.length;
}

/** True when the declarations' spans follow one another without overlapping. */
function ordered(decls: readonly Decl[]): boolean {
  for (let i = 1; i < decls.length; i += 1) if ((decls[i] as Decl).span.offset < end(decls[i - 1] as Decl)) return false;
  return true;
}

/** A copy of an AST part or diagnostic with every span moved by `by` (the same object when `by` is 0). */
export function shift<T>(value: T, by: number): T {
  if (by === 0) return value;
  return moved(value, by) as T;
}

function moved(value: unknown, by: number): unknown {
  if (Array.isArray(value)) return value.map((v) => moved(v, by));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) out[key] = moved(source[key], by);
  // An empty span at offset 0 is the parser's stand-in for something missing after an error, not a place: left as is.
  const span = typeof source.file === 'string' && typeof source.offset === 'number' && typeof source.length === 'number';
  if (span && !(source.offset === 0 && source.length === 0)) out.offset = (source.offset as number) + by;
  return out;
}

/** A declaration as JSON without its comments (what checks and navigation read). */
export function withoutComments(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'comments' || key === 'leadingComments' || key === 'trailingComments' ? undefined : v));
}
