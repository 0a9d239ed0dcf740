/** The matcher's decision for a message, as a short string the routing-rule tests compare. */
import type { Decision } from '../../src/match/decide.js';
import { decide } from '../../src/match/decide.js';
import { rank } from '../../src/match/rank.js';
import type { WordIndex } from '../../src/match/word-index.js';

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
