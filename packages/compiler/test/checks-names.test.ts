import { describe, expect, test } from 'vitest';
import { bot, codes, compileFiles, compileText, menu, only, page, textAt } from './support/build.js';

describe('name resolution', () => {
  test('an unknown target is an error at the reference, with the closest id and where it is defined', () => {
    const result = compileText(bot(menu('home', [['rev', 'revenu', 'महसूल', 'Revenue']]) + page('revenue')));
    const d = only(result, 'FLOW2001');
    expect(d.severity).toBe('error');
    expect(textAt(result, d.span)).toBe('revenu');
    expect(d.help).toBe('did you mean `revenue` (defined at main.flow:13:6)?');
    expect(d.fix?.replacement).toBe('revenue');
    expect(result.graph).toBeUndefined();
  });

  test('no suggestion when nothing is close', () => {
    const result = compileText(bot(menu('home', [['x', 'zzzzzz', 'अ', 'A']]) + page('revenue')));
    expect(only(result, 'FLOW2001').help).toContain('define a node `zzzzzz`');
  });

  test('an unknown start node is FLOW2001 at the `start:` line', () => {
    const result = compileText(bot(menu('main', [['a', 'info', 'अ', 'A']]) + page('info')));
    const d = only(result, 'FLOW2001');
    expect(textAt(result, d.span)).toBe('home');
  });

  test('a duplicate node id across files labels both definitions', () => {
    const result = compileFiles({
      'main.flow': `include "more.flow"\n${bot(menu('home', [['a', 'info', 'अ', 'A']]) + page('info'))}`,
      'more.flow': page('info'),
    });
    const d = only(result, 'FLOW2002');
    expect(d.span.file).toBe('more.flow');
    expect(d.labels.map((l) => l.span.file)).toEqual(['main.flow']);
  });

  test('a missing bot header and a missing start are reported', () => {
    expect(codes(compileText(menu('home', [['a', 'info', 'अ', 'A']]) + page('info')))).toContain('FLOW2003');
    const noStart = compileText(`bot demo\n  languages: en "English"\n\n${page('info', 'then end', 'x', 'x')}`);
    expect(codes(noStart)).toContain('FLOW2004');
  });

  test('an undeclared data source is FLOW7002 with a suggestion', () => {
    const flow = bot(
      `source gr_source\n  timeout: 4s\n\nmenu home\n  text:\n    mr: "अ"\n    en: "A"\n  from gr_sourc() into gr -> home\n    title: "{gr.title}"\n    fallback -> home\n`,
    );
    const d = only(compileText(flow), 'FLOW7002');
    expect(d.help).toBe('did you mean `gr_source`?');
  });

  test('a name used several times is one FLOW2001 with the other uses as labels; a misspelt definition is renamed by the fix', () => {
    const result = compileText(bot(menu('home', [['a', 'revenue', 'अ', 'A'], ['b', 'revenue', 'ब', 'B']]) + page('revenu')));
    const d = only(result, 'FLOW2001');
    expect(d.message).toBe('unknown target `revenue` (used 2 times)');
    expect(d.labels.map((l) => [textAt(result, l.span), l.message])).toEqual([['revenue', '`revenue` is used here too']]);
    expect(d.fix?.replacement).toBe('revenue');
    expect(textAt(result, d.fix!.span)).toBe('revenu');
    expect(d.fix?.description).toBe('rename `revenu` to `revenue`');
  });

  test('a close node that something points at is suggested for the use, not renamed', () => {
    const result = compileText(bot(menu('home', [['a', 'revenu', 'अ', 'A'], ['b', 'revenu', 'ब', 'B'], ['c', 'revenue', 'क', 'C']]) + page('revenue')));
    const d = only(result, 'FLOW2001');
    expect(d.help).toMatch(/^did you mean `revenue`/);
    expect(d.fix?.replacement).toBe('revenue');
    expect(textAt(result, d.fix!.span)).toBe('revenu');
  });

  test('one undeclared data source used by two `from` clauses is one FLOW7002', () => {
    const from = (id: string) => `menu ${id}\n  text:\n    mr: "अ"\n    en: "A"\n  from grs() into gr -> home\n    title: "{gr.title}"\n    fallback -> home\n\n`;
    const flow = bot(menu('home', [['a', 'one', 'अ', 'A'], ['b', 'two', 'ब', 'B']]) + from('one') + from('two'));
    const d = only(compileText(flow), 'FLOW7002');
    expect(d.labels).toHaveLength(1);
  });
});
