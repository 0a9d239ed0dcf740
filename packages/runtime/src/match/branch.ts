/**
 * Branches of a bot: the options of its start menu and everything below each ("Jalna Mitra" and
 * its departments; "GR" and its listings). A message that names one branch by a word of that
 * start option's own that nothing in another branch holds ("aarogya vibhag GR": "GR") asks within
 * that branch; a choice that only filters a listing (a department of the GR listing) means
 * something off its menu only when the message names its branch ("सार्वजनिक आरोग्य विभाग" is the
 * Health department, not Public Health's GRs). About the bot's index only, never its content.
 */
import type { RankedToken, Ranking, Scored } from './rank.js';
import type { WordIndex } from './word-index.js';

/** The start-menu option a candidate lies below (itself for a start-menu option). */
export function branchOf(index: WordIndex, candidate: number): number {
  const ancestors = index.candidates[candidate]?.ancestors ?? [];
  return ancestors.length > 0 ? (ancestors[ancestors.length - 1] as number) : candidate;
}

/** True when the message word reaches a key of one of the candidate's own labels. */
function inOwnLabel(index: WordIndex, candidate: number, token: RankedToken): boolean {
  return token.hits.some((hit) =>
    (index.postings.get(hit.key) ?? []).some((p) => p.candidate === candidate && index.candidates[candidate]?.entries[p.entry]?.field === 'label'),
  );
}

/** True when, of its branch, only the start option itself holds the message word. */
function onlyAtTop(index: WordIndex, top: number, token: RankedToken): boolean {
  return token.hits.every((hit) =>
    (index.postings.get(hit.key) ?? []).every(
      (p) => p.candidate === top || index.candidates[p.candidate]?.entries[p.entry]?.field === 'description' || branchOf(index, p.candidate) !== top,
    ),
  );
}

/** Per index, per key (prefixed `a:` when only what an author wrote counts): its one branch, or -1. */
const keyBranches = new WeakMap<WordIndex, Map<string, number>>();

/** The one branch whose labels and `words:` hold the key (-1 for none or several), once per index and key. */
function keyBranch(index: WordIndex, key: string, authored: boolean): number {
  let memo = keyBranches.get(index);
  if (memo === undefined) {
    memo = new Map();
    keyBranches.set(index, memo);
  }
  const slot = authored ? `a:${key}` : key;
  const known = memo.get(slot);
  if (known !== undefined) return known;
  let only = -1;
  for (const posting of index.postings.get(key) ?? []) {
    if ((authored && posting.derived) || index.candidates[posting.candidate]?.entries[posting.entry]?.field === 'description') continue;
    const branch = branchOf(index, posting.candidate);
    if (only !== -1 && only !== branch) {
      only = -2;
      break;
    }
    only = branch;
  }
  const out = only < 0 ? -1 : only;
  memo.set(slot, out);
  return out;
}

/** The one branch whose labels and `words:` alone hold the message word, if one does. */
function onlyBranch(index: WordIndex, token: RankedToken): number | undefined {
  if (token.hits.length === 0) return undefined;
  // A short Latin spelling an author wrote is not the transliteration that looks the same
  // (gr ≠ गृह), as in the ranking.
  const authored = token.script === 'latin' && token.key.length <= 2 && index.written.has(token.key);
  let only: number | undefined;
  for (const hit of token.hits) {
    const branch = keyBranch(index, hit.key, authored);
    if (branch === -1 || (only !== undefined && only !== branch)) return undefined;
    only = branch;
  }
  return only;
}

/**
 * The branches the message names: start-menu options whose own label (or `words:` nothing below
 * holds) holds a message word that no label or `words:` entry of another branch holds. None when another message word belongs to
 * another branch alone ("pm kisan yojana": "kisan" is the farmer certificate's, below another
 * start option than the schemes' "yojana").
 */
export function namedBranches(index: WordIndex, ranking: Ranking): Set<number> {
  const out = new Set<number>();
  const owners = new Set<number>();
  ranking.tokens.forEach((token) => {
    const branch = onlyBranch(index, token);
    if (branch !== undefined) owners.add(branch);
  });
  if (owners.size !== 1) return out;
  for (const s of ranking.scored) {
    const c = index.candidates[s.candidate];
    if (c === undefined || c.ancestors.length > 0 || !s.whole || !owners.has(s.candidate)) continue;
    for (const p of s.mine) {
      const token = ranking.tokens[p];
      // A key of two letters names a branch only as an author wrote it ("gr", not "ghar").
      if (token === undefined || (token.key.length <= 2 && !index.texts.has(token.text))) continue;
      // The branch's name: a word of the start option's label ("Govt Resolutions (GR)"), or of its
      // `words:` that no option below it holds ("जीआर") — not a copy of a word below it ("kisan"
      // does not name "Jalna Mitra", the farmer certificate's word does).
      if (onlyBranch(index, token) === s.candidate && (inOwnLabel(index, s.candidate, token) || onlyAtTop(index, s.candidate, token))) {
        out.add(s.candidate);
        break;
      }
    }
  }
  return out;
}

/**
 * The ranking the decision reads: listing filters off screen only in a named branch, and only
 * the candidates of the one branch the message names, when it names one and something there scores.
 */
export function withinBranch(index: WordIndex, ranking: Ranking): Ranking {
  const hasFilter = ranking.scored.some((s) => !s.onScreen && index.candidates[s.candidate]?.option.set !== undefined);
  const named = namedBranches(index, ranking);
  if (!hasFilter && named.size !== 1) return ranking;
  const keep = (s: Scored): boolean =>
    s.onScreen || index.candidates[s.candidate]?.option.set === undefined || named.has(branchOf(index, s.candidate));
  let scored = ranking.scored.filter(keep);
  if (named.size === 1) {
    const inside = scored.filter((s) => s.onScreen || named.has(branchOf(index, s.candidate)));
    if (inside.length > 0) scored = inside;
  }
  return scored.length === ranking.scored.length ? ranking : { tokens: ranking.tokens, scored };
}
