import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compile, nodeHost } from '../src/index.js';
import type { CompilerHost } from '../src/index.js';

/**
 * One mistake in the real bot gives one diagnostic: nothing computed through the broken
 * reference (reachability, `{var}` dataflow, word ties, translations) is reported, and no node
 * is said to be unreachable (or worth deleting) because of another error.
 */
const flows = fileURLToPath(new URL('../../../flows/', import.meta.url));
const root = join(flows, 'jalna-mitra.flow');

/** The disk host with the first match of `from` in one file of flows/ replaced by `to`. */
function withMistake(file: string, from: string, to: string): CompilerHost {
  const disk = nodeHost();
  const path = join(flows, file);
  return {
    resolve: disk.resolve,
    readFile: (p) => {
      const text = disk.readFile(p);
      if (p !== path || text === undefined) return text;
      if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update this test`);
      return text.replace(from, to);
    },
  };
}

/** [what the author got wrong, file, text, mistaken text, the one code expected] */
const mistakes: readonly (readonly [string, string, string, string, string])[] = [
  ['the welcome menu points at `departmens`', 'jalna-mitra.flow', 'option jalna_mitra -> departments', 'option jalna_mitra -> departmens', 'FLOW2001'],
  ['the GR option points at `gr_meny`', 'jalna-mitra.flow', 'option gr -> gr_menu', 'option gr -> gr_meny', 'FLOW2001'],
  ['the GR option points at a name nothing is close to', 'jalna-mitra.flow', 'option gr -> gr_menu', 'option gr -> xyzzy_plugh', 'FLOW2001'],
  ['`start:` names `hom`', 'jalna-mitra.flow', 'start: home', 'start: hom', 'FLOW2001'],
  ['the GR menu is defined as `gr_men`', 'gr.flow', '\nmenu gr_menu\n', '\nmenu gr_men\n', 'FLOW2001'],
  ['the GR page is defined as `gr_detal` (two `from` clauses lead to it)', 'gr.flow', '\npage gr_detail\n', '\npage gr_detal\n', 'FLOW2001'],
  ['the income certificate page is defined as `rev_incom`', 'departments/revenue.flow', '\npage rev_income\n', '\npage rev_incom\n', 'FLOW2001'],
  ['the source is declared as `maharashtra_g`', 'gr.flow', '\nsource maharashtra_gr\n', '\nsource maharashtra_g\n', 'FLOW7002'],
  ['the latest GRs go `into g`', 'gr.flow', 'into gr -> gr_detail', 'into g -> gr_detail', 'FLOW7001'],
  ['`languages:` lists `hn` for Hindi', 'jalna-mitra.flow', 'hi "हिंदी"', 'hn "हिंदी"', 'FLOW3003'],
  ['an include is misspelt', 'jalna-mitra.flow', 'include "gr.flow"', 'include "gr2.flow"', 'FLOW2008'],
];

describe('one mistake in Jalna Mitra, one diagnostic', () => {
  test('the bot as written has none', () => {
    expect(compile(root, nodeHost(), { checkOnly: true }).diagnostics).toEqual([]);
  });

  test.each(mistakes)('%s', (_what, file, from, to, code) => {
    const result = compile(root, withMistake(file, from, to), { checkOnly: true });
    expect(result.diagnostics.map((d) => `${d.code}: ${d.message}`)).toHaveLength(1);
    expect(result.diagnostics[0]?.code).toBe(code);
    expect(result.diagnostics[0]?.severity).toBe('error');
  });

  test('no diagnostic ever advises deleting a node while a reference is unknown', () => {
    for (const [, file, from, to] of mistakes) {
      const result = compile(root, withMistake(file, from, to), { checkOnly: true });
      expect(result.diagnostics.filter((d) => d.help?.includes('delete') === true)).toEqual([]);
    }
  });
});
