import { defaultMessages } from '@samvad/runtime';
import { describe, expect, test } from 'vitest';
import { bot, compileFiles, compileText, menu, page } from './support/build.js';

const flow = bot(
  `menu home
  text:
    mr: "निवडा"
    en: "Choose"
  option info -> info
    mr: "माहिती"
    en: "Information"
    words: "mahiti"
  option apply -> alias
    mr: "अर्ज"
    en: "Apply"
    number: 7
    set kind = "apply"
  option third -> bye
    mr: "तिसरा"
    en: "Third"

page info
  text: "☎ 02482-223456"
  bullet:
    mr: "आधार"
    en: "Aadhaar"
  bullet:
    mr: "रेशन कार्ड"
    en: "Ration card"
  fee:
    mr: "₹ 20"
    en: "₹ 20"
  then back

goto alias -> info

end bye
`,
  '  messages:\n    ended:\n      mr: "धन्यवाद"\n      en: "Thanks"',
);

describe('lowering', () => {
  const result = compileText(flow);
  const graph = result.graph;

  test('the example compiles without diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(graph?.bot).toBe('demo');
    expect(graph?.languages).toEqual([
      { code: 'mr', name: 'मराठी' },
      { code: 'en', name: 'English' },
    ]);
  });

  test('neutral texts are copied into every language; consecutive bullets form one list', () => {
    const info = graph?.nodes.info;
    expect(info?.kind).toBe('page');
    if (info?.kind !== 'page') return;
    expect(info.blocks[0]).toEqual({ kind: 'text', text: { mr: '☎ 02482-223456', en: '☎ 02482-223456' } });
    expect(info.blocks[1]).toEqual({ kind: 'bullets', items: [{ mr: 'आधार', en: 'Aadhaar' }, { mr: 'रेशन कार्ड', en: 'Ration card' }] });
    expect(info.then).toEqual({ kind: 'back' });
  });

  test('options are numbered by position unless fixed; `set` and words are kept', () => {
    const home = graph?.nodes.home;
    if (home?.kind !== 'menu') throw new Error('home is not a menu');
    expect(home.options.map((o) => [o.id, o.number])).toEqual([
      ['info', 1],
      ['apply', 7],
      ['third', 3],
    ]);
    expect(home.options[0]?.words).toEqual(['mahiti']);
    expect(home.options[1]?.set).toEqual({ kind: 'apply' });
  });

  test('goto becomes a branch without cases', () => {
    expect(graph?.nodes.alias).toEqual({ kind: 'branch', cases: [], otherwise: 'info', parent: 'home' });
  });

  test('parent is the node that first reaches a node breadth-first from start', () => {
    expect(graph?.nodes.home?.parent).toBeUndefined();
    expect(graph?.nodes.info?.parent).toBe('home');
    expect(graph?.nodes.bye?.parent).toBe('home');
  });

  test('messages are the runtime defaults for the bot languages, overridden by `messages:`', () => {
    expect(graph?.messages.ended).toEqual({ mr: 'धन्यवाद', en: 'Thanks' });
    expect(graph?.messages.invalid).toEqual({ mr: defaultMessages.invalid.mr, en: defaultMessages.invalid.en });
  });

  test('commands: built-in words when the bot declares none, the declared words otherwise', () => {
    expect(graph?.commands.home).toContain('0');
    expect(graph?.commands.back).toContain('मागे');
    const declared = compileText(bot(menu('home', [['a', 'info', 'अ', 'A']]) + page('info'), '  commands:\n    home: "0", "घर"'));
    expect(declared.graph?.commands.home).toEqual(['0', 'घर']);
    expect(declared.graph?.commands.back).toContain('#');
  });

  test('settings default to 3 retries and 30 minutes idle', () => {
    expect(graph?.settings).toEqual({ retries: 3, idleTimeoutMs: 30 * 60 * 1000 });
  });

  test('sourceMap gives file, line and column of each definition, relative to the root folder', () => {
    const split = compileFiles(
      { 'flows/main.flow': `include "dept/info.flow"\n${bot(menu('home', [['a', 'info', 'अ', 'A']]))}`, 'flows/dept/info.flow': `\n${page('info')}` },
      'flows/main.flow',
    );
    expect(split.graph?.sourceMap.info).toEqual({ file: 'dept/info.flow', line: 2, column: 6 });
    expect(split.graph?.sourceMap.home).toEqual({ file: 'main.flow', line: 6, column: 6 });
  });

  test('an input lowers with its validation, retries and targets', () => {
    const input = compileText(
      bot(
        menu('home', [['a', 'ask', 'अ', 'A']]) +
          'input ask\n  text:\n    mr: "वय?"\n    en: "Age?"\n  var: age\n  expect: number 18..100\n  retry:\n    mr: "पुन्हा"\n    en: "Again"\n  retries: 2 -> home\n  then -> home\n',
      ),
    );
    expect(input.graph?.nodes.ask).toMatchObject({
      kind: 'input',
      variable: 'age',
      validate: { kind: 'number', min: 18, max: 100 },
      retry: { mr: 'पुन्हा', en: 'Again' },
      retries: 2,
      onFail: 'home',
      next: 'home',
    });
  });
});
