/** Loose keys and stems: the spellings citizens use for one word end up as one key. */
import { describe, expect, it } from 'vitest';
import { devaKey, latinKey, stems } from '../src/match/keys.js';
import { toLatin } from '../src/match/translit.js';
import { stopWord, tokenize } from '../src/match/tokens.js';

describe('latin keys', () => {
  it.each([
    [['utpanna', 'utpana', 'utpann'], 'utpn'],
    [['dakhla', 'daakhla', 'dakhala'], 'dkl'],
    [['jeshtha', 'jyeshta', 'jyeshtha'], 'jest'],
    [['pasport', 'passport'], 'psport'],
    [['krushi', 'krishi'], 'krsi'],
    [['police', 'polis'], 'polis'],
    [['vij', 'wij'], 'vij'],
  ])('%j → %s', (spellings, key) => {
    for (const spelling of spellings) expect(latinKey(spelling), spelling).toBe(key);
  });

  it('a Devanagari word transliterates to the key of its romanised spellings', () => {
    expect(latinKey(toLatin('उत्पन्न'))).toBe(latinKey('utpanna'));
    expect(latinKey(toLatin('पासपोर्ट'))).toBe(latinKey('pasport'));
    expect(latinKey(toLatin('शेतकरी'))).toBe(latinKey('shetkari'));
    expect(latinKey(toLatin('हिंदी'))).toBe(latinKey('hindi'));
  });
});

describe('devanagari keys and stems', () => {
  it('folds long and short vowel signs, candra vowels, nukta and sibilants', () => {
    expect(devaKey('जाती')).toBe(devaKey('जाति'));
    expect(devaKey('पॅन')).toBe(devaKey('पन'));
    expect(devaKey('हिन्दी')).toBe(devaKey('हिंदी'));
    expect(devaKey('ज़मीन')).toBe(devaKey('जमीन'));
  });

  it('strips case endings and postpositions, and finds the oblique stem', () => {
    expect(stems(devaKey('उत्पन्नाचा'), 'deva')).toContain(devaKey('उत्पन्न'));
    expect(stems(devaKey('दाखल्यासाठी'), 'deva')).toContain(devaKey('दाखला'));
    expect(stems(latinKey('jaticha'), 'latin')).toContain(latinKey('jati'));
  });
});

describe('tokens', () => {
  it('splits on spaces and punctuation, and knows function words by language', () => {
    expect(tokenize('Mala, utpanna-dakhla pahije!').map((t) => t.text)).toEqual(['mala', 'utpanna', 'dakhla', 'pahije']);
    expect([stopWord('pahije'), stopWord('chahiye'), stopWord('how'), stopWord('namaskar'), stopWord('passport')]).toEqual([
      'mr',
      'hi',
      'en',
      'greeting',
      undefined,
    ]);
  });
});
