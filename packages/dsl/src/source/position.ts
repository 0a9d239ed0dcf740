/** A 1-based line and column; the column counts Unicode code points, not UTF-16 units. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** The line and column of a UTF-16 offset in `source` (clamped to the source). */
export function lineColumn(source: string, offset: number): LineColumn {
  const at = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < at; i = source.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  let column = 1;
  for (let i = lineStart; i < at; i += 1) {
    const code = source.charCodeAt(i);
    // The second half of a surrogate pair does not start a new code point.
    if (!(code >= 0xdc00 && code <= 0xdfff && i > lineStart && isHighSurrogate(source.charCodeAt(i - 1)))) column += 1;
  }
  return { line, column };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The text of a 1-based line, without its line break; `''` past the end. */
export function lineText(source: string, line: number): string {
  if (line < 1) return '';
  let start = 0;
  for (let current = 1; current < line; current += 1) {
    const next = source.indexOf('\n', start);
    if (next === -1) return '';
    start = next + 1;
  }
  const end = source.indexOf('\n', start);
  return source.slice(start, end === -1 ? source.length : end).replace(/\r$/, '');
}
