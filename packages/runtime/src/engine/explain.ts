/**
 * Why a message leads where it does, for authors (`samvad explain`): the words as the matcher
 * saw them, every candidate with its score, and the decision — the same computation `step` makes.
 */
import type { Graph } from '../graph/types.js';
import type { KeyMatch } from '../match/rank.js';
import { namedBranches, withinBranch } from '../match/branch.js';
import { wordIndex } from '../match/word-index.js';
import { decideWords } from './word-routes.js';

/** One word of the message. */
export interface ExplainedToken {
  readonly text: string;
  readonly key: string;
  /** The language of a function word (which never matches). */
  readonly stop?: string;
  readonly hits: readonly { readonly key: string; readonly by: KeyMatch }[];
}

/** One option some word reached. */
export interface ExplainedCandidate {
  /** `<menu>.<option>` */
  readonly option: string;
  readonly target: string;
  readonly own: number;
  readonly inherited: number;
  readonly total: number;
  /** Labels and words that counted, as written. */
  readonly matched: readonly string[];
}

/** The whole explanation. */
export interface Explanation {
  readonly tokens: readonly ExplainedToken[];
  readonly candidates: readonly ExplainedCandidate[];
  /** e.g. `option revenue.income → rev_income`, `menu revenue`, `ask …`, `none`. */
  readonly decision: string;
  /** When the decision is to ask: the `<menu>.<option>` names offered, best first. */
  readonly asks?: readonly string[];
  /** The language the words are in, when they tell. */
  readonly language?: string;
}

/** Explains how `text` is matched bot-wide, as if typed at the menu `at` (default: none on screen). */
export function explainMessage(graph: Graph, text: string, at?: string): Explanation {
  const index = wordIndex(graph);
  const words = decideWords(graph, text, at);
  const name = (i: number): string => {
    const c = index.candidates[i];
    return c === undefined ? '?' : `${c.menu}.${c.option.id}`;
  };
  const tokens = words.ranking.tokens.map((t) => ({
    text: t.text,
    key: t.key,
    ...(t.stop === undefined ? {} : { stop: t.stop }),
    hits: t.hits.map((h) => ({ key: h.key, by: h.by })),
  }));
  const candidates = words.ranking.scored.map((s) => ({
    option: name(s.candidate),
    target: index.candidates[s.candidate]?.option.target ?? '?',
    own: round(s.own),
    inherited: round(s.inherited),
    total: round(s.total),
    matched: s.matched,
  }));
  // When the message names one branch of the start menu, the decision read only its candidates.
  const within = (): string => {
    if (withinBranch(index, words.ranking) === words.ranking) return '';
    const [branch] = namedBranches(index, words.ranking);
    return branch === undefined ? ' (listing filters off their menu left out: no branch named)' : ` (within ${name(branch)}: the message names that branch)`;
  };
  const d = words.decision;
  let decision: string;
  let asks: string[] | undefined;
  switch (d.kind) {
    case 'none':
      decision = `none (${d.reason ?? 'no service named'}: the current menu handles it)`;
      break;
    case 'menu':
      decision = `menu ${d.menu} (close options of one menu)`;
      break;
    case 'option':
      decision = `option ${name(d.candidate)} → ${index.candidates[d.candidate]?.option.target ?? '?'}${within()}`;
      break;
    case 'ask':
      asks = d.candidates.map(name);
      decision = `ask: ${asks.join(' | ')}`;
      break;
    default: {
      const never: never = d;
      throw new Error(`unknown decision ${JSON.stringify(never)}`);
    }
  }
  return {
    tokens,
    candidates,
    decision,
    ...(asks === undefined ? {} : { asks }),
    ...(words.language === undefined ? {} : { language: words.language }),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
