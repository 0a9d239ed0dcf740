import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import type { MenuDecl } from '../src/index.js';
import { exampleFlows } from './helpers.js';

/** A menu with options `income` and `caste`; `words` is written after income's label, as given. */
const menuWith = (wordsLine: string, between = '') =>
  [
    'menu revenue',
    '  text:',
    '    mr: "सेवा निवडा"',
    '    en: "Choose a service"',
    '  option income -> rev_income',
    '    mr: "उत्पन्न दाखला"',
    '    en: "Income certificate"',
    between,
    wordsLine,
    '  option caste -> rev_caste',
    '    mr: "जात प्रमाणपत्र"',
    '    en: "Caste certificate"',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');

const wordsOf = (source: string) =>
  (parse(source, 'r.flow').ast.decls[0] as MenuDecl).options.map((o) => [o.id.name, o.words.map((w) => w.value)]);

describe('FLOW1107: a `words:` line indented unlike its option', () => {
  it('at the level of the options, the warning says the words go to the option above', () => {
    const source = menuWith('  words: "jaat", "caste"');
    const { diagnostics } = parse(source, 'r.flow');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['FLOW1107', 'warning']]);
    const d = diagnostics[0]!;
    expect(source.slice(d.span.offset, d.span.offset + d.span.length)).toBe('words');
    expect(d.message).toBe('this `words:` line is at the level of the options, not under option `income`, yet its words go to `income`');
    expect(d.labels.map((l) => source.slice(l.span.offset, l.span.offset + l.span.length))).toEqual(['income']);
    expect(d.help).toContain('indent `words:` by 4 spaces');
    expect(d.fix?.replacement).toBe('    ');
    // What the author sees happen: the words are income's, not caste's.
    expect(wordsOf(source)).toEqual([['income', ['jaat', 'caste']], ['caste', []]]);
  });

  it('deeper than the option\'s other lines (under its description)', () => {
    const source = menuWith('      words: "utpanna"', '    description:\n      mr: "तहसील"\n      en: "Tehsil"');
    const { diagnostics } = parse(source, 'r.flow');
    expect(diagnostics.map((d) => d.code)).toEqual(['FLOW1107']);
    expect(diagnostics[0]!.message).toBe('this `words:` line is indented deeper than the other lines of option `income`, yet its words go to `income`');
    expect(diagnostics[0]!.primaryLabel).toBe("indented 6 spaces; option `income`'s lines are indented 4");
  });

  it('between the option and its lines', () => {
    const { diagnostics } = parse(menuWith('   words: "utpanna"'), 'r.flow');
    expect(diagnostics.map((d) => d.message)).toEqual(['this `words:` line is indented less than the other lines of option `income`, yet its words go to `income`']);
  });

  it('no warning when `words:` lines up with the option\'s lines, or continues on the next line', () => {
    expect(parse(menuWith('    words: "utpanna"'), 'r.flow').diagnostics).toEqual([]);
    expect(parse(menuWith('    words: "utpanna",\n        "income"'), 'r.flow').diagnostics).toEqual([]);
  });

  it('next to a syntax error the warning is still given', () => {
    const broken = `${menuWith('  words: "jaat"')}\npage x\n  then -> \n`;
    expect(parse(broken, 'r.flow').diagnostics.map((d) => d.code)).toContain('FLOW1107');
  });

  it('no example flow has an ambiguous `words:` line', () => {
    for (const { name, source } of exampleFlows()) expect(parse(source, name).diagnostics, name).toEqual([]);
  });
});
