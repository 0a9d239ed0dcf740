/**
 * The word index of a graph, built once when the graph is first used (never per message): every
 * static option of every menu is a candidate; each of its labels and descriptions (per language)
 * and `words:` entries is an entry of word slots; each slot has loose keys — the Devanagari key, the Latin key
 * of its transliteration, and the stems of both — and each key a weight (BM25's inverse document
 * frequency over candidates). A deletion table answers typo lookups without scanning every key.
 */
import type { Graph, GraphOption } from '../graph/types.js';
import { editDistance } from './distance.js';
import type { Script } from './keys.js';
import { consonantSkeleton, devaKey, isDevanagari, englishSound, frameConsonants, frameKey, latinKey, stems, vowelFrame } from './keys.js';
import { normalize } from './normalize.js';
import { stopWord, tokenize } from './tokens.js';
import { toLatin } from './translit.js';

/** Something a message can lead to: a static option of a menu. */
export interface Candidate {
  readonly index: number;
  readonly menu: string;
  readonly option: GraphOption;
  /** Candidates whose option leads to this one's menu, nearest first (the path from `start`, reversed). */
  readonly ancestors: readonly number[];
  readonly entries: readonly Entry[];
}

/** A label or a `words:` entry, as slots of keys (stop words left out). */
export interface Entry {
  readonly text: string;
  readonly field: 'label' | 'word' | 'description';
  /** The label's language (words have none). */
  readonly lang?: string;
  readonly slots: readonly (readonly SlotKey[])[];
}

/** One key of a slot. */
export interface SlotKey {
  readonly key: string;
  readonly derived: boolean;
}

/** Where a key occurs. */
export interface Posting {
  readonly candidate: number;
  readonly entry: number;
  readonly slot: number;
  /** True when the key was derived (a transliteration or a stem), not written by the author. */
  readonly derived: boolean;
}

/** A graph's word index. */
export interface WordIndex {
  readonly candidates: readonly Candidate[];
  readonly postings: ReadonlyMap<string, readonly Posting[]>;
  /** Inverse document frequency per key, scaled so that a key of one option weighs 1. */
  readonly idf: ReadonlyMap<string, number>;
  /** Keys by the key with one (or, for long keys, two) letters deleted. */
  readonly deletions: ReadonlyMap<string, readonly string[]>;
  /** Languages whose labels use a key: Devanagari keys, English keys (`en`), transliterated keys (`mr`/`hi`). */
  readonly languages: ReadonlyMap<string, ReadonlySet<string>>;
  /** Candidates per menu. */
  readonly byMenu: ReadonlyMap<string, readonly number[]>;
  /** Keys of words that are not services: language names (of language-switch options) and command words. */
  readonly reserved: ReadonlySet<string>;
  /** Keys some author wrote (not only derived ones). */
  readonly written: ReadonlySet<string>;
  /** Keys of two neighbouring words of a label or entry, as `"<key> <key>"` ("पॅन कार्ड"): what a word written as two may be. */
  readonly pairs: ReadonlySet<string>;
  /** Words of the English labels and descriptions by their consonants (`inkm` → `inkom`, income), for loanwords. */
  readonly skeletons: ReadonlyMap<string, readonly string[]>;
  /**
   * Latin words of labels and `words:` by the key of how they sound in Devanagari spelling (`nem`
   * → `nme`, name; `Cenj` → `Cng`, change; 3 letters or more), for loanwords: see `englishSound`.
   */
  readonly sounds: ReadonlyMap<string, readonly string[]>;
  /**
   * Latin words of English labels and `words:` by their vowel frame's key (`sVnVr` → frame
   * `sInVr` of `senior`; 3 consonants or more), for loanwords whose vowels Devanagari writes
   * otherwise (सीनियर): see `vowelFrame`.
   */
  readonly frames: ReadonlyMap<string, readonly { readonly frame: string; readonly key: string }[]>;
  /** The words of labels and `words:` entries as written (normalised), function words included. */
  readonly texts: ReadonlySet<string>;
}

const cache = new WeakMap<Graph, WordIndex>();

/** The graph's word index (built on first use, then cached for the graph's lifetime). */
export function wordIndex(graph: Graph): WordIndex {
  let index = cache.get(graph);
  if (index === undefined) {
    index = buildIndex(graph);
    cache.set(graph, index);
  }
  return index;
}

/** True when the graph's word index is built (by a first message or by `prepareGraph`). */
export function hasWordIndex(graph: Graph): boolean {
  return cache.has(graph);
}

/** The loose key of one normalised word in its script. */
export function keyOf(text: string, script: Script): string {
  return script === 'deva' ? devaKey(text) : latinKey(text);
}

/**
 * The keys of a word, by its normalised text: the same for every graph, so kept across index builds
 * (a compile and the runtime's load in one process, a bot reloaded on change). Bounded: cleared
 * when it grows past `KEY_MEMO_LIMIT` words.
 */
const keyMemo = new Map<string, SlotKey[]>();
const KEY_MEMO_LIMIT = 100_000;

/** Slots of an entry's text: per word, its key and (for Devanagari) its transliteration's key, plus stems. */
function slotsOf(text: string, memo: Map<string, SlotKey[]>): SlotKey[][] {
  const slots: SlotKey[][] = [];
  for (const token of tokenize(text)) {
    if (stopWord(token.text) !== undefined) continue;
    const known = memo.get(token.text);
    if (known !== undefined) {
      if (known.length > 0) slots.push(known);
      continue;
    }
    const keys: SlotKey[] = [];
    memo.set(token.text, keys);
    const add = (key: string, derived: boolean) => {
      if (key !== '' && !keys.some((k) => k.key === key)) keys.push({ key, derived });
    };
    if (token.script === 'deva') {
      const deva = devaKey(token.text);
      add(deva, false);
      for (const stem of stems(deva, 'deva')) if (stem.length >= 3) add(stem, true);
      const latin = latinKey(toLatin(token.text));
      add(latin, true);
      for (const stem of stems(latin, 'latin')) if (stem.length >= 3) add(stem, true);
    } else {
      const latin = latinKey(token.text);
      add(latin, false);
      // An English plural also gives its singular ("Welfare schemes": "scheme").
      if (/[^s]s$/.test(token.text) && token.text.length >= 5) add(latinKey(token.text.slice(0, -1)), true);
      // And a noun in -ity its adjective ("electricity": "electric").
      if (/ity$/.test(token.text) && token.text.length >= 8) add(latinKey(token.text.slice(0, -3)), true);
    }
    if (keys.length > 0) slots.push(keys);
  }
  return slots;
}

/**
 * A label and the parts that name the option on their own: "Govt Resolutions (GR)" → also
 * "Govt Resolutions" and "GR"; "Domicile / residence" → also "Domicile" and "residence".
 */
function labelParts(label: string): string[] {
  const inside = [...label.matchAll(/\(([^()]*)\)/g)].map((m) => m[1] ?? '');
  const outside = label.replace(/\([^()]*\)/g, ' ').split('/');
  const parts = [...outside, ...inside].map((part) => part.trim()).filter((part) => part !== '' && part !== label);
  return [label, ...new Set(parts)];
}

function buildIndex(graph: Graph): WordIndex {
  // Words repeat across labels, options and graphs: each is transliterated and stemmed once.
  if (keyMemo.size > KEY_MEMO_LIMIT) keyMemo.clear();
  const memo = keyMemo;
  const candidates: Candidate[] = [];
  const byMenu = new Map<string, number[]>();
  const incoming = new Map<string, number>();
  const reserved = new Set<string>();
  const texts = new Set<string>();
  const reserve = (text: string) => {
    for (const token of tokenize(text)) reserved.add(keyOf(token.text, token.script));
  };
  for (const words of Object.values(graph.commands)) for (const word of words) reserve(word);
  for (const language of graph.languages) reserve(language.name);
  for (const [menu, node] of Object.entries(graph.nodes)) {
    if (node.kind !== 'menu') continue;
    for (const option of node.options) {
      // Language switches are not services: "मराठी" typed anywhere stays with the command words.
      if (option.language !== undefined) {
        for (const label of Object.values(option.label)) reserve(label);
        for (const word of option.words) reserve(word);
        continue;
      }
      const entries: Entry[] = [];
      for (const text of [...Object.values(option.label), ...option.words]) for (const token of tokenize(text)) texts.add(token.text);
      for (const [lang, label] of Object.entries(option.label)) {
        for (const text of labelParts(label)) {
          // A part of a label that is a command word ("Police (Home)") is not the option's name:
          // "home bakery" is no police matter.
          if (text !== label && reserved.has(keyOf(normalize(text), isDevanagari(text) ? 'deva' : 'latin'))) continue;
          const slots = slotsOf(text, memo);
          if (slots.length > 0) entries.push({ text, field: 'label', lang, slots });
        }
      }
      for (const word of option.words) {
        const slots = slotsOf(word, memo);
        if (slots.length > 0) entries.push({ text: word, field: 'word', slots });
      }
      for (const [lang, description] of Object.entries(option.description ?? {})) {
        const slots = slotsOf(description, memo);
        if (slots.length > 0) entries.push({ text: description, field: 'description', lang, slots });
      }
      const index = candidates.length;
      candidates.push({ index, menu, option, ancestors: [], entries });
      const list = byMenu.get(menu);
      if (list === undefined) byMenu.set(menu, [index]);
      else list.push(index);
      // The option the graph's breadth-first walk took into a node (its `parent` menu's option).
      const target = graph.nodes[option.target];
      if (target?.parent === menu && !incoming.has(option.target)) incoming.set(option.target, index);
    }
  }
  for (const candidate of candidates) {
    const ancestors: number[] = [];
    const seen = new Set<string>();
    let menu: string | undefined = candidate.menu;
    while (menu !== undefined && !seen.has(menu)) {
      seen.add(menu);
      const via = incoming.get(menu);
      if (via === undefined) break;
      ancestors.push(via);
      menu = candidates[via]?.menu;
    }
    (candidate as { ancestors: readonly number[] }).ancestors = ancestors;
  }

  const postings = new Map<string, Posting[]>();
  const languages = new Map<string, Set<string>>();
  const written = new Set<string>();
  const pairs = new Set<string>();
  for (const candidate of candidates) {
    candidate.entries.forEach((entry, e) => {
      entry.slots.forEach((keys, s) => {
        for (const { key: left } of entry.slots[s - 1] ?? []) for (const { key: right } of keys) pairs.add(`${left} ${right}`);
        for (const { key, derived } of keys) {
          if (!derived) written.add(key);
          const list = postings.get(key);
          const posting = { candidate: candidate.index, entry: e, slot: s, derived };
          if (list === undefined) postings.set(key, [posting]);
          else list.push(posting);
          if (entry.lang !== undefined) {
            const set = languages.get(key) ?? new Set<string>();
            set.add(entry.lang);
            languages.set(key, set);
          }
        }
      });
    });
  }

  // Document frequency: candidates carrying a key, not counting an option whose descendant also
  // carries it (a word copied onto the menus above a service names that one service).
  const idf = new Map<string, number>();
  const n = candidates.length;
  for (const [key, list] of postings) {
    const holders = new Set(list.map((p) => p.candidate));
    const covered = new Set<number>();
    for (const holder of holders) for (const ancestor of candidates[holder]?.ancestors ?? []) covered.add(ancestor);
    let df = 0;
    for (const holder of holders) if (!covered.has(holder)) df += 1;
    idf.set(key, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  // Scaled so that a word only one option carries weighs 1, whatever the size of the bot.
  const top = Math.log(1 + (n - 0.5) / 1.5);
  if (top > 0) for (const [key, weight] of idf) idf.set(key, weight / top);

  const deletions = new Map<string, string[]>();
  for (const key of postings.keys()) {
    // deletionsOf gives each deleted form once per key, so a key is never listed twice.
    for (const deleted of deletionsOf(key)) {
      const list = deletions.get(deleted);
      if (list === undefined) deletions.set(deleted, [key]);
      else list.push(key);
    }
  }
  for (const key of written) reserved.delete(key);
  const skeletons = new Map<string, string[]>();
  for (const [key, langs] of languages) {
    if (!langs.has('en') || !/^[a-z]/.test(key)) continue;
    const skeleton = consonantSkeleton(key);
    if (skeleton.length < 4) continue;
    const list = skeletons.get(skeleton);
    if (list === undefined) skeletons.set(skeleton, [key]);
    else list.push(key);
  }
  const sounds = new Map<string, string[]>();
  const frames = new Map<string, { frame: string; key: string }[]>();
  const addTo = (map: Map<string, string[]>, at: string, key: string) => {
    const list = map.get(at);
    if (list === undefined) map.set(at, [key]);
    else if (!list.includes(key)) list.push(key);
  };
  for (const candidate of candidates) {
    for (const entry of candidate.entries) {
      if ((entry.lang !== undefined && entry.lang !== 'en') || entry.field === 'description') continue;
      for (const match of entry.text.matchAll(/[A-Za-z]+/g)) {
        const word = match[0];
        const key = latinKey(word);
        if (!postings.has(key) || word.length < 3) continue;
        const acronym = word.length <= 7 && word === word.toUpperCase();
        if (!acronym) {
          const frame = vowelFrame(word, false);
          const at = frameKey(frame);
          const list = frames.get(at) ?? [];
          if (frameConsonants(frame) >= 3 && !list.some((f) => f.key === key)) frames.set(at, [...list, { frame, key }]);
        }
        for (const sound of acronym ? [englishSound(word, true), englishSound(word, false)] : [englishSound(word, false)]) {
          const soundKey = latinKey(sound);
          // Two letters ending in a vowel are enough for a word of three or more (`new` → `nu`,
          // न्यू); `GRs` → `gr` is too short (घर, house).
          const enough = soundKey.length >= 3 || (soundKey.length === 2 && /[aeiou]$/.test(soundKey));
          if (enough && soundKey !== key) addTo(sounds, soundKey, key);
          const skeleton = consonantSkeleton(soundKey);
          if (skeleton.length >= 4) addTo(skeletons, skeleton, key);
        }
      }
    }
  }
  return { candidates, postings, idf, deletions, languages, byMenu, reserved, written, pairs, skeletons, sounds, frames, texts };
}

/**
 * How many edits a key tolerates, by its length: 2 from 8 letters; 1 from 5 (a Latin key has lost
 * its a's: `list` and `light` are 4-letter keys one edit apart; a Devanagari key of 4 code points
 * is two syllables, `आइचे` (the mother's) one edit from `आजचे` (today's)).
 */
export function keyAllowance(key: string): number {
  if (key.length >= 8) return 2;
  if (key.length >= 5) return 1;
  return 0;
}

/** The key with one letter deleted, each way (and two for long keys). */
function deletionsOf(key: string): string[] {
  const max = keyAllowance(key);
  if (max === 0) return [];
  const out = new Set<string>();
  let frontier = [key];
  for (let d = 0; d < max; d += 1) {
    const next: string[] = [];
    for (const word of frontier) {
      for (let i = 0; i < word.length; i += 1) {
        const deleted = word.slice(0, i) + word.slice(i + 1);
        if (!out.has(deleted)) {
          out.add(deleted);
          next.push(deleted);
        }
      }
    }
    frontier = next;
  }
  return [...out];
}

/**
 * Keys within the typo allowance of `key` (not `key` itself), with their distance — and with its
 * first letter: citizens misspell inside a word, rarely its first sound (which the loose keys
 * already fold: z/j, w/v, c/k/s), and a different first letter is usually another word
 * ("station" is not "ration", "nation" neither).
 */
export function nearKeys(index: WordIndex, key: string): { key: string; distance: number }[] {
  const max = keyAllowance(key);
  if (max === 0) return [];
  const found = new Map<string, number>();
  const consider = (candidate: string) => {
    if (candidate === key || found.has(candidate) || firstSound(candidate) !== firstSound(key)) return;
    const distance = editDistance(key, candidate, max);
    if (distance <= max) found.set(candidate, distance);
  };
  for (const candidate of index.deletions.get(key) ?? []) consider(candidate);
  for (const deleted of deletionsOf(key)) {
    if (index.postings.has(deleted)) consider(deleted);
    for (const candidate of index.deletions.get(deleted) ?? []) consider(candidate);
  }
  return [...found].map(([k, distance]) => ({ key: k, distance }));
}

/** A key's first letter, with the Devanagari vowels अ and आ as one (अधार = आधार). */
function firstSound(key: string): string {
  const first = key.charAt(0);
  return first === 'आ' ? 'अ' : first;
}
