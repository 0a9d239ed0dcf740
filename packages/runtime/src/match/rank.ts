/**
 * Ranking the candidates of a word index for one message: per word, its key (or a stem, or a key
 * within the typo allowance); per candidate, its entries' matched slots weighted by inverse
 * document frequency — a whole phrase more than its words apart — plus half the score of the
 * options on its path (the words an author put on "Revenue" count for the income certificate
 * too). Only lookups and sums: no scan of the index per message.
 */
import type { StopKind, Token } from './tokens.js';
import { stopWord, tokenize } from './tokens.js';
import type { WordIndex } from './word-index.js';
import { keyOf, nearKeys } from './word-index.js';
import type { Script } from './keys.js';
import { stems } from './keys.js';

/** How a message word reached a key. */
export type KeyMatch = 'exact' | 'stem' | 'typo';

/** A message word, as the matcher saw it. */
export interface RankedToken {
  readonly text: string;
  readonly script: Script;
  readonly key: string;
  /** Set for function words ("pahije", "कैसे", "how") and greetings: they never match. */
  readonly stop?: StopKind;
  /** Index keys it reached, with how. */
  readonly hits: readonly { readonly key: string; readonly by: KeyMatch; readonly quality: number }[];
}

/** A candidate's score for the message. */
export interface Scored {
  readonly candidate: number;
  /** From its own labels and words. */
  readonly own: number;
  /** Half the own score of each option on its path. */
  readonly inherited: number;
  /** `own + inherited`, times the on-screen boost. */
  readonly total: number;
  /** The entries that counted, as written. */
  readonly matched: readonly string[];
}

/** The ranking of one message. */
export interface Ranking {
  readonly tokens: readonly RankedToken[];
  /** Candidates with an own score, best first. */
  readonly scored: readonly Scored[];
}

/** How much each way of reaching a key counts. */
const QUALITY: Readonly<Record<KeyMatch, number>> = { exact: 1, stem: 0.9, typo: 0.7 };
/** The share of an ancestor option's score its descendants inherit. */
const INHERIT = 0.5;
/** The boost for options on the menu the citizen is looking at. */
const ON_SCREEN = 1.25;

/** The keys a message word reaches. */
function hitsOf(index: WordIndex, token: Token, key: string): RankedToken['hits'] {
  if (index.postings.has(key)) return [{ key, by: 'exact', quality: QUALITY.exact }];
  const found: { key: string; by: KeyMatch; quality: number }[] = [];
  for (const stem of stems(key, token.script)) {
    if (token.script === 'latin' && stem.length < 3) continue;
    if (index.postings.has(stem)) found.push({ key: stem, by: 'stem', quality: QUALITY.stem });
  }
  if (found.length > 0) return found;
  for (const near of nearKeys(index, key)) {
    found.push({ key: near.key, by: 'typo', quality: QUALITY.typo / near.distance });
  }
  return found;
}

/** The message's words, each with the keys it reaches. */
export function rankTokens(index: WordIndex, text: string): RankedToken[] {
  const out: RankedToken[] = [];
  for (const token of tokenize(text)) {
    const key = keyOf(token.text, token.script);
    const stop = stopWord(token.text) ?? (index.reserved.has(key) ? 'greeting' : undefined);
    if (stop !== undefined && !index.postings.has(key)) {
      out.push({ text: token.text, script: token.script, key, stop, hits: [] });
      continue;
    }
    out.push({ text: token.text, script: token.script, key, hits: hitsOf(index, token, key) });
  }
  return out;
}

interface EntryState {
  /** Best weight per slot (0 when unmatched). */
  readonly slots: number[];
  /** Message word positions that matched, per slot. */
  readonly positions: number[];
}

/**
 * Ranks every candidate some word of the message reaches. `screen` is the menu on screen: its
 * options get a small boost (the citizen is probably answering it).
 */
export function rank(index: WordIndex, text: string, screen?: string): Ranking {
  const tokens = rankTokens(index, text);
  // candidate → entry → matched slots
  const states = new Map<number, Map<number, EntryState>>();
  tokens.forEach((token, position) => {
    for (const hit of token.hits) {
      const weight = (index.idf.get(hit.key) ?? 0) * hit.quality;
      // A short spelling an author wrote beats a transliteration that happens to look the same (gr ≠ गृह).
      const authoredOnly = token.script === 'latin' && hit.key.length <= 2 && index.written.has(hit.key);
      for (const posting of index.postings.get(hit.key) ?? []) {
        if (authoredOnly && posting.derived) continue;
        let entries = states.get(posting.candidate);
        if (entries === undefined) {
          entries = new Map();
          states.set(posting.candidate, entries);
        }
        let state = entries.get(posting.entry);
        if (state === undefined) {
          const size = index.candidates[posting.candidate]?.entries[posting.entry]?.slots.length ?? 1;
          state = { slots: new Array<number>(size).fill(0), positions: new Array<number>(size).fill(-1) };
          entries.set(posting.entry, state);
        }
        if (weight > (state.slots[posting.slot] ?? 0)) {
          state.slots[posting.slot] = weight;
          state.positions[posting.slot] = position;
        }
      }
    }
  });

  const own = new Map<number, { score: number; matched: string[] }>();
  for (const [candidate, entries] of states) {
    const scoredEntries: { score: number; positions: number[]; text: string }[] = [];
    for (const [e, state] of entries) {
      const slots = state.slots.length;
      let sum = 0;
      let matched = 0;
      const positions: number[] = [];
      for (let s = 0; s < slots; s += 1) {
        const w = state.slots[s] ?? 0;
        if (w > 0) {
          sum += w;
          matched += 1;
          const p = state.positions[s] ?? -1;
          if (!positions.includes(p)) positions.push(p);
        }
      }
      // A whole phrase counts more than its words apart; part of one, much less.
      const factor = matched === slots ? 1 + 0.25 * (slots - 1) : 0.2 + 0.4 * (matched / slots);
      scoredEntries.push({ score: sum * factor, positions, text: index.candidates[candidate]?.entries[e]?.text ?? '' });
    }
    // Best entries first; each message word counts once per candidate.
    scoredEntries.sort((a, b) => b.score - a.score);
    const used = new Set<number>();
    let score = 0;
    const matched: string[] = [];
    for (const entry of scoredEntries) {
      if (entry.positions.some((p) => used.has(p))) continue;
      for (const p of entry.positions) used.add(p);
      score += entry.score;
      matched.push(entry.text);
    }
    own.set(candidate, { score, matched });
  }

  const scored: Scored[] = [];
  for (const [candidate, mine] of own) {
    let inherited = 0;
    for (const ancestor of index.candidates[candidate]?.ancestors ?? []) inherited += INHERIT * (own.get(ancestor)?.score ?? 0);
    const boost = screen !== undefined && index.candidates[candidate]?.menu === screen ? ON_SCREEN : 1;
    scored.push({ candidate, own: mine.score, inherited, total: (mine.score + inherited) * boost, matched: mine.matched });
  }
  scored.sort((a, b) => b.total - a.total || a.candidate - b.candidate);
  return { tokens, scored };
}
