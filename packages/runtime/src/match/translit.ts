/**
 * Devanagari → Latin, for the index only (built once per graph, never per message): a label or
 * word written in Devanagari gets a Latin key, so that "utpanna" reaches "उत्पन्न" without an
 * author listing the romanised spelling. ITRANS via Sanscript, after folding the marks ITRANS
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
