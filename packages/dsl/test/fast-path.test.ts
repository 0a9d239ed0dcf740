import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { scanCompact } from '../src/lexer/compact.js';
import { parseFast } from '../src/parser/fast-path.js';
import { parseWithRecovery } from '../src/parser/parse.js';
import { exampleFlows } from './helpers.js';

const flowsDir = fileURLToPath(new URL('../../../flows/', import.meta.url));
const flows = ['', 'departments/']
  .flatMap((dir) => readdirSync(flowsDir + dir).filter((f) => f.endsWith('.flow')).map((f) => dir + f))
  .map((name) => ({ name: `flows/${name}`, source: readFileSync(flowsDir + name, 'utf8') }));
const sources = [...exampleFlows(), ...flows];

function takesFastPath(source: string): boolean {
  const compact = scanCompact(source);
  const ctx = { file: 'f.flow', diagnostics: [], commentTargets: [], trackComments: true, strays: [] };
  return compact !== undefined && parseFast(ctx, compact) !== undefined;
}

describe('the one-pass reader for error-free files', () => {
  it.each(sources.map((s) => [s.name, s.source] as const))('reads %s', (_, source) => {
    expect(takesFastPath(source)).toBe(true);
  });

  it.each(sources.map((s) => [s.name, s.source] as const))('builds exactly the tree of the full parser, spans included, for %s', (name, source) => {
    expect(parse(source, name)).toEqual(parseWithRecovery(source, name));
  });

  it('agrees with the full parser on damaged variants of every example (or hands over)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(fc.nat(), { maxLength: 3 }), fc.nat(), (example, picks, cut) => {
        const lines = example.source.split('\n');
        const drop = new Set(picks.map((p) => p % lines.length));
        const variant = lines.filter((_, i) => !drop.has(i)).join('\n');
        expect(parse(variant, 'v.flow')).toEqual(parseWithRecovery(variant, 'v.flow'));
        const truncated = variant.slice(0, cut % (variant.length + 1));
        expect(parse(truncated, 't.flow')).toEqual(parseWithRecovery(truncated, 't.flow'));
      }),
      { numRuns: 150 },
    );
  });

  it('hands over, never reports an internal error, when a file ends in the middle of a clause', () => {
    const cut = 'bot b\n  languages: en "English"\n  start: q\n\ninput q\n  text: "Name?"\n  var: name\n  expect:';
    const result = parse(cut, 'cut.flow');
    expect(result).toEqual(parseWithRecovery(cut, 'cut.flow'));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FLOW1101']);
  });

  it('hands a text with an unknown escape to the full path, which reports it', () => {
    const source = 'page p\n  text: "tab\\there"\n  then back\n';
    expect(takesFastPath(source)).toBe(false);
    expect(parse(source, 'e.flow').diagnostics.map((d) => d.code)).toEqual(['FLOW1003']);
    expect(takesFastPath('page p\n  text: "a \\"quote\\" and \\\\ and \\n"\n  then back\n')).toBe(true);
  });

  it('hands a file with an error to the full parser', () => {
    expect(takesFastPath('page p\n  then back\n  then home')).toBe(false);
    expect(parse('page p\n  then back\n  then home', 'd.flow').diagnostics[0]?.code).toBe('FLOW1105');
  });
});
