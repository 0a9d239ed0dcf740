import { describe, expect, test } from 'vitest';
import { bot, codes, compileText, menu, only } from './support/build.js';

const home = menu('home', [['go', 'ask', 'पुढे', 'Next']]);
const input = (expect: string) => `input ask\n  text:\n    mr: "उत्तर?"\n    en: "Answer?"\n  var: answer\n  expect: ${expect}\n  then -> home\n`;

describe('values', () => {
  test('an invalid pattern says what is wrong', () => {
    const d = only(compileText(bot(home + input('pattern "^[0-9"'))), 'FLOW7003');
    expect(d.primaryLabel).toBe('Unterminated character class');
  });

  test('a valid pattern, digits and one-of are fine', () => {
    for (const e of ['pattern "^\\\\d{6}$"', 'digits 6', 'one of "yes", "no"', 'number 1..10']) {
      expect(compileText(bot(home + input(e))).diagnostics, e).toEqual([]);
    }
  });

  test('number min > max', () => {
    expect(only(compileText(bot(home + input('number 10..1'))), 'FLOW7004').help).toBe('write the smaller number first: number 1..10');
  });

  test('a link that is not https, with a fix for http', () => {
    const pageWith = (url: string) =>
      menu('home', [['go', 'info', 'अ', 'A']]) + `page info\n  link "${url}"\n    mr: "दुवा"\n    en: "Link"\n  then back\n`;
    const d = only(compileText(bot(pageWith('http://jalna.gov.in'))), 'FLOW7005');
    expect(d.fix?.replacement).toBe('"https://jalna.gov.in"');
    expect(codes(compileText(bot(pageWith('jalna.gov.in'))))).toEqual(['FLOW7005']);
    expect(compileText(bot(pageWith('https://jalna.gov.in/en/'))).diagnostics).toEqual([]);
  });

  test('an option switching to a language the bot does not have', () => {
    const flow = bot(`menu home\n  text:\n    mr: "अ"\n    en: "A"\n  option x -> home\n    mr: "अ"\n    en: "A"\n    language: hi\n`);
    expect(only(compileText(flow), 'FLOW7006').message).toContain('`hi`');
  });
});
