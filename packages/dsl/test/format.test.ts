import { describe, expect, it } from 'vitest';
import { format, formatSource, parse } from '../src/index.js';
import { exampleFlows, parseOk, withoutSpans } from './helpers.js';

describe('format', () => {
  it('lays a messy file out the canonical way', () => {
    const messy = [
      'bot b languages: en "English" , mr "मराठी"   start: home',
      'menu home text: en: "Hi" mr: "नमस्कार"',
      '    option a -> p   en: "A" mr: "अ" description: en: "d" mr: "ड" words: "x","y"',
      'page p text: "1" then back',
    ].join('\n');
    expect(formatSource(messy, 'm.flow').output).toBe(
      [
        'bot b',
        '  languages: en "English", mr "मराठी"',
        '  start: home',
        '',
        'menu home',
        '  text:',
        '    en: "Hi"',
        '    mr: "नमस्कार"',
        '  option a -> p',
        '    en: "A"',
        '    mr: "अ"',
        '    description:',
        '      en: "d"',
        '      mr: "ड"',
        '    words: "x", "y"',
        '',
        'page p',
        '  text: "1"',
        '  then back',
        '',
      ].join('\n'),
    );
  });

  it('keeps comments above their element, the file header and the end', () => {
    const source = '# header\n\n# the menu\nmenu m\n  text: "x"\n  # an option\n  option a -> m\n    # label\n    en: "A"\n\n# end\n';
    expect(formatSource(source, 'c.flow').output).toBe(source);
  });

  it('keeps a comment above a page\'s `then` there', () => {
    const source = 'page p\n  text: "x"\n  # where the citizen goes next\n  then end\n\npage q\n  text: "y"\n  then back\n';
    expect(formatSource(source, 'c.flow').output).toBe(source);
  });

  it('re-escapes strings minimally and keeps """ strings multi-line', () => {
    const source = 'page p\n  text:\n    en: "a \\"quote\\", a \\\\ and\\na line"\n    mr: """\n      one\n        two\n      """\n  then back\n';
    expect(formatSource(source, 's.flow').output).toBe(source);
  });

  it('writes conditions with only the parentheses they need', () => {
    const source = 'branch b\n  when ((a)) or (b and c) -> x\n  when (a or b) and not (c or d) -> y\n  when a or (b or c) -> z\n  else -> x\n';
    expect(formatSource(source, 'b.flow').output).toBe(
      'branch b\n  when a or b and c -> x\n  when (a or b) and not (c or d) -> y\n  when a or (b or c) -> z\n  else -> x\n',
    );
  });

  it('keeps consecutive includes together', () => {
    expect(formatSource('include "a.flow"\ninclude "b.flow"\nend e', 'i.flow').output).toBe(
      'include "a.flow"\ninclude "b.flow"\n\nend e\n',
    );
  });

  it('lays out endpoints, calls, buttons, media and the new inputs the canonical way, comments kept', () => {
    const messy = [
      'endpoint grievances   answers: reference,status sends: department ,problem',
      '  timeout: 10s secret: env GRIEVANCE_SECRET url: env GRIEVANCE_URL',
      '# submits the grievance',
      'call submit fallback -> failed then -> done',
      '  receive: data.ref -> ref',
      '  send:',
      '    # what the citizen chose',
      '    department:"{department}" problem: "{problem}"',
      '  endpoint: grievances',
      'page gr_detail',
      '  button "{gr.url}": en: "Open GR (PDF)" mr: "GR उघडा (PDF)"',
      '  # the form',
      '  document "https://x.gov.in/form.pdf" name "arj.pdf": en: "Form"',
      '  video "https://x.gov.in/how.mp4":',
      '  image "https://x.gov.in/a.jpg" "A photo"',
      '  then back',
      'input place var: place expect: location then -> submit',
    ].join('\n');
    expect(formatSource(messy, 'm.flow').output).toBe(
      [
        'endpoint grievances',
        '  url: env GRIEVANCE_URL',
        '  secret: env GRIEVANCE_SECRET',
        '  timeout: 10s',
        '  sends: department, problem',
        '  answers: reference, status',
        '',
        '# submits the grievance',
        'call submit',
        '  endpoint: grievances',
        '  send:',
        '    # what the citizen chose',
        '    department: "{department}"',
        '    problem: "{problem}"',
        '  receive:',
        '    data.ref -> ref',
        '  then -> done',
        '  fallback -> failed',
        '',
        'page gr_detail',
        '  button "{gr.url}"',
        '    en: "Open GR (PDF)"',
        '    mr: "GR उघडा (PDF)"',
        '  # the form',
        '  document "https://x.gov.in/form.pdf" name "arj.pdf"',
        '    en: "Form"',
        '  video "https://x.gov.in/how.mp4"',
        '  image "https://x.gov.in/a.jpg"',
        '    "A photo"',
        '  then back',
        '',
        'input place',
        '  var: place',
        '  expect: location',
        '  then -> submit',
        '',
      ].join('\n'),
    );
  });

  it('refuses a file with parse errors, and says why', () => {
    const result = formatSource('menu home\n  txt: "x"', 'e.flow');
    expect(result.output).toBeUndefined();
    expect(result.diagnostics[0]?.code).toBe('FLOW1102');
  });

  describe.each(exampleFlows())('$name', ({ name, source }) => {
    it('is already formatted, and formatting reads back the same tree', () => {
      const ast = parseOk(source, name);
      const output = format(ast);
      expect(output).toBe(source);
      expect(withoutSpans(parseOk(output, name))).toEqual(withoutSpans(ast));
    });
  });
});

describe('parse never throws', () => {
  it('on empty, whitespace-only and comment-only files', () => {
    for (const source of ['', '   \n\n', '# only a comment', '"""', '"', '\\', '->']) {
      expect(() => parse(source, 'x.flow')).not.toThrow();
    }
    expect(parse('', 'x.flow').ast.decls).toEqual([]);
  });
});
