import { decodeTriple, quoteOneLine } from '../lexer/strings.js';

/** `n` spaces. */
export function pad(n: number): string {
  return ' '.repeat(n);
}

/**
 * Writes a string value as the parser will read it back: one line with minimal escapes,
 * or — when it was written as `"""` and survives the round trip — a `"""` block whose
 * lines sit two spaces deeper than `indent` (the indentation of the line it starts on).
 */
export function literal(value: string, indent: number, multiline = false): string {
  if (multiline && !value.includes('"""')) {
    const inner = pad(indent + 2);
    const body = value
      .split('\n')
      .map((line) => (line === '' ? '' : inner + line))
      .join('\n');
    const block = `"""\n${body}\n${inner}"""`;
    if (decodeTriple(block) === value) return block;
  }
  return quoteOneLine(value);
}

/** `"a", "b", "c"` */
export function literalList(values: readonly { readonly value: string }[], indent: number): string {
  return values.map((v) => literal(v.value, indent)).join(', ');
}
