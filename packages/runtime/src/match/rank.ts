/**
 * Ranking the candidates of a word index for one message: per word, its key (or a stem, or a key
 * within the typo allowance); per candidate, its entries' matched slots weighted by inverse
 * document frequency — a whole phrase more than its words apart — plus half the scores of the
 * options on its path (the words an author put on "Revenue" count for the income certificate
 * too). Only lookups and sums: no scan of the index per message.
 */
import type { StopKind, Token } from './tokens.js';
import { looseStopWord, tokenize } from './tokens.js';
import type { WordIndex } from './word-index.js';
import { keyOf, nearKeys } from './word-index.js';
import type { Script } from './keys.js';
import { consonantSkeleton, frameKey, framesAgree, latinKey, stems, vowelFrame } from './keys.js';
import { toLatinMemo } from './translit.js';

/** How a message word reached a key (`loanword`: a Devanagari word through its transliteration, "कास्ट" → caste). */
export type KeyMatch = 'exact' | 'stem' | 'typo' | 'loanword';

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
  /** Half the scores of the options on its path (the options that lead to its menu). */
  readonly inherited: number;
  /** `own + inherited`, times the on-screen boost. */
  readonly total: number;
  /** The entries that counted, as written. */
  readonly matched: readonly string[];
  /** True when one of its own entries matched whole (every word of a label or `words:` entry). */
  readonly whole: boolean;
  /** True for an option of the menu on screen. */
  readonly onScreen: boolean;
  /** Positions of the message words it or its path explains. */
  readonly explains: ReadonlySet<number>;
  /** Positions of the message words its own words explain. */
  readonly mine: ReadonlySet<number>;
  /** Its own best weight per message word position (the words of `mine`). */
  readonly weights: ReadonlyMap<number, number>;
  /** Positions covered by one of its own labels of several words, matched whole ("Jalna Mitra"). */
  readonly phrase: ReadonlySet<number>;
  /** Positions covered by one of its own labels (or a part of one), matched whole: the words that name it. */
  readonly named: ReadonlySet<number>;
}

/** The ranking of one message. */
export interface Ranking {
  readonly tokens: readonly RankedToken[];
  /** Candidates with a score, best first. */
  readonly scored: readonly Scored[];
}

/** How much each way of reaching a key counts. */
const QUALITY: Readonly<Record<KeyMatch, number>> = { exact: 1, stem: 0.9, typo: 0.7, loanword: 0.8 };
/** What a key derived from an author's word (a transliteration or a stem) counts for, against one they wrote. */
const DERIVED = 0.9;
/** The language whose words a Devanagari loanword may reach. */
const ENGLISH = 'en';
/** What a loanword reached by its vowel frame counts for, against one reached by its transliteration. */
const FRAME = 0.9;
/** The share of an ancestor option's score its descendants inherit. */
const INHERIT = 0.5;
/** The boost for options on the menu the citizen is looking at. */
const ON_SCREEN = 1.5;

/** The keys a message word reaches. */
function hitsOf(index: WordIndex, token: Token, key: string): RankedToken['hits'] {
  if (index.postings.has(key)) return withLoanword(index, token, [{ key, by: 'exact', quality: QUALITY.exact }]);
  const found: { key: string; by: KeyMatch; quality: number }[] = [];
  for (const stem of stems(key, token.script)) {
    // A two-letter Latin stem only where an author wrote that key (`navache` → `nv`, naav).
    if (token.script === 'latin' && stem.length < 3 && !index.written.has(stem)) continue;
    if (index.postings.has(stem)) found.push({ key: stem, by: 'stem', quality: QUALITY.stem });
  }
  if (found.length > 0) return withLoanword(index, token, found);
  // Two words written as one ("पॅनकार्ड", "pancard", "noncreamylayer"): split where both halves are
  // keys an author wrote — a half of two letters only where the two are neighbours in a label or
  // entry ("pan card"; "renew" is not "re" + "new").
  for (let i = 2; i <= key.length - 2; i += 1) {
    const left = key.slice(0, i);
    const right = key.slice(i);
    const short = left.length < 3 || right.length < 3;
    if (short && !index.pairs.has(`${left} ${right}`)) continue;
    if (index.written.has(left) && index.written.has(right) && !index.reserved.has(left) && !index.reserved.has(right)) {
      return [
        { key: left, by: 'stem', quality: QUALITY.stem },
        { key: right, by: 'stem', quality: QUALITY.stem },
      ];
    }
  }
  for (const near of nearKeys(index, key)) {
    found.push({ key: near.key, by: 'typo', quality: QUALITY.typo / near.distance });
  }
  if (token.script !== 'deva') return found;
  // A Devanagari word that reached only typos may also be an English word: both count, each
  // candidate takes the better ("करेक्शन" is one letter from "कनेक्शन", and is "correction").
  if (found.length > 0) return [...found, ...loanwords(index, token).filter((h) => !found.some((f) => f.key === h.key))];
  return loanwords(index, token);
}

/** The English words of the bot's labels a Devanagari word spells. */
function loanwords(index: WordIndex, token: Token): RankedToken['hits'] {
  const found: { key: string; by: KeyMatch; quality: number }[] = [];
  // An English word written in Devanagari ("कास्ट", "टॅक्स"): its transliteration's key, when that
  // is a word of the bot's English labels — only when the Devanagari word reached nothing or only
  // typos, and never a short key ("भरती" is not the acronym "BARTI" an author listed).
  const translit = toLatinMemo(token.text);
  const latin = latinKey(translit);
  // As an English word sounds (नेम = name, चेंज = change, न्यू = new, लैंड = land: ै for English a).
  const sound = latinKey(translit.replace(/ai/g, 'a'));
  const heard = index.sounds.get(sound) ?? index.sounds.get(latin);
  if (heard !== undefined) return heard.map((key) => ({ key, by: 'loanword' as const, quality: QUALITY.loanword }));
  if (latin.length < 3) return found;
  const english = (k: string): boolean => index.languages.get(k)?.has(ENGLISH) === true;
  if (english(latin)) return [{ key: latin, by: 'loanword', quality: QUALITY.loanword }];
  if (sound.length >= 3 && english(sound)) return [{ key: sound, by: 'loanword', quality: QUALITY.loanword }];
  for (const near of nearKeys(index, latin)) {
    if (!english(near.key)) continue;
    found.push({ key: near.key, by: 'loanword', quality: (QUALITY.loanword * QUALITY.typo) / near.distance });
  }
  if (found.length > 0) return found;
  // Else the same vowel frame as an English word of the labels (सीनियर = senior, सिटीजन = citizen).
  const frame = vowelFrame(translit, true);
  for (const word of index.frames.get(frameKey(frame)) ?? []) {
    if (framesAgree(word.frame, frame)) found.push({ key: word.key, by: 'loanword', quality: QUALITY.loanword * FRAME });
  }
  if (found.length > 0) return found;
  // Else the same consonants as an English word of the labels, the vowels as Devanagari writes
  // them ("इन्कम" = income, "फार्मर" = farmer, "करेक्शन" = correction), counting as a typo.
  for (const word of index.skeletons.get(consonantSkeleton(latin)) ?? index.skeletons.get(consonantSkeleton(sound)) ?? []) {
    found.push({ key: word, by: 'loanword', quality: QUALITY.loanword * QUALITY.typo });
  }
  return found;
}

/**
 * A Devanagari word the bot knows that is also an English word of its labels, written in
 * Devanagari ("फूड", "लाइसेंस"), reaches that English word too: "फूड लाइसेंस" is then the whole of
 * "food license", though the author wrote "फूड लायसन्स" and "खाद्य लाइसेंस".
 */
function withLoanword(index: WordIndex, token: Token, hits: RankedToken['hits']): RankedToken['hits'] {
  if (token.script !== 'deva') return hits;
  const latin = latinKey(toLatinMemo(token.text));
  if (latin.length < 3 || index.languages.get(latin)?.has(ENGLISH) !== true || hits.some((h) => h.key === latin)) return hits;
  return [...hits, { key: latin, by: 'loanword', quality: QUALITY.loanword }];
}

/** The most words of a message the matcher reads: a request is short, and a pasted page must not cost its length. */
export const MAX_WORDS = 40;

/** The message's words (the first `MAX_WORDS`), each with the keys it reaches. */
export function rankTokens(index: WordIndex, text: string): RankedToken[] {
  const out: RankedToken[] = [];
  for (const token of tokenize(text.length > MAX_WORDS * 30 ? text.slice(0, MAX_WORDS * 30) : text).slice(0, MAX_WORDS)) {
    const key = keyOf(token.text, token.script);
    const fn = looseStopWord(token.text, token.script === 'deva' ? key : undefined);
    const stop = fn ?? (index.reserved.has(key) ? 'greeting' : undefined);
    // A command word or language name counts only where an author wrote it as a word of the bot;
    // a function word only where an author wrote it as such (a label's word, not a word with the
    // same key: "aaya", came, is not "aay", income).
    if (stop !== undefined && (fn !== undefined ? !index.written.has(key) || !index.texts.has(token.text) : !index.written.has(key))) {
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
  /** Message word position that matched, per slot. */
  readonly positions: number[];
  /** Slots matched only through a short derived key: they count only if the whole entry matched. */
  readonly provisional: boolean[];
}

/** A candidate's own evidence: per message word, its best weight. */
interface Own {
  readonly perWord: Map<number, number>;
  readonly matched: string[];
  readonly phrase: Set<number>;
  readonly named: Set<number>;
  /** Positions matched by its own entries of several words matched at least half (not descriptions). */
  readonly halves: Set<number>;
  /** How many such entries added a position to `halves`. */
  halfEntries: number;
  whole: boolean;
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
      const authoredOnly = token.script === 'latin' && hit.key.length <= 2 && index.written.has(hit.key);
      for (const posting of index.postings.get(hit.key) ?? []) {
        // A short spelling an author wrote beats a transliteration that looks the same (gr ≠ गृह)
        // — except inside a phrase the message matches whole ("jat vaidhta" = "जात वैधता").
        const provisional = authoredOnly && posting.derived;
        // A key the author wrote counts a little more than one derived from their words.
        const w = posting.derived ? weight * DERIVED : weight;
        let entries = states.get(posting.candidate);
        if (entries === undefined) {
          entries = new Map();
          states.set(posting.candidate, entries);
        }
        let state = entries.get(posting.entry);
        if (state === undefined) {
          const size = index.candidates[posting.candidate]?.entries[posting.entry]?.slots.length ?? 1;
          state = {
            slots: new Array<number>(size).fill(0),
            positions: new Array<number>(size).fill(-1),
            provisional: new Array<boolean>(size).fill(false),
          };
          entries.set(posting.entry, state);
        }
        const was = state.slots[posting.slot] ?? 0;
        // A firm match is never replaced by a provisional one.
        if (provisional ? was === 0 : w > was || state.provisional[posting.slot] === true) {
          state.slots[posting.slot] = w;
          state.positions[posting.slot] = position;
          state.provisional[posting.slot] = provisional;
        }
      }
    }
  });

  // The positions of the message words that reached some key.
  const reached: number[] = [];
  tokens.forEach((token, position) => {
    if (token.hits.length > 0) reached.push(position);
  });
  const alone = screen === undefined ? new Set<number>() : aloneOnScreen(index, states, screen);
  const owns = new Map<number, Own>();
  for (const [candidate, entries] of states) {
    const own: Own = { perWord: new Map(), matched: [], phrase: new Set(), named: new Set(), halves: new Set(), halfEntries: 0, whole: false };
    for (const [e, state] of entries) {
      const entry = index.candidates[candidate]?.entries[e];
      const slots = state.slots.length;
      let matched = 0;
      for (let s = 0; s < slots; s += 1) if ((state.slots[s] ?? 0) > 0) matched += 1;
      if (matched < slots || slots < 2) {
        // Not a whole phrase: provisional slots do not count.
        for (let s = 0; s < slots; s += 1) {
          if (state.provisional[s] === true) {
            state.slots[s] = 0;
            matched -= 1;
          }
        }
      }
      // A whole phrase counts more than its words apart; part of one, much less — except on screen,
      // where half a label answers the menu ("नाम परिवर्तन" for "बिल में नाम परिवर्तन"), and so does
      // more than half a `words:` entry that holds every word of the message the bot knows ("naav
      // badal" for "light naav badal"; not "कार्ड" for "पॅन कार्ड", nor "gazette naav badal").
      // Descriptions count half.
      const onScreen = screen !== undefined && index.candidates[candidate]?.menu === screen && entry?.field !== 'description';
      const complete = matched === slots;
      const holdsAll = reached.every((p) => state.positions.includes(p));
      const answers =
        !complete &&
        onScreen &&
        ((entry?.field === 'label' ? matched * 2 >= slots : matched * 2 > slots && holdsAll) ||
          // Every word the bot knows, in this option's entry and in no other option on screen:
          // "navin" at the electricity menu is its new connection, not the latest GRs.
          (holdsAll && alone.has(candidate)));
      if (!complete && slots >= 2 && matched * 2 >= slots && entry?.field !== 'description') {
        const before = own.halves.size;
        state.positions.forEach((p, slot) => {
          if (p >= 0 && (state.slots[slot] ?? 0) > 0) own.halves.add(p);
        });
        if (own.halves.size > before) own.halfEntries += 1;
      }
      let factor = complete ? 1 + 0.25 * (slots - 1) : answers ? 1 : 0.2 + 0.4 * (matched / slots);
      if (entry?.field === 'description') factor *= 0.5;
      else if (complete || answers) {
        own.whole = true;
        if (complete && slots > 1 && entry?.field === 'label') for (const p of state.positions) own.phrase.add(p);
        if (complete && entry?.field === 'label') for (const p of state.positions) own.named.add(p);
      }
      let counted = false;
      for (let s = 0; s < slots; s += 1) {
        const w = (state.slots[s] ?? 0) * factor;
        const p = state.positions[s] ?? -1;
        if (w > 0 && w > (own.perWord.get(p) ?? 0)) {
          own.perWord.set(p, w);
          counted = true;
        }
      }
      if (counted && entry !== undefined && !own.matched.includes(entry.text)) own.matched.push(entry.text);
    }
    if (own.perWord.size > 0) owns.set(candidate, own);
  }

  const scored: Scored[] = [];
  for (const [candidate, own] of owns) {
    // Its own words count whole; the words of each option on its path, half.
    let mine = 0;
    let inherited = 0;
    const explains = new Set<number>(own.perWord.keys());
    for (const w of own.perWord.values()) mine += w;
    for (const ancestor of index.candidates[candidate]?.ancestors ?? []) {
      const theirs = owns.get(ancestor);
      if (theirs === undefined) continue;
      for (const [p, w] of theirs.perWord) {
        inherited += INHERIT * w;
        explains.add(p);
      }
    }
    // Halves of two or more of its own entries, each adding a word, and with its path every word the
    // bot knows, make a whole: "light bill वर नाव बदल" is "light bill …" and "… नाव बदल" of the
    // bill's name change; "न्यू इलेक्ट्रिसिटी कनेक्शन", "New …" and "… कनेक्शन" under Electricity.
    // Not for an option of the start menu, whose words copy everything below it ("naam … jalna" is
    // not "Jalna Mitra").
    const below = (index.candidates[candidate]?.ancestors.length ?? 0) > 0;
    const covered = own.whole || (below && own.halfEntries >= 2 && reached.every((p) => explains.has(p)));
    const onScreen = screen !== undefined && index.candidates[candidate]?.menu === screen;
    // A choice that sets a value (a department of the GR listing) means something only in its
    // listing: off its menu, it counts only when the message also names the way there
    // ("agriculture GR"), not for "ration card" alone.
    if (!onScreen && index.candidates[candidate]?.option.set !== undefined && inherited === 0) continue;
    const total = mine + inherited;
    const boost = onScreen ? ON_SCREEN : 1;
    scored.push({
      candidate,
      own: mine,
      inherited: total - mine,
      total: total * boost,
      matched: own.matched,
      whole: covered,
      onScreen,
      explains,
      mine: new Set(own.perWord.keys()),
      weights: own.perWord,
      phrase: own.phrase,
      named: own.named,
    });
  }
  scored.sort((a, b) => b.total - a.total || a.candidate - b.candidate);
  return { tokens, scored };
}

/**
 * The options on screen that alone, among the options on screen, explain every message word the
 * bot knows by their own labels or words (not descriptions): the citizen is answering the menu.
 */
function aloneOnScreen(index: WordIndex, states: ReadonlyMap<number, ReadonlyMap<number, EntryState>>, screen: string): Set<number> {
  // message word position → the options on screen whose own entries hold it
  const holders = new Map<number, Set<number>>();
  for (const [candidate, entries] of states) {
    const c = index.candidates[candidate];
    if (c?.menu !== screen) continue;
    for (const [e, state] of entries) {
      if (c.entries[e]?.field === 'description') continue;
      state.positions.forEach((p, slot) => {
        if (p < 0 || (state.slots[slot] ?? 0) <= 0 || state.provisional[slot] === true) return;
        let set = holders.get(p);
        if (set === undefined) {
          set = new Set();
          holders.set(p, set);
        }
        set.add(candidate);
      });
    }
  }
  const alone = new Set<number>();
  for (const set of holders.values()) {
    if (set.size === 1) for (const only of set) alone.add(only);
  }
  // An option that shares some word with another option on screen does not answer alone, nor
  // one that holds it as a copy of an option below it ("कार्ड" at the welcome menu is on Jalna
  // Mitra for the cards below it, which say which card).
  for (const set of holders.values()) {
    if (set.size > 1) for (const shared of set) alone.delete(shared);
  }
  for (const [candidate, entries] of states) {
    const above = index.candidates[candidate]?.ancestors.filter((a) => alone.has(a)) ?? [];
    if (above.length === 0) continue;
    const held = [...entries.values()].some((state) => state.positions.some((p, slot) => p >= 0 && holders.has(p) && (state.slots[slot] ?? 0) > 0));
    if (held) for (const a of above) alone.delete(a);
  }
  return alone;
}
