import { describe, expect, it } from 'vitest';
import { lex } from '../src/index.js';

const kinds = (source: string) => lex(source, 'l.flow').tokens.map((t) => t.tokenType.name);

describe('lexer', () => {
  it('reads keywords as keywords and longer words as names', () => {
    expect(kinds('menu menus languages language retries retry timeout time')).toEqual([
      'Kw_menu', 'Identifier', 'Kw_languages', 'Kw_language', 'Kw_retries', 'Kw_retry', 'Kw_timeout', 'Kw_time',
    ]);
  });

  it('reads durations, numbers, ranges, dotted names and punctuation', () => {
    expect(kinds('4s 800ms 30m 2h 12 1..3 gr.title -> == != <= >= < > = : , ( )')).toEqual([
      'DurationLit', 'DurationLit', 'DurationLit', 'DurationLit', 'NumberLit', 'NumberLit', 'DotDot', 'NumberLit',
      'DottedName', 'Arrow', 'EqEq', 'NotEq', 'LtEq', 'GtEq', 'Lt', 'Gt', 'Assign', 'Colon', 'Comma', 'LParen', 'RParen',
    ]);
  });

  it('keeps Devanagari, emoji and WhatsApp formatting inside strings as they are', () => {
    const { tokens, diagnostics } = lex('mr: "नमस्कार 🙏 *जालना* _मित्र_ ~x~"', 'l.flow');
    expect(diagnostics).toEqual([]);
    expect(tokens[2]?.image).toBe('"नमस्कार 🙏 *जालना* _मित्र_ ~x~"');
  });

  it('keeps comments apart for the formatter, but not a # inside a string', () => {
    const { tokens, comments } = lex('page p # note\n  text: "# not a comment"', 'l.flow');
    expect(comments.map((c) => c.image)).toEqual(['# note']);
    expect(tokens.map((t) => t.image)).toContain('"# not a comment"');
  });

  it('reads a """ string across lines', () => {
    const { tokens, diagnostics } = lex('text: """\n  a "b"\n  c\n  """', 'l.flow');
    expect(diagnostics).toEqual([]);
    expect(tokens.map((t) => t.tokenType.name)).toEqual(['Kw_text', 'Colon', 'TripleString']);
  });

  it('reports a character outside the language with FLOW1001 and where it is', () => {
    const source = 'menu home\n  text: नमस्कार';
    const [d] = lex(source, 'l.flow').diagnostics;
    expect(d?.code).toBe('FLOW1001');
    expect(d?.span.offset).toBe(source.indexOf('न'));
    expect(d?.help).toMatch(/double quotes/);
  });

  it('reports a string without its closing quote with FLOW1002', () => {
    const source = 'text: "hello\nmenu x';
    const { diagnostics, tokens } = lex(source, 'l.flow');
    expect(diagnostics.map((d) => d.code)).toEqual(['FLOW1002']);
    expect(diagnostics[0]?.span).toEqual({ file: 'l.flow', offset: 6, length: 6 });
    // The next line is still read.
    expect(tokens.map((t) => t.image)).toContain('menu');
  });

  it('reports an unknown escape with FLOW1003', () => {
    const { diagnostics } = lex('text: "a\\tb"', 'l.flow');
    expect(diagnostics.map((d) => d.code)).toEqual(['FLOW1003']);
    expect(diagnostics[0]?.message).toContain('\\t');
  });
});
