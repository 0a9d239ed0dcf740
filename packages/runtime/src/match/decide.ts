/**
 * From a ranking to a decision: route to the best candidate when it is clearly ahead; show the
 * menu when the close ones are options of one menu ("dakhla" → the Revenue menu); ask "Did you
 * mean…?" when close ones lie apart, or the best is weak. A wrong service is worse than a question.
 */
import { isComplaint, isDepartmentWord, isNegation, kindOfToken, kindsOfLabels, labelOnlyKinds, purposeWords, unknownOfKind, unknownWord } from './kinds.js';
import type { Kind } from './kinds.js';
import { withinBranch } from './branch.js';
import type { RankedToken, Ranking, Scored } from './rank.js';
import type { WordIndex } from './word-index.js';

/** What to do with a message that no choice on screen took. */
export type Decision =
  | { readonly kind: 'option'; readonly candidate: number }
  | { readonly kind: 'menu'; readonly menu: string }
  | { readonly kind: 'ask'; readonly candidates: readonly number[] }
  /** `reason`: why a message that reached words of the bot offers nothing (a complaint, a kind the bot does not offer…). */
  | { readonly kind: 'none'; readonly reason?: string };

/** A runner-up within this share of the best score makes the message ambiguous. */
export const CLOSE = 0.8;
/**
 * A rival within this share that explains a word the best leaves unexplained splits the evidence
 * ("jat vaidhta": caste for "jat", caste validity for both): ask rather than guess.
 */
export const SPLIT = 0.7;
/**
 * A rival this far behind still makes a question when the word it explains apart is one the best
 * candidate leaves out and weighs as a service's own word (≥ `NAMES`): "passport … police
 * verification" names the passport, which the police certificate does not explain; "pm kisan
 * yojana" names a scheme, which the farmer certificate is not.
 */
export const FAR = 0.4;
/** A word weighing this much names one service (or the options leading to it). */
export const NAMES = 0.8;
/**
 * A word splits the evidence only if it weighs this much (a word of one or two services, matched
 * whole): "certificate" or "dakhla", on many options, says too little to make a question.
 */
export const TELLING = 0.7;
/** A rival this close is a tie, whatever words it explains. */
export const TIE = 0.98;
/** Below this score (about half of one rare word matched whole) the best candidate is too weak to route to. */
export const WEAK = 0.47;
/** Below this score nothing is offered at all: a stray common word is not a request. */
export const FLOOR = 0.24;
/** At most this many services in a "Did you mean…?" question. */
export const ASK_AT_MOST = 3;

/** True when one candidate lies on the other's path (an option leading to it, or one it leads to). */
export function samePath(index: WordIndex, a: number, b: number): boolean {
  return (index.candidates[a]?.ancestors.includes(b) ?? false) || (index.candidates[b]?.ancestors.includes(a) ?? false);
}

/** On one path, a deeper option whose own score reaches this share of the best own score is preferred. */
export const SPECIFIC = 0.9;

/** The decision for a ranking. */
export function decide(index: WordIndex, all: Ranking): Decision {
  const ranking = withinBranch(index, all);
  const decision = decideScores(index, ranking);
  // A complaint ("meter kharab hai", "वीज बिल जास्त आले", "police complaint") is no request for a
  // service: the welcome menu.
  if (decision.kind !== 'none' && ranking.tokens.some(isComplaint)) return { kind: 'none', reason: 'a complaint, not a request' };
  if (decision.kind === 'ask' && (ranking.scored[0]?.total ?? 0) < WEAK) {
    // A weak guess is no question when the message says something else: a negation ("मोबाइल
    // रिचार्ज नहीं हुआ") or as many words the bot does not know as words it does ("aaj office
    // band hai kya": only "aaj" is the bot's, in "today's GRs").
    const content = ranking.tokens.filter((t) => t.stop === undefined);
    const unknown = content.filter((t) => t.hits.length === 0).length;
    if (ranking.tokens.some(isNegation)) return { kind: 'none', reason: 'a weak guess with a negation' };
    if (unknown >= content.length - unknown) return { kind: 'none', reason: 'a weak guess, as many unknown words as known ones' };
  }
  if (decision.kind === 'none') return decision;
  // A thing of a kind the bot has no word for ("birth certificate", "rashan card", "driving
  // licence"), and no other word of the message that names a service in a label: not one of the
  // bot's things of that kind, nor a question about them. A word of `words:` only ("हरवले", lost)
  // says what to do with the thing, not which thing it is ("मतदान कार्ड हरवले" is the voter card).
  if (kindFree(index, ranking)) return { kind: 'none', reason: 'a kind of thing (certificate, card…) named by a word the bot does not know' };
  if (decision.kind === 'ask') return decision;
  const department = departmentAsked(index, ranking, decision);
  if (department !== undefined) return department;
  // A negation with only a department's words reports a problem ("bijli nahi hai subah se": a
  // power cut), which no service is: the welcome menu, not the department's list.
  const menu = decision.kind === 'menu' ? decision.menu : index.candidates[decision.candidate]?.option.target;
  if (menu !== undefined && index.byMenu.has(menu) && ranking.tokens.some(isNegation)) return { kind: 'none', reason: "a negation with a department's words" };
  // So does a negation with a word the bot does not know ("pm kisan ka paisa nahi aaya": the
  // money did not come), whatever service the other words name.
  if (ranking.tokens.some(isNegation) && ranking.tokens.some((t) => unknownWord(index, t))) return { kind: 'none', reason: 'a negation with a word the bot does not know' };
  // The rest reads kind words: most messages have none.
  if (!ranking.tokens.some((t) => kindOfToken(t) !== undefined)) return decision;
  const chosen = decision.kind === 'option' ? ranking.scored.find((s) => s.candidate === decision.candidate) : undefined;
  // Nor one whose naming word the route does not explain, when the route rests on kind words and
  // common ones only ("marriage certificate", "school leaving certificate": the Revenue
  // certificates hold no "marriage" or "leaving"; "income certificate" is the income certificate's).
  const words = routeWords(index, ranking, decision);
  const unexplained = [...ranking.tokens.keys()].some((p) => {
    const before = ranking.tokens[p - 1];
    const token = ranking.tokens[p];
    return (
      before !== undefined && token !== undefined && kindOfToken(token) !== undefined && before.stop === undefined &&
      kindOfToken(before) === undefined && !words.has(p - 1)
    );
  });
  const rests = [...words].every((p) => {
    const t = ranking.tokens[p];
    return t === undefined || kindOfToken(t) !== undefined || wordWeight(index, t) < TELLING;
  });
  if (unexplained && rests) return { kind: 'none', reason: 'a kind of thing named by a word the route does not explain' };
  if (chosen === undefined) return decision;
  return kindCheck(index, ranking, chosen.candidate) ?? decision;
}

/**
 * True when the message names a thing of some kind by a word the bot does not know ("gas
 * connection") and no other word of it tells a service (weight ≥ TELLING): a word of a label
 * anywhere ("पासपोर्टसाठी जन्म दाखला"), or a word of `words:` before that thing ("इनकम प्रूफ
 * सर्टिफिकेट", "free ilaj card"). After it, a word only `words:` hold says what happened to the
 * thing ("मतदान कार्ड हरवले", "sim card lost"), not which thing it is.
 */
function kindFree(index: WordIndex, ranking: Ranking): boolean {
  if (!ranking.tokens.some((t) => kindOfToken(t) !== undefined)) return false;
  const kinds = unknownOfKind(index, ranking.tokens);
  if (kinds.size === 0) return false;
  // The unknown word before the last such kind word: words of `words:` before it may name the thing.
  const named = Math.max(...kinds) - 1;
  const asked = new Set([...kinds].map((p) => kindOfToken(ranking.tokens[p] as RankedToken)));
  return !ranking.tokens.some((t, q) => {
    if (kindOfToken(t) !== undefined || unknownWord(index, t)) return false;
    if (labelWeight(index, t) >= TELLING || (q < named && wordWeight(index, t) >= TELLING)) return true;
    // After it, only a word of a service whose labels name a thing of that kind ("… योजना की
    // पेंशन": a scheme's word; "हरवले" is PAN correction's, whose labels name no card).
    if (wordWeight(index, t) < TELLING) return false;
    return t.hits.some((hit) =>
      (index.postings.get(hit.key) ?? []).some((p) => [...labelOnlyKinds(index, p.candidate)].some((k) => asked.has(k))),
    );
  });
}

/**
 * A message that names a department as such ("समाज कल्याण विभाग जिल्हा परिषद जालना", a poster's
 * heading) asks for its menu: the option leading to the chosen service's menu, when that option
 * matched whole and no label of the service itself matched whole (its `words:` may hold the
 * department's other words: "जिल्हा परिषद" on the schemes).
 */
function departmentAsked(index: WordIndex, ranking: Ranking, decision: Decision): Decision | undefined {
  if (decision.kind !== 'option' || !ranking.tokens.some(isDepartmentWord)) return undefined;
  const candidate = index.candidates[decision.candidate];
  if (candidate === undefined || index.byMenu.has(candidate.option.target)) return undefined;
  const via = candidate.ancestors[0];
  const chosen = ranking.scored.find((s) => s.candidate === decision.candidate);
  const above = ranking.scored.find((s) => s.candidate === via);
  if (via === undefined || chosen === undefined || above === undefined || !above.whole || chosen.named.size > 0) return undefined;
  // Only the department's own option, not one of the start menu's (which copies every word below).
  if ((index.candidates[via]?.ancestors.length ?? 0) === 0) return undefined;
  return { kind: 'option', candidate: via };
}

/**
 * The message words a route explains: the chosen option's own words and those of the options on
 * its path, but not the start menu's option (it carries every word below it); for a menu, the
 * words of its options and of the path to it.
 */
function routeWords(index: WordIndex, ranking: Ranking, decision: Decision): Set<number> {
  const out = new Set<number>();
  const byCandidate = new Map(ranking.scored.map((s) => [s.candidate, s]));
  const own = (candidate: number) => {
    for (const p of byCandidate.get(candidate)?.mine ?? []) out.add(p);
  };
  const path = (candidate: number) => {
    own(candidate);
    const ancestors = index.candidates[candidate]?.ancestors ?? [];
    for (const a of ancestors.slice(0, -1)) own(a);
  };
  if (decision.kind === 'option') path(decision.candidate);
  else if (decision.kind === 'menu') {
    for (const c of index.byMenu.get(decision.menu) ?? []) own(c);
    const via = index.candidates.find((c) => c.option.target === decision.menu);
    if (via !== undefined) path(via.index);
  }
  return out;
}

/**
 * A request for another kind of thing than the chosen option offers — "pm kisan yojana" names a
 * scheme, the farmer certificate is a certificate — asks between it and the options that explain
 * the kind word, or offers nothing when none does. Only when the message's kind words and the
 * option's labels' kinds have none in common ("udyam registration certificate" is the Udyam
 * registration).
 */
function kindCheck(index: WordIndex, ranking: Ranking, candidate: number): Decision | undefined {
  // A department's menu holds things of several kinds: only a service says which kind it is.
  const target = index.candidates[candidate]?.option.target;
  if (target !== undefined && index.byMenu.has(target)) return undefined;
  const labelled = kindsOfLabels(index, candidate);
  if (labelled.size === 0) return undefined;
  const asked = new Map<number, Kind>();
  ranking.tokens.forEach((token, p) => {
    const kind = kindOfToken(token);
    if (kind !== undefined) asked.set(p, kind);
  });
  if (asked.size === 0 || [...asked.values()].some((k) => labelled.has(k))) return undefined;
  const chosen = ranking.scored.find((s) => s.candidate === candidate);
  const others = ranking.scored.filter(
    (s) => s.candidate !== candidate && !samePath(index, s.candidate, candidate) && s.whole && [...asked.keys()].some((p) => s.mine.has(p) && !chosen?.mine.has(p)),
  );
  const kept: Scored[] = [];
  for (const s of others) if (!kept.some((k) => samePath(index, k.candidate, s.candidate))) kept.push(s);
  if (kept.length === 0) return { kind: 'none', reason: 'another kind of thing than the service offers' };
  return { kind: 'ask', candidates: [candidate, ...kept.map((s) => s.candidate)].slice(0, ASK_AT_MOST) };
}

/** The decision by scores alone. */
function decideScores(index: WordIndex, ranking: Ranking): Decision {
  const top = ranking.scored[0];
  if (top === undefined || top.total < FLOOR) return { kind: 'none' };
  const best = dominant(index, ranking, onScreenFirst(index, ranking.scored, top));
  const chosen = onPath(index, ranking.scored, best);
  const rivals = distinctRivals(index, ranking.scored, best, chosen);
  // What the request is for is no rival to what is requested, when a label of several words names
  // that ("income certificate … for scholarship").
  const purpose = purposeWords(ranking.tokens);
  const requested = [...best.phrase].some((p) => !purpose.has(p)) || [...chosen.phrase].some((p) => !purpose.has(p));
  // A rival is close when it ties, or scores well enough and explains a word the best does not —
  // by its own words or those of its path below the options they share (every word is on the
  // welcome menu's "Jalna Mitra": that says nothing about which service). A rival whose telling
  // words the best explains, and more, is never close.
  const close = rivals.filter((s) => {
    if (s.total < best.total * FAR || dominates(index, ranking, best, s)) return false;
    // Off screen, a rival that explains no word the option on screen leaves out is no question.
    if (best.onScreen && !s.onScreen && [...s.explains].every((p) => best.explains.has(p))) return false;
    if (s.total >= best.total * TIE) return true;
    const theirs = explainsApart(index, ranking.scored, s, best);
    const ours = explainsApart(index, ranking.scored, best, s);
    const near = s.total >= best.total * SPLIT;
    return [...theirs].some(([p, w]) => !ours.has(p) && !(requested && purpose.has(p)) && (near ? w >= TELLING : w >= NAMES && s.named.has(p)));
  });
  if (close.length === 0) {
    if (best.total >= WEAK && chosen.whole) return { kind: 'option', candidate: chosen.candidate };
    return { kind: 'ask', candidates: [chosen, ...rivals].slice(0, ASK_AT_MOST).map((s) => s.candidate) };
  }
  const picks = [chosen, ...close.map((s) => onPath(index, ranking.scored, s))];
  const menu = index.candidates[chosen.candidate]?.menu;
  if (best.total >= WEAK && menu !== undefined && picks.every((s) => index.candidates[s.candidate]?.menu === menu)) {
    const telling = picks.filter((s) => s.whole && beyondParent(index, ranking.scored, s));
    // Two of them each named by a label word no other explains: two services asked for at once
    // ("passport … police verification"): their menu, not one of them.
    const named = picks.filter((s) => namedApart(s, picks));
    if (telling.length === 1 && named.length < 2 && telling[0] !== undefined) return { kind: 'option', candidate: telling[0].candidate };
    // One of them holds a word of its own labels that no other explains, the others by `words:`
    // only: what a label names is asked for; the rest says what about it ("आधार कार्ड … गलत": the
    // Aadhaar update, whose label says "आधार", though "गलत", wrong, is among PAN correction's words).
    const labelled = picks.filter((s) => s.whole && [...s.mine].some((p) => inLabel(index, s.candidate, ranking.tokens[p]) && picks.every((o) => o === s || !o.mine.has(p))));
    const first = labelled[0];
    if (labelled.length === 1 && first !== undefined && named.length === 0) return { kind: 'option', candidate: first.candidate };
    return { kind: 'menu', menu };
  }
  return { kind: 'ask', candidates: picks.slice(0, ASK_AT_MOST).map((s) => s.candidate) };
}

/**
 * The option to take on the best candidate's path (the options leading to it and from it): the
 * deepest one that matched one of its own labels or words whole and explains every word the best
 * explains — "उत्पन्न" is on the welcome menu, the Revenue menu and the income certificate alike,
 * and means the certificate; "health" is the Health menu, not the ABHA card whose words say
 * "health id". A phrase an option above matched whole keeps its words ("jalna mitra" is not "मीटर").
 */
function onPath(index: WordIndex, scored: readonly Scored[], best: Scored): Scored {
  const path = scored.filter((s) => s === best || samePath(index, s.candidate, best.candidate));
  let chosen: Scored | undefined;
  let depth = -1;
  for (const s of path) {
    if (!s.whole || [...best.explains].some((p) => !s.explains.has(p))) continue;
    const ancestors = index.candidates[s.candidate]?.ancestors ?? [];
    const taken = path.some(
      (a) => ancestors.includes(a.candidate) && a.phrase.size > 0 && [...s.mine].every((p) => a.phrase.has(p) && !s.phrase.has(p)),
    );
    if (taken) continue;
    const d = ancestors.length;
    if (d > depth) {
      chosen = s;
      depth = d;
    }
  }
  return chosen ?? best;
}

/** True when one of the candidate's label words (weight ≥ NAMES) is explained by none of the others' own words. */
function namedApart(s: Scored, picks: readonly Scored[]): boolean {
  return [...s.named].some((p) => (s.weights.get(p) ?? 0) >= NAMES && picks.every((o) => o === s || !o.mine.has(p)));
}

/** An option's word tells it apart when it weighs clearly more than on the option above (a description counts half). */
const BEYOND = 1.2;

/**
 * True when an option's own words explain a message word that the option leading to its menu does
 * not: among close options of one menu, only that says which one is meant. "pan card … galat"
 * → PAN correction, whose "galat" is its own, not New PAN card, whose "pan card" the Income Tax
 * option carries too.
 */
function beyondParent(index: WordIndex, scored: readonly Scored[], s: Scored): boolean {
  const parent = index.candidates[s.candidate]?.ancestors[0];
  const theirs = parent === undefined ? undefined : scored.find((p) => p.candidate === parent);
  return [...s.weights].some(([p, w]) => w > (theirs?.weights.get(p) ?? 0) * BEYOND);
}

/**
 * The message words a candidate explains by its own words and those of the options on its path
 * that are not on the other's path.
 */
function explainsApart(index: WordIndex, scored: readonly Scored[], s: Scored, other: Scored): Map<number, number> {
  const out = new Map(s.weights);
  const shared = new Set(index.candidates[other.candidate]?.ancestors ?? []);
  shared.add(other.candidate);
  for (const ancestor of index.candidates[s.candidate]?.ancestors ?? []) {
    if (shared.has(ancestor)) continue;
    const theirs = scored.find((a) => a.candidate === ancestor);
    for (const [p, w] of theirs?.weights ?? []) out.set(p, Math.max(w, out.get(p) ?? 0));
  }
  return out;
}

/** Candidates not on the path of the best (or of the chosen one), nor on each other's, nor leading to the same node. */
function distinctRivals(index: WordIndex, scored: readonly Scored[], best: Scored, chosen: Scored): Scored[] {
  const kept: Scored[] = [best, chosen];
  const rivals: Scored[] = [];
  for (const s of scored) {
    if (s === best || s === chosen) continue;
    const target = index.candidates[s.candidate]?.option.target;
    const clash = kept.some(
      (k) =>
        samePath(index, k.candidate, s.candidate) ||
        (index.candidates[k.candidate]?.option.target === target && index.candidates[k.candidate]?.option.set === undefined),
    );
    if (!clash) {
      kept.push(s);
      rivals.push(s);
    }
  }
  return rivals;
}

/** How much a message word says on its own: the weight of the rarest key it reached. */
function wordWeight(index: WordIndex, token: RankedToken | undefined): number {
  let most = 0;
  for (const hit of token?.hits ?? []) most = Math.max(most, (index.idf.get(hit.key) ?? 0) * hit.quality);
  return most;
}

/** True when the message word reaches a key of one of the candidate's own labels. */
function inLabel(index: WordIndex, candidate: number, token: RankedToken | undefined): boolean {
  return (token?.hits ?? []).some((hit) =>
    (index.postings.get(hit.key) ?? []).some((p) => p.candidate === candidate && index.candidates[candidate]?.entries[p.entry]?.field === 'label'),
  );
}

/** How much a message word says as a word of some label (not `words:`, not a description): the weight of the rarest such key. */
function labelWeight(index: WordIndex, token: RankedToken): number {
  let most = 0;
  for (const hit of token.hits) {
    const w = (index.idf.get(hit.key) ?? 0) * hit.quality;
    if (w <= most) continue;
    if ((index.postings.get(hit.key) ?? []).some((p) => index.candidates[p.candidate]?.entries[p.entry]?.field === 'label')) most = w;
  }
  return most;
}

/** The telling message words (weight ≥ TELLING) a candidate explains apart from another. */
function tellingApart(index: WordIndex, ranking: Ranking, s: Scored, other: Scored): Set<number> {
  const out = new Set<number>();
  for (const p of explainsApart(index, ranking.scored, s, other).keys()) {
    if (wordWeight(index, ranking.tokens[p]) >= TELLING) out.add(p);
  }
  return out;
}

/**
 * True when `a` explains every telling word `b` explains, and more: "जाति वैधता प्रमाण पत्र" is
 * caste validity, whose phrase holds "वैधता" too, not the caste certificate, whose phrase
 * "जाति प्रमाण पत्र" scores more on the common words "प्रमाण पत्र".
 */
function dominates(index: WordIndex, ranking: Ranking, a: Scored, b: Scored): boolean {
  if (samePath(index, a.candidate, b.candidate)) return false;
  const ours = tellingApart(index, ranking, a, b);
  const theirs = tellingApart(index, ranking, b, a);
  return ours.size > theirs.size && [...theirs].every((p) => ours.has(p));
}

/** The best candidate, or a close one (≥ SPLIT of it) that explains its telling words and more. */
function dominant(index: WordIndex, ranking: Ranking, top: Scored): Scored {
  for (const s of ranking.scored) {
    if (s.total < top.total * SPLIT) break;
    if (s !== top && s.whole && dominates(index, ranking, s, top)) return s;
  }
  return top;
}

/**
 * The options on screen come first: one that matched whole and holds every word the best explains
 * is the answer to the menu, unless the best lies below it (then the best is the more specific).
 * "arogya" at the GR department list is Public Health's GRs, not the Health services, whose word
 * the welcome menu's "Jalna Mitra" carries too.
 */
function onScreenFirst(index: WordIndex, scored: readonly Scored[], best: Scored): Scored {
  if (best.onScreen) return best;
  for (const s of scored) {
    if (!s.onScreen || !s.whole || samePath(index, s.candidate, best.candidate)) continue;
    if ([...best.explains].every((p) => s.mine.has(p))) return s;
  }
  return best;
}

