/**
 * Wrapping that survives Ink's width mis-measure. Ink counts Devanagari vowel signs and viramas
 * as zero columns while terminals draw most of them one column wide, so Ink under-wraps and the
 * terminal breaks the line again on its own, outside the message's bar. We wrap first, counting
 * columns generously: every code point one column (marks included in Indic scripts), pictographs
 * and East Asian wide characters two, joiners and variation selectors none.
 */

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFE00-\uFE0F]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const MARK = /\p{M}/u;

/** A generous column count for `text` on one line (never less than a terminal draws). */
export function cellWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (ZERO_WIDTH.test(char)) return 0;
  if (MARK.test(char)) return code >= 0x0900 && code <= 0x0dff ? 1 : 0;
  if (PICTOGRAPH.test(char) && code > 0xff) return 2;
  if (isWide(code)) return 2;
  return 1;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6)
  );
}

/** Wraps every line of `text` at word boundaries so that no line is wider than `width` columns. */
export function wrapText(text: string, width: number): string {
  const limit = Math.max(8, width);
  return text
    .split('\n')
    .map((line) => wrapLine(line, limit))
    .join('\n');
}

function wrapLine(line: string, limit: number): string {
  if (cellWidth(line) <= limit) return line;
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (cellWidth(candidate) <= limit) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = '';
    for (const piece of breakWord(word, limit)) {
      if (current !== '') out.push(current);
      current = piece;
    }
  }
  if (current !== '') out.push(current);
  return out.join('\n');
}

/** A word longer than the line, cut into pieces that fit (at code points, marks kept with their letter). */
function breakWord(word: string, limit: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece !== '' && cellWidth(piece + char) > limit && !MARK.test(char)) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  pieces.push(piece);
  return pieces;
}
