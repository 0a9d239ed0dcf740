import type { Span } from '@samvad/dsl';

/** A 1-based line and column; the column counts Unicode code points. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Offsets of line starts of one text, for fast offset → line/column lookups. */
export class LineIndex {
  /** Offset of the start of each line: index 0 is line 1. */
  private readonly starts: Uint32Array;

  constructor(readonly text: string) {
    // Two passes over the text (count, then fill a typed array) cost less than growing an array
    // of numbers line by line: a large bot has tens of thousands of lines.
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count += 1;
    this.starts = new Uint32Array(count);
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts[line++] = i + 1;
  }

  /** The 1-based line and code-point column of a UTF-16 offset (clamped to the text). */
  locate(offset: number): LineColumn {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    const start = this.starts[lo] ?? 0;
    let column = 1;
    for (let i = start; i < at; i += 1) {
      const code = this.text.charCodeAt(i);
      if (code < 0xdc00 || code > 0xdfff) column += 1;
    }
    return { line: lo + 1, column };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  /** UTF-16 offset of the start of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.text.length;
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/** Line indexes of several files, built on first use. */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  /**
   * The index of a file, or `undefined` when its text is unknown or is not text (it holds a NUL:
   * FLOW1004), so that renderers never quote a binary file.
   */
  index(file: string): LineIndex | undefined {
    let index = this.indexes.get(file);
    if (index === undefined) {
      const text = this.sources.get(file);
      if (text === undefined || text.includes('\u0000')) return undefined;
      index = new LineIndex(text);
      this.indexes.set(file, index);
    }
    return index;
  }

  /** Line and column of the start of a span (1:1 when the file is unknown). */
  locate(span: Span): LineColumn {
    return this.index(span.file)?.locate(span.offset) ?? { line: 1, column: 1 };
  }

  /** `file:line:column` of the start of a span. */
  describe(span: Span): string {
    const { line, column } = this.locate(span);
    return `${span.file}:${line}:${column}`;
  }
}
