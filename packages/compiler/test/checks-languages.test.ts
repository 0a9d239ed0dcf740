import { describe, expect, test } from 'vitest';
import { bot, compileText, menu, only, page } from './support/build.js';

const home = menu('home', [['go', 'next', 'पुढे', 'Next']]);

describe('languages of texts', () => {
  test('a missing language is an error whose help shows the line to add, indented like the others', () => {
    const result = compileText(bot(home + 'page next\n  text:\n    mr: "माहिती"\n  then back\n'));
    const d = only(result, 'FLOW3001');
    expect(d.message).toBe('the text of `next` has no `en` translation');
    expect(d.help).toBe('add this line:\n    en: "…"');
  });

  test('a line for a language the bot does not declare', () => {
    const result = compileText(bot(home + 'page next\n  text:\n    mr: "अ"\n    en: "A"\n    hi: "अ"\n  then back\n'));
    expect(only(result, 'FLOW3003').message).toContain('`hi`');
  });

  test('a neutral string with letters in a multi-language bot; placeholders, numbers and URLs are fine', () => {
    const words = compileText(bot(home + 'page next\n  text: "Office hours"\n  then back\n'));
    expect(only(words, 'FLOW3002').severity).toBe('error');
    const neutral = compileText(bot(home + 'page next\n  text: "☎ 02482-223456 https://jalna.gov.in"\n  then back\n'));
    expect(neutral.diagnostics).toEqual([]);
  });

  test('a neutral string with letters is fine in a one-language bot', () => {
    const flow = `bot demo\n  languages: en "English"\n  start: home\n\npage home\n  text: "Office hours"\n  then end\n`;
    expect(compileText(flow).diagnostics).toEqual([]);
  });

  test('a language line given twice', () => {
    const result = compileText(bot(home + 'page next\n  text:\n    mr: "अ"\n    en: "A"\n    en: "B"\n  then back\n'));
    expect(only(result, 'FLOW3004').labels).toHaveLength(1);
  });

  test('message overrides are checked too, and an unknown message key is reported', () => {
    const header = '  messages:\n    invalid:\n      mr: "पुन्हा"\n    ended:\n      mr: "धन्यवाद"\n      en: "Thanks"\n    endd:\n      mr: "अ"\n      en: "A"';
    const result = compileText(bot(home + page('next'), header));
    expect(only(result, 'FLOW3001').message).toBe('message `invalid` has no `en` translation');
    expect(only(result, 'FLOW3005').help).toBe('did you mean `ended`?');
  });
});
