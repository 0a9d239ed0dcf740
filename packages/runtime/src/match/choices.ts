/**
 * Matching a citizen's message against the choices on screen, in order: reply id, number
 * (any Indic digit set), label (any language), synonym, global command word, then a small typo
 * tolerance against labels and synonyms when exactly one choice is close.
 */
import { codePoints, editDistance, typoAllowance } from './distance.js';
import { normalize, parseNumber } from './normalize.js';

/** How an input was matched (reported to analytics). `word`: a label or synonym of an option elsewhere in the bot. */
export type MatchedBy = 'reply' | 'number' | 'label' | 'synonym' | 'typo' | 'word' | 'command' | 'none';

/** One choice on screen, with everything a citizen might type to pick it. */
export interface Choice<A> {
  readonly id: string;
  readonly number: number;
  /** Labels in every language, as written. */
  readonly labels: readonly string[];
  /** Synonyms, as written. */
  readonly words: readonly string[];
  readonly action: A;
}

/** Choices prepared for fast lookups: build once per menu, match many times. */
export interface ChoiceIndex<A> {
  readonly choices: readonly Choice<A>[];
  readonly byId: ReadonlyMap<string, Choice<A>>;
  readonly byNumber: ReadonlyMap<number, Choice<A>>;
  readonly byLabel: ReadonlyMap<string, Choice<A>>;
  readonly byWord: ReadonlyMap<string, Choice<A>>;
  /** The length (code points) of the longest normalised label or synonym: longer input cannot be a typo of one. */
  readonly longest: number;
}

/** Builds the lookup tables; on a clash the earlier choice wins. */
export function indexChoices<A>(choices: readonly Choice<A>[]): ChoiceIndex<A> {
  const byId = new Map<string, Choice<A>>();
  const byNumber = new Map<number, Choice<A>>();
  const byLabel = new Map<string, Choice<A>>();
  const byWord = new Map<string, Choice<A>>();
  const add = <K>(map: Map<K, Choice<A>>, key: K, choice: Choice<A>) => {
    if (!map.has(key)) map.set(key, choice);
  };
  for (const choice of choices) {
    add(byId, choice.id, choice);
    add(byNumber, choice.number, choice);
    for (const label of choice.labels) add(byLabel, normalize(label), choice);
    for (const word of choice.words) add(byWord, normalize(word), choice);
  }
  let longest = 0;
  for (const key of byLabel.keys()) longest = Math.max(longest, codePoints(key));
  for (const key of byWord.keys()) longest = Math.max(longest, codePoints(key));
  return { choices, byId, byNumber, byLabel, byWord, longest };
}

/** The outcome of matching text against choices: a choice, or a command word, or nothing. */
export type TextMatch<A, C> =
  | { readonly kind: 'choice'; readonly choice: Choice<A>; readonly by: MatchedBy }
  | { readonly kind: 'command'; readonly command: C }
  | { readonly kind: 'none' };

/**
 * Matches typed text (not a reply id) against an index, consulting `commands` (normalised word →
 * command) after exact matches and before typo tolerance.
 */
export function matchText<A, C>(
  index: ChoiceIndex<A>,
  text: string,
  commands: ReadonlyMap<string, C>,
): TextMatch<A, C> {
  const input = normalize(text);
  const number = parseNumber(input) ?? numberInPhrase(input);
  if (number !== undefined) {
    const choice = index.byNumber.get(number);
    if (choice !== undefined) return { kind: 'choice', choice, by: 'number' };
  }
  const byLabel = index.byLabel.get(input);
  if (byLabel !== undefined) return { kind: 'choice', choice: byLabel, by: 'label' };
  const byWord = index.byWord.get(input);
  if (byWord !== undefined) return { kind: 'choice', choice: byWord, by: 'synonym' };
  const command = commands.get(input);
  if (command !== undefined) return { kind: 'command', command };
  const typo = closeChoice(index, input);
  if (typo !== undefined) return { kind: 'choice', choice: typo, by: 'typo' };
  return { kind: 'none' };
}

/** Words that only point at a number on screen ("option 2", "2 नंबर", "no. 3", "क्रमांक ४ पाहिजे"). */
const NUMBER_WORDS = new Set(
  [
    'option', 'opt', 'no', 'number', 'num', 'nambar', 'namber', 'choice', 'select', 'choose', 'नंबर', 'नं', 'क्रमांक', 'क्र', 'kramank',
    'पर्याय', 'paryay', 'निवडा', 'चुनें', 'pahije', 'पाहिजे', 'chahiye', 'चाहिए', 'la', 'ला', 'wala', 'vala', 'वाला',
  ].map((w) => normalize(w)),
);

/**
 * The number a short message picks when it is one number with only such pointing words around it;
 * undefined for anything else (a number inside a request, "mala 2 dakhle pahije", is no choice).
 */
function numberInPhrase(input: string): number | undefined {
  const words = input.split(/[\s.,:;!?()#-]+/u).filter((w) => w !== '');
  if (words.length < 2 || words.length > 4) return undefined;
  let found: number | undefined;
  for (const word of words) {
    const value = parseNumber(word);
    if (value !== undefined) {
      if (found !== undefined) return undefined;
      found = value;
    } else if (!NUMBER_WORDS.has(word)) return undefined;
  }
  return found;
}

/** The one choice whose label or synonym is within the typo allowance, if exactly one is. */
function closeChoice<A>(index: ChoiceIndex<A>, input: string): Choice<A> | undefined {
  const length = codePoints(input);
  const max = typoAllowance(length);
  if (max === 0 || length > index.longest + max) return undefined;
  let found: Choice<A> | undefined;
  const consider = (candidate: string, choice: Choice<A>): boolean => {
    if (editDistance(input, candidate, max) > max) return true;
    if (found !== undefined && found !== choice) return false;
    found = choice;
    return true;
  };
  for (const [label, choice] of index.byLabel) if (!consider(label, choice)) return undefined;
  for (const [word, choice] of index.byWord) if (!consider(word, choice)) return undefined;
  return found;
}
