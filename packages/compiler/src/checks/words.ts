/**
 * FLOW5005–FLOW5006: what the runtime's matcher makes of each `words:` entry, decided by the
 * matcher itself (the compiler builds the same word index the runtime builds at load):
 * - FLOW5005: typed anywhere but its own menu, the word always asks "Did you mean…?", because
 *   options elsewhere carry it with the same weight;
 * - FLOW5006: typed at its own menu, the word never selects its option (a number is the option
 *   with that number; whatever else the engine does first).
 * Runs only for bots whose options have `words:`, once the bot lowers cleanly.
 */
import { diagnostic } from '@samvad/dsl';
import type { MenuDecl, OptionDecl, StringLit } from '@samvad/dsl';
import { explainMessage, step } from '@samvad/runtime';
import type { Graph, Session } from '@samvad/runtime';
import type { CheckContext } from '../analysis.js';
import { commandWords, normaliseWord } from '../lower/commands.js';
import { lowerProgram } from '../lower/lower.js';

/** FLOW5005 and FLOW5006 for every `words:` entry of every static option. */
export function checkWords(ctx: CheckContext): void {
  const menus: MenuDecl[] = [];
  for (const node of ctx.program.nodes.values()) if (node.kind === 'menu' && node.options.some((o) => o.words.length > 0)) menus.push(node);
  if (menus.length === 0) return;
  let graph: Graph;
  try {
    graph = { ...lowerProgram(ctx.program, ctx.parentOf, ctx.locator), hash: 'sha256:words-check' } as Graph;
  } catch {
    // A bot that does not lower has errors of its own; the words are checked once they are fixed.
    return;
  }
  const commands = new Set(Object.values(commandWords(ctx.program.bot)).flat().map(normaliseWord));
  const now = 1_000_000;
  const greeted = step(graph, undefined, { kind: 'reply', id: '~home' }, { now });
  for (const menu of menus) {
    const shared = sharedWords(menu);
    for (const option of menu.options) {
      if (option.language !== undefined) continue;
      for (const word of option.words) {
        // A command word is FLOW5004's, a word of two options of one menu FLOW5003's.
        const key = normaliseWord(word.value);
        if (commands.has(key) || shared.has(key)) continue;
        const at: Session = { ...greeted.session, node: menu.id.name, history: [] };
        const chosen = step(graph, at, { kind: 'text', text: word.value }, { now: now + 1 });
        if (!leadsTo(graph, chosen.event.chosen, chosen.event.node, menu.id.name, option)) {
          reportNever(ctx, menu, option, word, chosen.event.outcome === 'asked' ? 'asks "Did you mean…?"' : `goes to \`${chosen.event.node}\``);
          continue;
        }
        const anywhere = explainMessage(graph, word.value);
        if (anywhere.decision.startsWith('ask: ')) {
          const options = anywhere.decision.slice(5).split(' | ').map((o) => `\`${o}\``);
          reportAsks(ctx, menu, option, word, options.join(', '));
        }
      }
    }
  }
}

/** Normalised words that more than one option of the menu carries. */
function sharedWords(menu: MenuDecl): Set<string> {
  const owner = new Map<string, string>();
  const shared = new Set<string>();
  for (const option of menu.options) {
    for (const word of option.words) {
      const key = normaliseWord(word.value);
      const first = owner.get(key);
      if (first !== undefined && first !== option.id.name) shared.add(key);
      else owner.set(key, option.id.name);
    }
  }
  return shared;
}

/** True when the step chose the option, or went to its target or below. */
function leadsTo(graph: Graph, chosen: string | undefined, node: string, menu: string, option: OptionDecl): boolean {
  if (chosen === `${menu}.${option.id.name}`) return true;
  const target = option.target.name;
  const seen = new Set<string>();
  for (let current: string | undefined = node; current !== undefined && !seen.has(current); current = graph.nodes[current]?.parent) {
    if (current === target) return true;
    seen.add(current);
  }
  return false;
}

function reportNever(ctx: CheckContext, menu: MenuDecl, option: OptionDecl, word: StringLit, instead: string): void {
  ctx.report(
    diagnostic({
      code: 'FLOW5006',
      severity: 'warning',
      message: `the word "${word.value}" never selects option \`${option.id.name}\`: typed at \`${menu.id.name}\`, it ${instead}`,
      span: word.span,
      primaryLabel: 'never leads to this option',
      notes: ['a number typed at a menu is the option with that number, and a reply id is the option it names: both come before words'],
      help: `try \`samvad explain <bot.flow> "${word.value}" --at ${menu.id.name}\`, then remove the word or make it more specific`,
    }),
  );
}

function reportAsks(ctx: CheckContext, menu: MenuDecl, option: OptionDecl, word: StringLit, options: string): void {
  ctx.report(
    diagnostic({
      code: 'FLOW5005',
      severity: 'warning',
      message: `the word "${word.value}" of option \`${option.id.name}\` always asks outside \`${menu.id.name}\`: ${options} carry it equally`,
      span: word.span,
      primaryLabel: 'typed anywhere else, the bot asks which one',
      notes: ['a citizen who types it at any other menu, or as a first message, gets "Did you mean…?"'],
      help: 'if one of them is meant, keep the word on that option only; if asking is right, ignore this warning',
    }),
  );
}
