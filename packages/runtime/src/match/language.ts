/**
 * The language a message is written in, from its words: function words of one language
 * ("pahije", "मला" → Marathi; "chahiye", "मुझे" → Hindi; "how", "need" → English), and words
 * that only one language's labels use (a Latin word found in the English labels is English; one
 * found only through a Devanagari label's transliteration is romanised Marathi or Hindi).
 */
import type { RankedToken } from './rank.js';
import type { WordIndex } from './word-index.js';

/**
 * The one language among `available` with the most votes, or undefined when no word tells or two
 * languages tie.
 */
export function detectLanguage(index: WordIndex, tokens: readonly RankedToken[], available: readonly string[]): string | undefined {
  const votes = new Map<string, number>();
  const vote = (lang: string, weight: number) => {
    if (available.includes(lang)) votes.set(lang, (votes.get(lang) ?? 0) + weight);
  };
  for (const token of tokens) {
    if (token.stop !== undefined) {
      if (token.stop !== 'greeting') vote(token.stop, 1);
      continue;
    }
    const langs = new Set<string>();
    for (const hit of token.hits) for (const lang of index.languages.get(hit.key) ?? []) langs.add(lang);
    const latin = !/[\u0900-\u0d7f]/.test(token.text); // Devanagari or an Indic script keyed like it
    // A Latin word in the English labels is English, even if a transliteration looks the same.
    if (latin && langs.has('en')) {
      vote('en', 1);
      continue;
    }
    if (langs.size === 0) continue;
    for (const lang of langs) vote(lang, 1 / langs.size);
  }
  let best: string | undefined;
  let bestVotes = 0;
  let tie = false;
  for (const [lang, n] of votes) {
    if (n > bestVotes) {
      best = lang;
      bestVotes = n;
      tie = false;
    } else if (n === bestVotes) tie = true;
  }
  return tie ? undefined : best;
}
