import { describe, expect, it } from 'vitest';
import { caseSettings, parseConvo } from '../src/convo/parse.js';

const SAMPLE = `# Jalna Mitra: the GR branch
flow: ../jalna-mitra.flow
language: mr
vars:
  district = "Jalna"
data: gr.json

case: a citizen opens the latest GRs
user: hi
bot contains: जालना मित्र
bot options: जालना मित्र | शासन निर्णय
user: 2
node: gr_latest
---
case: back with #
language: en
user: #
bot: Welcome
  1. Jalna Mitra
user sends: image
`;

describe('parseConvo', () => {
  it('reads the header, cases, turns and expectations with their lines', () => {
    const { convo, problems } = parseConvo('t.convo', SAMPLE);
    expect(problems).toEqual([]);
    expect(convo.flow).toEqual({ value: '../jalna-mitra.flow', line: 2 });
    expect(convo.settings).toEqual({ vars: { district: 'Jalna' }, language: { value: 'mr', line: 3 }, data: { value: 'gr.json', line: 6 } });
    expect(convo.cases.map((c) => c.name)).toEqual(['a citizen opens the latest GRs', 'back with #']);
    const [first, second] = convo.cases;
    expect(first?.turns[0]).toEqual({
      inbound: { kind: 'text', text: 'hi' },
      source: 'user: hi',
      line: 9,
      expect: [
        { kind: 'contains', text: 'जालना मित्र', line: 10 },
        { kind: 'options', titles: ['जालना मित्र', 'शासन निर्णय'], line: 11 },
      ],
    });
    expect(first?.turns[1]?.expect).toEqual([{ kind: 'node', node: 'gr_latest', line: 13 }]);
    expect(second?.turns[0]?.inbound).toEqual({ kind: 'text', text: '#' });
    expect(second?.turns[0]?.expect).toEqual([{ kind: 'exact', text: 'Welcome\n1. Jalna Mitra', line: 18 }]);
    expect(second?.turns[1]?.inbound).toEqual({ kind: 'media', mediaType: 'image', id: 'media-1', mime: 'image/jpeg' });
  });

  it('lets a case override the header settings', () => {
    const { convo } = parseConvo('t.convo', SAMPLE);
    const second = convo.cases[1];
    if (second === undefined) throw new Error('no second case');
    expect(caseSettings(convo, second).language?.value).toBe('en');
    expect(caseSettings(convo, second).vars).toEqual({ district: 'Jalna' });
  });

  it('reports mistakes with their line and a suggestion', () => {
    const text = 'flow: a.flow\ncase: x\nbot: too early\nuser: hi\nbot option: A | B\nlanguage: hi\nhello there\n';
    const { problems } = parseConvo('t.convo', text);
    expect(problems).toEqual([
      { line: 3, message: '`bot:` must follow a `user:` line (the bot only answers the citizen)' },
      { line: 5, message: 'unknown directive `bot option:`; did you mean `bot options:`?' },
      { line: 6, message: '`language:` must come before the first `user:` line of its case' },
      {
        line: 7,
        message: 'cannot read this line: lines start with `user:`, `user sends:`, `bot:`, `bot contains:`, `bot options:`, `bot called:`, `node:`, `case:` or `#`',
      },
    ]);
  });

  it('requires a flow and at least one case', () => {
    const { problems } = parseConvo('t.convo', '# nothing yet\n');
    expect(problems.map((p) => p.message)).toEqual([
      'missing `flow:` line naming the .flow file (or compiled graph) under test',
      'no cases: write `case: <name>` followed by `user:` and `bot:` lines',
    ]);
  });
});

describe('settings after ---', () => {
  it('belong to the next case, not to the header', () => {
    const text = 'flow: a.flow\ncase: one\nuser: hi\n---\nlanguage: en\ncase: two\nuser: hi\n';
    const { convo, problems } = parseConvo('t.convo', text);
    expect(problems).toEqual([]);
    expect(convo.settings.language).toBeUndefined();
    expect(convo.cases.map((c) => [c.name, c.settings.language?.value])).toEqual([
      ['one', undefined],
      ['two', 'en'],
    ]);
  });
});
