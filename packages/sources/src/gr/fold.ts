/**
 * Names and labels of the GR site as compared: the runtime's normalisation of what citizens type
 * (NFC, case, spacing, zero-width characters, Indic digits), then what the site itself varies —
 * `&` for "and", punctuation, and the long and short Devanagari vowels (`कृषी` = `कृषि`,
 * `फाईल` = `फाइल`), which the site and the state's own lists spell both ways.
 */
import { normalize } from '@samvad/runtime';

/** ई/ी read as इ/ि, ऊ/ू as उ/ु. */
export function foldVowelLength(text: string): string {
  return text.replace(/[ईी]/gu, (c) => (c === 'ई' ? 'इ' : 'ि')).replace(/[ऊू]/gu, (c) => (c === 'ऊ' ? 'उ' : 'ु'));
}

/** A name or label as compared: normalised, `&` as "and", punctuation as spaces, vowel length folded. */
export function looseKey(text: string): string {
  return foldVowelLength(normalize(text.replace(/&/gu, ' and ')))
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
