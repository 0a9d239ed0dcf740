/**
 * Decoding of string literals. One-line strings know three escapes (`\"`, `\\`, `\n`);
 * `"""` strings are raw, lose the indentation common to their lines, and drop a blank
 * first and last line.
 */

/** A problem found while decoding, relative to the start of the literal. */
export interface StringProblem {
  readonly offset: number;
  readonly length: number;
  readonly escape: string;
}

/** A decoded string value and any unknown escapes found in it. */
export interface Decoded {
  readonly value: string;
  readonly problems: readonly StringProblem[];
}

/** Decodes a one-line literal as written (with its quotes; the closing one may be missing). */
export function decodeOneLine(image: string): Decoded {
  const closed = image.length >= 2 && image.endsWith('"') && !endsWithEscape(image);
  const body = image.slice(1, closed ? -1 : undefined);
  if (!body.includes('\\')) return { value: body, problems: [] };
  let value = '';
  const problems: StringProblem[] = [];
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      value += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === '"' || next === '\\') value += next;
    else if (next === 'n') value += '\n';
    else {
      problems.push({ offset: i + 1, length: next === undefined ? 1 : 2, escape: `\\${next ?? ''}` });
      value += next === undefined ? '\\' : `\\${next}`;
    }
    i += 1;
  }
  return { value, problems };
}

function endsWithEscape(image: string): boolean {
  let slashes = 0;
  for (let i = image.length - 2; i >= 0 && image[i] === '\\'; i -= 1) slashes += 1;
  return slashes % 2 === 1;
}

/** Decodes a `"""` literal (the closing quotes may be missing). */
export function decodeTriple(image: string): string {
  const closed = image.length >= 6 && image.endsWith('"""');
  return dedent(image.slice(3, closed ? -3 : undefined));
}

/** Removes the common indentation and a blank first and last line. */
export function dedent(raw: string): string {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && (lines[0] ?? '').trim() === '') lines.shift();
  if (lines.length > 1 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  let common = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    common = Math.min(common, indent);
  }
  if (common === Infinity) common = 0;
  return lines.map((line) => (line.trim() === '' ? '' : line.slice(common))).join('\n');
}

/** Writes a value as a one-line literal with the fewest escapes. */
export function quoteOneLine(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
