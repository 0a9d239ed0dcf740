import type { Comments, Text } from '../ast.js';
import { literal, pad } from './strings.js';

/** Collects output lines. */
export class Writer {
  private readonly lines: string[] = [];

  /** Adds a line at `indent` (an empty line stays empty). */
  line(indent: number, text: string): void {
    this.lines.push(text === '' ? '' : pad(indent) + text);
  }

  /** Adds an empty line unless the output is empty or already ends with one. */
  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  /** Adds a clause's line at `indent`, below the comments written above it. */
  clause(indent: number, comments: Comments | undefined, text: string): void {
    this.comments(indent, comments);
    this.line(indent, text);
  }

  /** Adds comments, one `#` line each, at `indent` (none when `comments` is absent). */
  comments(indent: number, comments: Comments | undefined): void {
    if (comments === undefined) return;
    for (const comment of comments) this.line(indent, `#${comment}`);
  }

  /**
   * Adds a text block under a heading (`text:`): a neutral string on the heading's
   * line, or one line per language two spaces deeper. With `heading` empty (option and
   * link labels), language lines start at `indent` and a neutral string stands alone, below the
   * comments written above it.
   */
  text(indent: number, heading: string, text: Text): void {
    const inner = heading === '' ? indent : indent + 2;
    if (text.kind === 'neutral') {
      this.comments(indent, text.comments ?? []);
      const written = literal(text.value, indent, text.multiline);
      this.line(indent, heading === '' ? written : `${heading} ${written}`);
      return;
    }
    // A required text left out (an empty list) stays left out: `title:` alone would not parse.
    if (text.entries.length === 0) return;
    if (heading !== '') this.line(indent, heading);
    for (const entry of text.entries) {
      this.comments(inner, entry.comments);
      this.line(inner, `${entry.lang.name}: ${literal(entry.value, inner, entry.multiline)}`);
    }
  }

  /** The output: lines joined, one final newline. */
  toString(): string {
    const lines = [...this.lines];
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }
}
