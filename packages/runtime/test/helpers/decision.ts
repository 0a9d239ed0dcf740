/** The routing-rule tests' small graphs, and the matcher's decision for a message as a short string. */
import type { Decision } from '../../src/match/decide.js';
import { decide } from '../../src/match/decide.js';
import { rank } from '../../src/match/rank.js';
import type { WordIndex } from '../../src/match/word-index.js';
import type { GraphNode, GraphOption, LocalizedText } from '../../src/graph/types.js';

/** "option <menu>.<id>", "menu <id>", "ask" or "none" for `text` (on `screen`, when given). */
export function decisionOf(index: WordIndex, text: string, screen?: string): string {
  const d: Decision = decide(index, rank(index, text, screen));
  switch (d.kind) {
    case 'option': {
      const c = index.candidates[d.candidate];
      return `option ${c?.menu}.${c?.option.id}`;
    }
    case 'menu':
      return `menu ${d.menu}`;
    case 'ask':
      return 'ask';
    case 'none':
      return 'none';
    default: {
      const never: never = d;
      return never;
    }
  }
}

/** A text in mr, hi and en (each defaulting to the one before). */
export const label = (en: string, mr = en, hi = mr): LocalizedText => ({ mr, hi, en });

/** A menu option (numbered by `menu`), with its `words:` and the variables it sets. */
export const option = (id: string, target: string, name: LocalizedText, words: string[] = [], set?: Record<string, string>): GraphOption => ({
  id,
  number: 0,
  label: name,
  words,
  target,
  ...(set === undefined ? {} : { set }),
});

/** A menu of `options`, numbered in order, under `parent`. */
export const menu = (options: GraphOption[], parent?: string): GraphNode => ({
  kind: 'menu',
  text: label('Choose'),
  options: options.map((o, i) => ({ ...o, number: i + 1 })),
  ...(parent === undefined ? {} : { parent }),
});

/** A service's page under `parent`. */
export const page = (parent: string): GraphNode => ({ kind: 'page', blocks: [{ kind: 'text', text: label('page') }], then: { kind: 'back' }, parent });
