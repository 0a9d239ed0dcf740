import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lex } from '../src/index.js';
import { lexWithChevrotain } from '../src/lexer/lexer.js';
import { scan } from '../src/lexer/scan.js';
import { exampleFlows } from './helpers.js';

const flowsDir = fileURLToPath(new URL('../../../flows/', import.meta.url));
const flows = ['', 'departments/']
  .flatMap((dir) => readdirSync(flowsDir + dir).filter((f) => f.endsWith('.flow')).map((f) => dir + f))
  .map((name) => ({ name: `flows/${name}`, source: readFileSync(flowsDir + name, 'utf8') }));
const sources = [...exampleFlows(), ...flows];

/** Characters that matter to the lexer, plus a few it does not know. */
const PIECES = [
  ' ', '\t', '\n', '\r\n', '\uFEFF', '"', '"""', '\\', '\\n', '#', '-', '->', '.', '..', '=', '==', '!', '!=', '<', '<=',
  '>', '>=', ':', ',', '(', ')', '0', '42', 'ms', 's', 'm', 'h', 'x', 'gr.title', 'a.', '_', 'menu', 'मराठी', '@', '$',
  '{', '}', '5mx', '4s', '30m.', '\u0000',
];

function expectSameAsReference(source: string): void {
  expect(lex(source, 'f.flow')).toStrictEqual(lexWithChevrotain(source, 'f.flow'));
}

describe('the hand-written scanner behind lex()', () => {
  it.each(sources.map((s) => [s.name, s.source] as const))('reads %s itself, with the tokens of the Chevrotain lexer', (_, source) => {
    expect(scan(source)).toBeDefined();
    expectSameAsReference(source);
  });

  it('gives the tokens of the Chevrotain lexer for damaged variants of every example (or hands over)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...PIECES)), { maxLength: 4 }),
        fc.nat(),
        (example, edits, cut) => {
          let variant = example.source;
          for (const [at, drop, piece] of edits) {
            const pos = at % (variant.length + 1);
            variant = variant.slice(0, pos) + piece + variant.slice(pos + (drop % 3));
          }
          expectSameAsReference(variant);
          expectSameAsReference(variant.slice(0, cut % (variant.length + 1)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the tokens of the Chevrotain lexer for random strings of lexer-relevant pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        expectSameAsReference(pieces.join(''));
      }),
      { numRuns: 500 },
    );
  });

  it('hands a file with a lexical problem to the Chevrotain lexer, which reports it', () => {
    expect(scan('menu m\n  text: "no end\n')).toBeUndefined();
    expect(lex('menu m\n  text: "no end\n', 'f.flow').diagnostics[0]?.code).toBe('FLOW1002');
    expect(scan('menu m @')).toBeUndefined();
    expect(lex('menu m @', 'f.flow').diagnostics[0]?.message).toBe('unexpected character `@`');
  });
});
