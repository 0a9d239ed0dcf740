import { describe, expect, test } from 'vitest';
import { bot, compileText, only, page, textAt } from './support/build.js';

const ask = (variable: string, then: string) =>
  `input ask\n  text:\n    mr: "नाव?"\n    en: "Name?"\n  var: ${variable}\n  expect: any\n  then -> ${then}\n\n`;
const homeTo = (target: string, extra = '') => `menu home\n  text:\n    mr: "अ"\n    en: "A"\n  option go -> ${target}\n    mr: "पुढे"\n    en: "Next"\n${extra}\n`;

describe('{var} dataflow', () => {
  test('set by an input on the way: fine', () => {
    const flow = bot(homeTo('ask') + ask('name', 'hello') + page('hello', 'then home', 'नमस्कार {name}', 'Hello {name}'));
    expect(compileText(flow).diagnostics).toEqual([]);
  });

  test('set by an input that does not lead to the node: error naming the setter', () => {
    const flow = bot(
      `menu home\n  text:\n    mr: "अ"\n    en: "A"\n  option a -> ask\n    mr: "अ"\n    en: "A"\n  option b -> hello\n    mr: "ब"\n    en: "B"\n\n` +
        ask('name', 'bye') +
        'end bye\n\n' +
        page('hello', 'then home', 'नमस्कार {name}', 'Hello {name}'),
    );
    const result = compileText(flow);
    const errors = result.diagnostics.filter((d) => d.code === 'FLOW7001');
    expect(errors).toHaveLength(1);
    expect(textAt(result, errors[0]!.span)).toBe('{name}');
    expect(errors[0]!.notes[0]).toMatch(/^`name` is set by input `ask` \(main\.flow:\d+:7\), but none of them leads to `hello`$/);
  });

  test('never set anywhere: suggests a close variable', () => {
    const flow = bot(homeTo('ask') + ask('full_name', 'hello') + page('hello', 'then home', '{fullname}', '{fullname}'));
    const d = only(compileText(flow), 'FLOW7001');
    expect(d.notes).toEqual(['nothing in the bot sets `fullname`']);
    expect(d.help).toBe('did you mean `{full_name}`?');
  });

  test('set by an option `set`', () => {
    const flow = bot(homeTo('hello', '    set role = "farmer"') + page('hello', 'then home', '{role}', '{role}'));
    expect(compileText(flow).diagnostics).toEqual([]);
  });

  test('`from … into gr` binds gr.* on the way to its target and inside its own row title', () => {
    const flow = bot(
      `source grs\n  timeout: 4s\n\nmenu home\n  text:\n    mr: "अ"\n    en: "A"\n  from grs(kind = "latest") into gr -> detail\n    title: "{gr.title}"\n    fallback -> sorry\n\n` +
        page('sorry') +
        page('detail', 'then back', '{gr.title} {gr.date}', '{gr.title} {gr.date}'),
    );
    const result = compileText(flow);
    expect(result.diagnostics.map((d) => d.message)).toEqual([]);
  });

  test('a data-source field shown where no `from` leads', () => {
    const flow = bot(homeTo('detail') + page('detail', 'then back', '{gr.title}', '{gr.title}'));
    expect(only(compileText(flow), 'FLOW7001').help).toContain('needs a `from … into gr` clause');
  });
});
