/**
 * Devanagari → Latin: a label or word written in Devanagari gets a Latin key when the index is
 * built, so that "utpanna" reaches "उत्पन्न" without an author listing the romanised spelling; per
 * message, only a Devanagari word that reached nothing else is transliterated (an English loanword,
 * "कास्ट" → caste), through a bounded memo. ITRANS via Sanscript, after folding the marks ITRANS
 * does not know (candra vowels of English loanwords, nukta).
 */
import Sanscript from '@indic-transliteration/sanscript';
import { foldToDevanagari } from './keys.js';

/** Marks folded before transliteration: candra e/o (पॅन, ऑफिस), nukta, anusvara as a nasal. */
const BEFORE: ReadonlyArray<readonly [RegExp, string]> = [
  [/ॅ/g, ''],
  [/ॉ/g, 'ो'],
  [/ऍ/g, 'ए'],
  [/ऑ/g, 'ओ'],
  [/़/g, ''],
  [/[ंँ]/g, 'न्'],
];

/** A Devanagari word written in Latin letters (ITRANS, lower-cased). */
export function toLatin(devanagari: string): string {
  let text = foldToDevanagari(devanagari);
  for (const [pattern, replacement] of BEFORE) text = text.replace(pattern, replacement);
  return Sanscript.t(text, 'devanagari', 'itrans').toLowerCase();
}

/** How many message words the memo of `toLatinMemo` keeps before it starts afresh. */
const MEMO_AT_MOST = 4096;
const memo = new Map<string, string>();

/** `toLatin` for message words: citizens repeat their words, and Sanscript costs a few µs a word. */
export function toLatinMemo(devanagari: string): string {
  const known = memo.get(devanagari);
  if (known !== undefined) return known;
  if (memo.size >= MEMO_AT_MOST) memo.clear();
  const latin = toLatin(devanagari);
  memo.set(devanagari, latin);
  return latin;
}
