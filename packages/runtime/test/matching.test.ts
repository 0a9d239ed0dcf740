import { describe, expect, it } from 'vitest';
import { indexChoices, matchText } from '../src/match/choices.js';
import { editDistance } from '../src/match/distance.js';
import { interpolate } from '../src/match/interpolate.js';
import { normalize, parseNumber } from '../src/match/normalize.js';

const index = indexChoices([
  { id: 'home/revenue', number: 1, labels: ['Revenue', 'महसूल', 'राजस्व'], words: ['mahsul'], action: 'revenue' },
  { id: 'home/health', number: 2, labels: ['Health', 'आरोग्य', 'स्वास्थ्य'], words: ['arogya', 'hospital'], action: 'health' },
  { id: 'home/education', number: 3, labels: ['Education', 'शिक्षण'], words: ['shikshan'], action: 'education' },
  { id: 'home/electric', number: 4, labels: ['Electricity'], words: [], action: 'electricity' },
]);
const commands = new Map([['0', 'home'], ['#', 'back'], ['help', 'help']]);
const pick = (text: string) => {
  const m = matchText(index, text, commands);
  return m.kind === 'choice' ? [m.choice.action, m.by] : m.kind === 'command' ? ['command', m.command] : ['none'];
};

describe('numbers', () => {
  it.each([
    ['1', 'revenue'],
    ['१', 'revenue'],
    ['२', 'health'],
    ['৩', 'education'],
    ['੪', 'electricity'],
    ['૨', 'health'],
    ['௩', 'education'],
    ['1.', 'revenue'],
    ['2)', 'health'],
    [' 3 ', 'education'],
    ['(4)', 'electricity'],
    ['०१', 'revenue'],
  ])('%j chooses %s', (text, action) => {
    expect(pick(text)).toEqual([action, 'number']);
  });

  it('a number with no option is not a choice', () => {
    expect(pick('9')).toEqual(['none']);
    expect(parseNumber('१२')).toBe(12);
    expect(parseNumber('1a')).toBeUndefined();
  });
});

describe('labels, synonyms and commands', () => {
  it('matches a label in any language, ignoring case, spacing, end punctuation and zero-width joiners', () => {
    expect(pick('  HEALTH!! ')).toEqual(['health', 'label']);
    expect(pick('स्वास्थ्य')).toEqual(['health', 'label']);
    expect(pick('स्वास्\u200Dथ्य')).toEqual(['health', 'label']);
    expect(pick('मह\u200Cसूल।')).toEqual(['revenue', 'label']);
  });

  it('matches a synonym', () => {
    expect(pick('Hospital')).toEqual(['health', 'synonym']);
  });

  it('matches a command word, even one made of punctuation', () => {
    expect(pick('#')).toEqual(['command', 'back']);
    expect(pick(' Help ')).toEqual(['command', 'help']);
    expect(pick('0')).toEqual(['command', 'home']);
  });

  it('normalises NFC: a decomposed letter equals the composed one', () => {
    expect(normalize('Cafe\u0301')).toBe(normalize('Café'));
  });
});

describe('typos', () => {
  it('tolerates one typo in a word of 5–7 letters and two in 8 or more', () => {
    expect(pick('helth')).toEqual(['health', 'typo']);
    expect(pick('revnue')).toEqual(['revenue', 'typo']);
    expect(pick('hosiptal')).toEqual(['health', 'typo']);
    expect(pick('edcuatoin')).toEqual(['education', 'typo']);
  });

  it('does not guess for short words or when two choices are equally close', () => {
    expect(pick('heal')).toEqual(['none']);
    const close = indexChoices([
      { id: 'a', number: 1, labels: ['Pension'], words: [], action: 'pension' },
      { id: 'b', number: 2, labels: ['Mansion'], words: [], action: 'mansion' },
    ]);
    expect(matchText(close, 'mension', commands)).toEqual({ kind: 'none' });
    expect(matchText(close, 'pensoin', commands)).toMatchObject({ kind: 'choice', by: 'typo' });
  });

  it('refuses a match too far away', () => {
    expect(pick('healthcare')).toEqual(['none']);
  });

  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('revenue', 'reveune', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});

describe('interpolate', () => {
  it('fills variables, leaves missing ones empty, and writes literal braces', () => {
    expect(interpolate('{gr.title} – {missing}!', { 'gr.title': 'GR 12' })).toBe('GR 12 – !');
    expect(interpolate('{{not a var}}', {})).toBe('{not a var}');
    expect(interpolate('{constructor}', {})).toBe('');
  });
});
