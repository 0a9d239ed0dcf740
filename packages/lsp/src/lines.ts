/** Offsets (UTF-16, as spans count them) to LSP positions (line, UTF-16 character) and back. */
import type { Position, Range } from 'vscode-languageserver';
import type { Span } from '@samvad/dsl';

/** The line starts of one text. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The position of an offset (clamped to the text). */
  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: at - (this.starts[lo] as number) };
  }

  /** The offset of a position (clamped to its line and to the text). */
  offsetAt(position: Position): number {
    const start = this.starts[position.line];
    if (start === undefined) return this.text.length;
    const next = this.starts[position.line + 1] ?? this.text.length + 1;
    return Math.min(start + Math.max(0, position.character), next - 1, this.text.length);
  }

  /** The range of a span. */
  rangeOf(span: Pick<Span, 'offset' | 'length'>): Range {
    return { start: this.positionAt(span.offset), end: this.positionAt(span.offset + span.length) };
  }

  /** The text of a 0-based line up to a character (the part before the cursor). */
  linePrefix(position: Position): string {
    const start = this.starts[position.line] ?? this.text.length;
    return this.text.slice(start, this.offsetAt(position));
  }

  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const next = this.starts[line + 1];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
