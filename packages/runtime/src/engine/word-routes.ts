/**
 * Bot-wide words: a message that names a service ("mala utpanna dakhla pahije", "new pancard",
 * "पासपोर्ट") reaches it from any node, the first message included. The match module ranks and
 * decides; this file turns the decision into a route the engine can take, and explains it.
 */
import type { Graph, GraphOption } from '../graph/types.js';
import { decide } from '../match/decide.js';
import type { Decision } from '../match/decide.js';
import { detectLanguage } from '../match/language.js';
import { rank } from '../match/rank.js';
import type { Ranking } from '../match/rank.js';
import { wordIndex } from '../match/word-index.js';
import type { WordIndex } from '../match/word-index.js';

/** Where a message leads. */
export type WordRoute =
  | { readonly kind: 'option'; readonly menu: string; readonly option: GraphOption }
  | { readonly kind: 'menu'; readonly menu: string }
  | { readonly kind: 'ask'; readonly choices: readonly { readonly menu: string; readonly option: GraphOption }[] };

/** A route with what led to it: the ranking and the language the message is written in. */
export interface WordDecision {
  readonly route: WordRoute | undefined;
  readonly ranking: Ranking;
  readonly decision: Decision;
  /** The language the words are in, when they tell (one of the graph's languages). */
  readonly language: string | undefined;
}

/** Ranks a message against the whole graph and decides where it leads. `screen`: the menu on screen. */
export function decideWords(graph: Graph, text: string, screen?: string): WordDecision {
  const index = wordIndex(graph);
  const ranking = rank(index, text, screen);
  const decision = decide(index, ranking);
  const language = detectLanguage(
    index,
    ranking.tokens,
    graph.languages.map((l) => l.code),
  );
  return { route: routeOf(index, decision), ranking, decision, language };
}

function routeOf(index: WordIndex, decision: Decision): WordRoute | undefined {
  const candidates = index.candidates;
  switch (decision.kind) {
    case 'none':
      return undefined;
    case 'menu':
      return { kind: 'menu', menu: decision.menu };
    case 'option': {
      const c = candidates[decision.candidate];
      return c === undefined ? undefined : { kind: 'option', menu: c.menu, option: c.option };
    }
    case 'ask': {
      const choices = decision.candidates.flatMap((i) => {
        const c = candidates[i];
        return c === undefined ? [] : [{ menu: c.menu, option: c.option }];
      });
      return choices.length === 0 ? undefined : { kind: 'ask', choices };
    }
    default: {
      const never: never = decision;
      throw new Error(`unknown decision ${JSON.stringify(never)}`);
    }
  }
}

/** True when `node` is `ancestor` or lies below it on the graph's `parent` links. */
export function isWithin(graph: Graph, node: string, ancestor: string): boolean {
  let current: string | undefined = node;
  const seen = new Set<string>();
  while (current !== undefined && !seen.has(current)) {
    if (current === ancestor) return true;
    seen.add(current);
    current = graph.nodes[current]?.parent;
  }
  return false;
}
