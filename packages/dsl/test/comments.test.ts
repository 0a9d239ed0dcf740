import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { format, formatSource, parse, type Decl, type MenuDecl, type OptionDecl } from '../src/index.js';
import { parseOk } from './helpers.js';

const everywhere = readFileSync(new URL('./fixtures/comments-everywhere.flow', import.meta.url), 'utf8');

/** Every comment the AST keeps, in no particular order: where it is kept does not matter here. */
function allComments(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) allComments(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'clauseComments') for (const list of Object.values(v as Record<string, string[]>)) found.push(...list);
      else if (/omments$/.test(key)) found.push(...(v as string[]));
      else allComments(v, found);
    }
  }
  return found;
}

/** The comment lines of a source, without `#`. */
function commentLines(source: string): string[] {
  return source.split('\n').filter((l) => l.trim().startsWith('#')).map((l) => l.trim().slice(1));
}

/**
 * Checks that every `# above <start>` comment is followed (after other comments) by a line that
 * starts with `<start>`, and every `# end of <id>` by a blank line or the end of the file, after
 * the declaration `<id>`'s lines.
 */
function expectEachAboveItsLine(output: string): void {
  const lines = output.split('\n');
  const at = (i: number): string => (lines[i] ?? '').trim();
  lines.forEach((line, i) => {
    const above = /^\s*# above (.*)$/.exec(line);
    if (above) {
      let next = i + 1;
      while (at(next).startsWith('#')) next += 1;
      expect({ comment: line, above: at(next).startsWith(above[1] as string) ? above[1] : at(next) }).toEqual({ comment: line, above: above[1] });
    }
    const end = /^ {2}# end of (.*)$/.exec(line);
    if (end) {
      let start = i - 1;
      while (start > 0 && /^\s/.test(lines[start] ?? '')) start -= 1;
      let next = i + 1;
      while (/^\s+#/.test(lines[next] ?? '')) next += 1;
      expect({ comment: line, declaration: (lines[start] ?? '').split(' ')[1]?.replace(/"/g, ''), then: at(next) === '' || /^\S/.test(lines[next] ?? '') })
        .toEqual({ comment: line, declaration: end[1]?.startsWith('the first') ? 'a.flow' : end[1], then: true });
    }
  });
}

describe('format keeps every comment where it was written', () => {
  it('leaves a file with a comment in every place as it is, and formatting again changes nothing', () => {
    const { output, diagnostics } = formatSource(everywhere, 'everywhere.flow');
    expect(diagnostics).toEqual([]);
    expect(output).toBe(everywhere);
    expect(format(parseOk(output ?? '', 'everywhere.flow'))).toBe(output);
  });

  it('keeps each comment of that file once, in the AST and in the output', () => {
    const ast = parseOk(everywhere, 'everywhere.flow');
    expect(allComments(ast).sort()).toEqual(commentLines(everywhere).sort());
    expectEachAboveItsLine(format(ast));
  });

  it('gives the comments above clauses to those clauses, and the end comments to their declaration', () => {
    const decls = parseOk(everywhere, 'everywhere.flow').decls;
    const named = (id: string): Decl => decls.find((d) => 'id' in d && d.id.name === id) as Decl;
    const bot = decls.find((d) => d.kind === 'bot');
    expect(bot?.kind === 'bot' && bot.clauseComments).toEqual({
      languages: [' above languages'], start: [' above start'], retries: [' above retries'], idle: [' above idle'],
      commands: [' above commands'], messages: [' above messages'],
    });
    expect(bot?.endComments).toEqual([' end of b']);
    const menu = named('home') as MenuDecl;
    const option = menu.options[0] as OptionDecl;
    expect(menu.clauseComments).toEqual({ text: [' above text'] });
    expect(option.clauseComments).toEqual({
      description: [' above description'], words: [' above words'], number: [' above number'], language: [' above language'],
    });
    expect(option.label.kind === 'neutral' && option.label.comments).toEqual([' above "A"']);
    expect(option.sets.map((s) => s.comments)).toEqual([[' above set'], [' above set']]);
    expect(menu.from?.clauseComments).toEqual({
      title: [' above title'], description: [' above description'], timeout: [' above timeout'], fallback: [' above fallback'],
    });
    expect(menu.endComments).toEqual([' end of home']);
    const input = named('i');
    expect(input.kind === 'input' && Object.keys(input.clauseComments ?? {})).toEqual(['text', 'var', 'expect', 'retry', 'retries', 'then']);
    const branch = named('r');
    expect(branch.kind === 'branch' && branch.clauseComments).toEqual({ else: [' above else'] });
    const call = named('c');
    expect(call.kind === 'call' && Object.keys(call.clauseComments ?? {})).toEqual(['endpoint', 'send', 'receive', 'then', 'fallback']);
    expect(decls[0]?.endComments).toEqual([' end of the first include']);
  });

  it('keeps comments with their clause when the clauses are written in another order', () => {
    const messy = [
      'endpoint e',
      '  # above answers',
      '  answers: ref',
      '  # above url',
      '  url: env E_URL',
      '',
      'menu m',
      '  text: "x"',
      '  option a -> p',
      '    # above "A"',
      '    "A"',
      '    # above language',
      '    language: mr',
      '    # above number',
      '    number: 3',
      '    # above words',
      '    words: "x"',
      '',
      'input i',
      '  # above then',
      '  then -> p',
      '  # above expect',
      '  expect: any',
      '  # above var',
      '  var: v',
      '  # above text',
      '  text: "Q"',
      '',
      'call c',
      '  # above fallback',
      '  fallback -> p',
      '  # above endpoint',
      '  endpoint: e',
      '',
    ].join('\n');
    const output = formatSource(messy, 'm.flow').output ?? '';
    expect(commentLines(output).sort()).toEqual(commentLines(messy).sort());
    expectEachAboveItsLine(output);
    expect(output).toContain('  # above url\n  url: env E_URL\n  # above answers\n  answers: ref\n');
    expect(output).toContain('    # above "A"\n    "A"\n    # above words\n    words: "x"\n    # above number\n    number: 3\n    # above language\n    language: mr\n');
    expect(formatSource(output, 'm.flow').output).toBe(output);
  });

  it('puts a comment inside a list or a condition above its clause, and one after code above that line', () => {
    const source = [
      'bot b',
      '  languages: en "English",',
      '    # Marathi next',
      '    mr "मराठी"',
      '  start: home # the main menu',
      '',
      'menu home',
      '  text:',
      '    # the greeting',
      '    "Hi"',
      '  option a -> p',
      '    "A"',
      '    words: "x",',
      '      # romanised',
      '      "y"',
      '',
      'branch r',
      '  when a and',
      '    # both',
      '    b -> p',
      '  else -> p # otherwise',
      '',
    ].join('\n');
    expect(formatSource(source, 'l.flow').output).toBe(
      [
        'bot b',
        '  # Marathi next',
        '  languages: en "English", mr "मराठी"',
        '  # the main menu',
        '  start: home',
        '',
        'menu home',
        '  # the greeting',
        '  text: "Hi"',
        '  option a -> p',
        '    "A"',
        '    # romanised',
        '    words: "x", "y"',
        '',
        'branch r',
        '  # both',
        '  when a and b -> p',
        '  # otherwise',
        '  else -> p',
        '',
      ].join('\n'),
    );
  });

  it('keeps an indented comment after a declaration at its end, and a comment at column 1 with the next one', () => {
    const source = 'page p\n  text: "x"\n  then back\n  # more blocks to come\n\n# the next page\npage q\n  then home\n    # the last page\n';
    const output = formatSource(source, 'e.flow').output;
    expect(output).toBe('page p\n  text: "x"\n  then back\n  # more blocks to come\n\n# the next page\npage q\n  then home\n  # the last page\n');
    // Once a comment at column 1 is written after a declaration, indented ones after it go below, with the next declaration.
    const after = formatSource('goto g -> p\n  # g\n# next\n  # still next\npage p\n  then back\n', 'a.flow').output;
    expect(after).toBe('goto g -> p\n  # g\n\n# next\n# still next\npage p\n  then back\n');
  });

  it('keeps comments above an empty `send:` or `commands:` (the heading stays to hold them)', () => {
    const source = 'bot b\n  # none yet\n  commands:\n\ncall c\n  endpoint: e\n  # nothing to send yet\n  send:\n  then -> p\n';
    expect(formatSource(source, 's.flow').output).toBe(source);
  });

  it('adds no comment fields to the AST of a file without comments', () => {
    const json = JSON.stringify(parse(everywhere.replace(/^\s*#.*\n/gm, ''), 'n.flow').ast);
    expect(json).not.toMatch(/clauseComments|endComments/);
    expect(JSON.stringify(parse(everywhere, 'n.flow').ast)).toMatch(/clauseComments/);
  });
});
