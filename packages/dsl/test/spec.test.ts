import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatSource, parse } from '../src/index.js';

const spec = readFileSync(fileURLToPath(new URL('../../../docs/language.md', import.meta.url)), 'utf8');
/** The complete `.flow` snippets of the spec (the others are templates with `<…>`). */
const snippets = [...spec.matchAll(/```\n([\s\S]*?)```/g)]
  .map((m) => m[1] ?? '')
  .filter((code) => !code.includes('<') && !code.includes('file        =') && !code.startsWith(' '));

describe('docs/language.md', () => {
  it('has complete examples', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(2);
  });

  it.each(snippets.map((code, i) => [i + 1, code] as const))('example %i parses without a problem and is formatted', (_, code) => {
    expect(parse(code, 'spec.flow').diagnostics).toEqual([]);
    expect(formatSource(code, 'spec.flow').output).toBe(code);
  });
});
