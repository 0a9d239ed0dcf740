/**
 * Start-up cost: Chevrotain's parser is built on first use only (so is its lexer). Building the
 * parser analyses the grammar (~45 ms): a command that parses no `.flow` file never pays for it.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CstParser } from '../src/chevrotain.js';

afterEach(() => vi.restoreAllMocks());

const clean = readFileSync(new URL('../../../examples/hello.flow', import.meta.url), 'utf8');
const broken = clean.replace('menu home', 'menu home ->');

describe('Chevrotain set-up', () => {
  it('is not done on import; the first file parsed builds the parser, once', async () => {
    const analysed = vi.spyOn(CstParser.prototype as unknown as { performSelfAnalysis: () => void }, 'performSelfAnalysis');
    const { parse } = await import('../src/parser/parse.js');
    expect(analysed).not.toHaveBeenCalled();
    expect(parse(clean, 'clean.flow').diagnostics).toEqual([]);
    expect(analysed).toHaveBeenCalledTimes(1);

    expect(parse(broken, 'broken.flow').diagnostics.length).toBeGreaterThan(0);
    expect(analysed).toHaveBeenCalledTimes(1);

    expect(parse(`${broken}\n# again`, 'again.flow').diagnostics.length).toBeGreaterThan(0);
    expect(analysed).toHaveBeenCalledTimes(1);
  });
});
