import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { format, parse } from '../src/index.js';
import { exampleFlows, withoutSpans } from './helpers.js';

const examples = exampleFlows();

/** Pieces of `.flow` text, broken ones included, to build plausible nonsense from. */
const pieces = [
  'menu', 'page', 'input', 'branch', 'bot', 'goto', 'end', 'source', 'include', 'option', 'text', 'then', 'back',
  'home', 'when', 'else', 'not', 'and', 'or', 'expect', 'number', 'one', 'of', 'from', 'into', 'fallback', 'link',
  ' ', '  ', '\n', '\r\n', '\t', ':', ',', '->', '-', '>', '=', '==', '(', ')', '..', '.', '"', '"""', '\\', '#',
  '"नमस्कार"', 'नमस्कार', '🙏', '"🙏 *x* _y_"', 'mr', 'en', 'x', 'gr.title', '4s', '30m', '12', '1..3', '{name}',
];
const flowish = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(''));

function expectSound(source: string): void {
  const { ast, diagnostics } = parse(source, 'p.flow');
  expect(ast.kind).toBe('file');
  for (const d of diagnostics) {
    expect(d.span.offset).toBeGreaterThanOrEqual(0);
    expect(d.span.offset + d.span.length).toBeLessThanOrEqual(source.length);
    expect(d.message).not.toContain('\n');
  }
}

/** The lines of a source with the lines at the given positions removed. */
function deleteLines(source: string, picks: readonly number[]): string {
  const lines = source.split('\n');
  const drop = new Set(picks.map((p) => p % Math.max(1, lines.length)));
  return lines.filter((_, i) => !drop.has(i)).join('\n');
}

describe('parse never throws', () => {
  it('on arbitrary text, including Devanagari, emoji and quotes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), expectSound), { numRuns: 150 });
  });

  it('on plausible nonsense made of .flow pieces', () => {
    fc.assert(fc.property(flowish, expectSound), { numRuns: 300 });
  });

  it.each(examples.map((e) => [e.name, e.source] as const))('on every truncation and line deletion of %s', (_, source) => {
    fc.assert(
      fc.property(fc.nat({ max: source.length }), fc.array(fc.nat(), { maxLength: 4 }), (cut, picks) => {
        expectSound(source.slice(0, cut));
        expectSound(deleteLines(source, picks));
      }),
      { numRuns: 40 },
    );
  });
});

describe('format', () => {
  it.each(examples.map((e) => [e.name, e.source] as const))(
    'is idempotent and keeps the tree on variants of %s that still parse',
    (_, source) => {
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 3 }), (picks) => {
          const variant = deleteLines(source, picks);
          const first = parse(variant, 'v.flow');
          fc.pre(first.diagnostics.length === 0);
          const once = format(first.ast);
          const second = parse(once, 'v.flow');
          expect(second.diagnostics).toEqual([]);
          expect(format(second.ast)).toBe(once);
          expect(withoutSpans(second.ast)).toEqual(withoutSpans(first.ast));
        }),
        { numRuns: 30 },
      );
    },
  );
});
