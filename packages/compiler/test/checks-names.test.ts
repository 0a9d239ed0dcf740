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
});
