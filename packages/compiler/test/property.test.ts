import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compile, memoryHost, renderDiagnostics, diagnosticsToJson } from '../src/index.js';
import { exampleRoots } from './support/examples.js';

const internal = (codes: readonly string[]) => codes.filter((c) => c.startsWith('FLOW9') || c === 'FLOW1199');

/** Compiles one text; returns the codes, after rendering them both ways (renderers must not throw either). */
function compileAndRender(text: string): string[] {
  const result = compile('main.flow', memoryHost({ 'main.flow': text }));
  renderDiagnostics(result.diagnostics, result.sources, { color: true });
  diagnosticsToJson(result.diagnostics, result.sources);
  return result.diagnostics.map((d) => d.code);
}

const examples = exampleRoots().map((path) => readFileSync(path, 'utf8'));

describe('compile never throws and never fails internally', () => {
  test('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(internal(compileAndRender(text))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('on random truncations of the examples', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.nat(), (text, cut) => {
        expect(internal(compileAndRender(text.slice(0, cut % (text.length + 1))))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  test('on the examples with random lines deleted', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (text, picks) => {
        const lines = text.split('\n');
        const drop = new Set(picks.map((p) => p % lines.length));
        expect(internal(compileAndRender(lines.filter((_, i) => !drop.has(i)).join('\n')))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
