import { describe, expect, it } from 'vitest';
import { lineColumn, parse } from '../src/index.js';

const at = (source: string, offset: number) => lineColumn(source, offset);

describe('error recovery', () => {
  it('reports three typos in three places and still reads the rest', () => {
    const source = [
      'menu home', //                       1
      '  txt:', //                          2  typo: txt
      '    en: "Choose"',
      '  option services departments', //   4  missing ->
      '    en: "Services"',
      '',
      'page departments',
      '  text: "Departments"',
      '  then bak', //                       9  typo: bak
      '',
      'page last',
      '  text: "Last"',
      '  then back',
    ].join('\n');
    const { ast, diagnostics } = parse(source, 'typos.flow');
    expect(diagnostics.map((d) => [d.code, at(source, d.span.offset).line])).toEqual([
      ['FLOW1102', 2],
      ['FLOW1101', 4],
      ['FLOW1101', 9],
    ]);
    expect(at(source, diagnostics[0]!.span.offset)).toEqual({ line: 2, column: 3 });
    expect(diagnostics[1]?.message).toBe('expected `->` after `option services`, found `departments`');
    expect(diagnostics[1]?.help).toContain('option <id> -> <node>');
    // Every declaration is still there, including the option with the missing arrow.
    expect(ast.decls.map((d) => d.kind)).toEqual(['menu', 'page', 'page']);
    const menu = ast.decls[0];
    expect(menu?.kind === 'menu' && menu.options.map((o) => o.target.name)).toEqual(['departments']);
  });

  it('suggests the keyword a misspelt clause was meant to be', () => {
    const { diagnostics } = parse('menu home\n  txet:\n    en: "x"', 'f.flow');
    expect(diagnostics[0]?.code).toBe('FLOW1102');
    expect(diagnostics[0]?.help).toBe('did you mean `text`?');
  });

  it('reports a misspelt declaration once, not once per word', () => {
    const { diagnostics } = parse('mneu home\n  text: "x"\n\npage p\n  then back', 'f.flow');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'FLOW1102', help: 'did you mean `menu`?' });
  });

  it('points at the end of the line when something is missing there', () => {
    const source = 'goto alias\npage p\n  then back';
    const [d] = parse(source, 'f.flow').diagnostics;
    expect(d?.code).toBe('FLOW1101');
    expect(d?.span.offset).toBe('goto alias'.length);
    expect(d?.message).toBe('expected `->` after `goto alias`, found `page`');
  });

  it('reports a clause written twice with FLOW1105 and both places', () => {
    const source = 'page p\n  then back\n  then home';
    const [d] = parse(source, 'f.flow').diagnostics;
    expect(d?.code).toBe('FLOW1105');
    expect(d?.labels[0]?.span.offset).toBe(source.indexOf('then back'));
  });

  it('points a second, empty `send:` of a call at its own line, not at the start of the file', () => {
    const source = ['call c', '  endpoint: e', '  send:', '    a: "x"', '  then -> home', '  fallback -> home', '  send:', ''].join('\n');
    const d = parse(source, 'f.flow').diagnostics.find((x) => x.code === 'FLOW1105');
    expect(d?.message).toBe('`send:` is written twice in call `c`');
    expect(at(source, d?.span.offset ?? 0)).toEqual({ line: 7, column: 3 });
    expect(at(source, d?.labels[0]?.span.offset ?? 0).line).toBe(4); // the first block, where its fields start
  });

  it('reports an unknown command with FLOW1104', () => {
    const [d] = parse('bot b\n  commands:\n    hepl: "help"', 'f.flow').diagnostics;
    expect(d?.code).toBe('FLOW1104');
    expect(d?.help).toContain('`help`');
  });

  it('reports an empty list with FLOW1103', () => {
    const [d] = parse('bot b\n  messages:\n    help:\n  start: home', 'f.flow').diagnostics;
    expect(d?.code).toBe('FLOW1103');
  });

  it('reports the end of the file plainly', () => {
    const [d] = parse('menu', 'f.flow').diagnostics;
    expect(d?.message).toBe('expected a name after `menu`, found the end of the file');
  });

  it('gives every diagnostic a code, a one-line message and a help', () => {
    const { diagnostics } = parse('bot\nmenu m\n  option -> \npage p\n  then\ninput i\n  expect: numbr\n  😀', 'f.flow');
    expect(diagnostics.length).toBeGreaterThanOrEqual(4);
    for (const d of diagnostics) {
      expect(d.code).toMatch(/^FLOW1\d{3}$/);
      expect(d.message).not.toContain('\n');
      expect(d.help).toBeTruthy();
    }
  });
});
