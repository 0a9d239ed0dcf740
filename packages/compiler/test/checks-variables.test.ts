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

describe('variables in `when` conditions (FLOW7001)', () => {
  const ages = (conditions: string, extra = '') =>
    bot(
      homeTo('ask', extra) +
        `input ask\n  text:\n    mr: "वय?"\n    en: "Age?"\n  var: age\n  expect: number 1..120\n  then -> route\n\n` +
        `branch route\n${conditions}  else -> done\n\n` +
        page('done', 'then home') +
        page('old', 'then home'),
    );

  test('a misspelt variable: error at each test, did-you-mean with where it is set, the fix, what the `when` then does', () => {
    const result = compileText(ages('  when agee >= 60 -> old\n  when not (agee > 5 or age < 3) -> done\n'));
    const d = only(result, 'FLOW7001');
    expect(d.severity).toBe('error');
    expect(d.message).toBe('`agee` is tested by branch `route`, but nothing in the bot sets it');
    expect(textAt(result, d.span)).toBe('agee');
    expect(d.primaryLabel).toBe('never set, so this `when` never holds');
    expect(d.labels.map((l) => [textAt(result, l.span), l.message, l.repeat])).toEqual([
      ['agee', 'never set here either, so `agee > 5` is always false', true],
    ]);
    expect(d.help).toMatch(/^did you mean `age` \(set by input `ask` at main\.flow:\d+:8\)\?$/);
    expect(d.fix).toEqual({ span: d.span, replacement: 'age', description: 'use `age`' });
  });

  test('an unset variable compares as empty text: `< 18` always holds, and so does `not isSet`', () => {
    const lessThan = only(compileText(ages('  when agee < 18 -> old\n  when age > 3 -> done\n')), 'FLOW7001');
    expect(lessThan.primaryLabel).toBe('never set, so this `when` always holds (the `when`s after it and `else` are never taken)');
    const notSet = only(compileText(ages('  when not agee -> old\n')), 'FLOW7001');
    expect(notSet.primaryLabel).toBe('never set, so this `when` always holds (`else` is never taken)');
    const equalsEmpty = only(compileText(ages('  when agee == "" and age > 3 -> old\n')), 'FLOW7001');
    expect(equalsEmpty.primaryLabel).toBe('never set, so `agee == ""` is always true');
  });

  test('set by an input, an option `set`, a call `receive:`, the parts of a photo, a `from … into` row: fine', () => {
    const flow = bot(
      `source grs\n  timeout: 4s\n\n` +
        `endpoint desk\n  url: env DESK_URL\n  secret: env DESK_SECRET\n  sends: role\n  answers: reference\n\n` +
        homeTo('ask', '    set role = "farmer"') +
        `input ask\n  text:\n    mr: "फोटो"\n    en: "Photo"\n  var: photo\n  expect: photo\n  then -> submit\n\n` +
        `call submit\n  endpoint: desk\n  send:\n    role: "{role}"\n  receive:\n    reference -> ref\n  then -> rows\n  fallback -> rows\n\n` +
        `menu rows\n  text:\n    mr: "अ"\n    en: "A"\n  from grs(kind = "latest") into gr -> route\n    title: "{gr.title}"\n    fallback -> route\n\n` +
        `branch route\n  when role == "farmer" and photo.caption -> done\n  when ref or gr.title == "x" -> done\n  else -> done\n\n` +
        page('done', 'then home'),
    );
    expect(compileText(flow).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('a variable only some paths set is a legitimate test: nothing reported', () => {
    const flow = bot(
      `menu home\n  text:\n    mr: "अ"\n    en: "A"\n  option a -> route\n    mr: "अ"\n    en: "A"\n    set role = "farmer"\n  option b -> route\n    mr: "ब"\n    en: "B"\n\n` +
        `branch route\n  when role -> done\n  when role == "farmer" -> done\n  else -> done\n\n` +
        page('done', 'then home'),
    );
    expect(compileText(flow).diagnostics).toEqual([]);
  });

  test('the same name in two branches is one error; a part a photo does not bind says what it binds', () => {
    const flow = bot(
      homeTo('ask') +
        `input ask\n  text:\n    mr: "फोटो"\n    en: "Photo"\n  var: photo\n  expect: photo\n  then -> first\n\n` +
        `branch first\n  when photo.latitude -> second\n  else -> second\n\n` +
        `branch second\n  when photo.latitude > 10 -> done\n  else -> done\n\n` +
        page('done', 'then home'),
    );
    const result = compileText(flow);
    const d = only(result, 'FLOW7001');
    expect(d.message).toBe('`photo.latitude` is tested by branches `first`, `second`, but nothing in the bot sets it');
    expect(d.labels).toHaveLength(1);
    expect(d.help).toBe(
      'input `ask` (`expect: photo`) binds `photo`, `photo.id`, `photo.mime`, `photo.caption`, `photo.path`; `latitude` comes with `expect: location`',
    );
    expect(d.fix).toBeUndefined();
  });

  test('nothing close: help says how to set it, and no fix', () => {
    const d = only(compileText(ages('  when district == "jalna" -> old\n')), 'FLOW7001');
    expect(d.help).toBe('set it before the branch: ask for it with an `input` node (`var: district`), or set it in an option (`set district = "…"`)');
    expect(d.fix).toBeUndefined();
  });

  test('`{name}` in texts: only a repeated use of the same name is a repeat label', () => {
    const flow = bot(homeTo('detail') + page('detail', 'then -> more', '{gr.title} {gr.date}', '{gr.title}') + page('more', 'then back', '{gr.title}', '{gr.title}'));
    const result = compileText(flow);
    const d = only(result, 'FLOW7001');
    expect(d.labels.map((l) => [textAt(result, l.span), l.repeat === true])).toEqual([
      ['{gr.date}', false],
      ['{gr.title}', true],
    ]);
  });
});
