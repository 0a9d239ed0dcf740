/**
 * FLOW5005–FLOW5006: what the runtime's matcher makes of each `words:` entry.
 * - FLOW5005: typed anywhere but its own menu, the word always asks "Did you mean…?", because
 *   options elsewhere carry it with the same weight. Decided by the runtime's matcher itself
 *   (`explainMessage`, on the same word index the runtime builds at load), for the words that
 *   another option also carries — the only ones that can tie.
 * - FLOW5006: typed at its own menu, the word never selects its option: the engine takes a number
 *   as the option with that number, and a label before a word.
 * Runs only for bots whose options have `words:`; FLOW5005 once the bot lowers cleanly and every
 * reference names a node: which options lie on one path is read from the walk from `start`, and a
 * misspelt target (FLOW2001) would cut that walk and make words tie that do not.
 */
import { diagnostic } from '@samvad/dsl';
import type { MenuDecl, OptionDecl, StringLit } from '@samvad/dsl';
import { explainMessage, normalize, parseNumber } from '@samvad/runtime';
import type { Graph } from '@samvad/runtime';
import type { CheckContext } from '../analysis.js';
import { commandWords, normaliseWord } from '../lower/commands.js';
import { lowerProgram } from '../lower/lower.js';

/** FLOW5005 and FLOW5006 for every `words:` entry of every static option. */
export function checkWords(ctx: CheckContext): void {
  const menus: MenuDecl[] = [];
  for (const node of ctx.program.nodes.values()) if (node.kind === 'menu' && node.options.some((o) => o.words.length > 0)) menus.push(node);
  if (menus.length === 0) return;
  const commands = new Set(Object.values(commandWords(ctx.program.bot)).flat().map(normaliseWord));
  const owners = wordOwners(ctx);
  let graph: Graph | undefined;
  let lowered = false;
  for (const menu of menus) {
    const shared = sharedWords(menu);
    for (const [position, option] of menu.options.entries()) {
      if (option.language !== undefined) continue;
      for (const word of option.words) {
        // A command word is FLOW5004's, a word of two options of one menu FLOW5003's.
        const key = normaliseWord(word.value);
        if (commands.has(key) || shared.has(key)) continue;
        const taker = takenOnScreen(menu, position, word);
        if (taker !== undefined) {
          reportNever(ctx, menu, option, word, taker);
          continue;
        }
        if (ctx.hasUnknownReference()) continue;
        // Only a word that an option off this one's path also carries can tie.
        const mine: Owner = { menu: menu.id.name, target: option.target.name };
        const others = owners.get(wordKey(word)) ?? [];
        if (!others.some((other) => !onOnePath(ctx, mine, other))) continue;
        if (!lowered) {
          lowered = true;
          try {
            graph = forMatching({ ...lowerProgram(ctx.program, ctx.parentOf, ctx.locator), hash: 'sha256:words-check' } as Graph);
          } catch {
            // A bot that does not lower has errors of its own; the words are checked once they are fixed.
          }
        }
        if (graph === undefined) return;
        const { asks } = explainMessage(graph, word.value);
        if (asks !== undefined) reportAsks(ctx, menu, option, word, asks.map((o) => `\`${o}\``).join(', '));
      }
    }
  }
}

/**
 * The last graph whose words were played through the matcher, by what the matcher reads of it. A
 * graph that differs from it only in what citizens are shown (node texts, page blocks, retry texts,
 * system messages) and in source positions is the same to the matcher, so the earlier graph object
 * is played instead and its word index (built once per graph object, the costly part) is reused:
 * an editor checks the bot after every keystroke, and most keystrokes change a text, not a word.
 */
let lastPlayed: { readonly key: string; readonly graph: Graph } | undefined;

function forMatching(graph: Graph): Graph {
  const key = matchingKey(graph);
  if (lastPlayed !== undefined && lastPlayed.key === key) return lastPlayed.graph;
  lastPlayed = { key, graph };
  return graph;
}

/** The graph as JSON without what matching never reads. */
function matchingKey(graph: Graph): string {
  const nodes: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(graph.nodes)) {
    const { text: _text, retry: _retry, blocks: _blocks, ...rest } = node as unknown as Record<string, unknown>;
    nodes[id] = rest;
  }
  return JSON.stringify({ ...graph, hash: undefined, messages: undefined, sourceMap: undefined, nodes });
}

/** A static option, by its menu and target. */
interface Owner {
  readonly menu: string;
  readonly target: string;
}

/** True when one option leads (through its target) to the other's menu, or they are the same option's place. */
function onOnePath(ctx: CheckContext, a: Owner, b: Owner): boolean {
  return (a.menu === b.menu && a.target === b.target) || within(ctx, b.menu, a.target) || within(ctx, a.menu, b.target);
}

/** True when `node` is `ancestor` or below it on the breadth-first parents from `start`. */
function within(ctx: CheckContext, node: string, ancestor: string): boolean {
  const seen = new Set<string>();
  for (let current: string | undefined = node; current !== undefined && !seen.has(current); current = ctx.parentOf(current)) {
    if (current === ancestor) return true;
    seen.add(current);
  }
  return false;
}

/** Every static option by each of its words and labels, normalised. */
function wordOwners(ctx: CheckContext): Map<string, Owner[]> {
  const owners = new Map<string, Owner[]>();
  const add = (key: string, owner: Owner) => {
    const list = owners.get(key);
    if (list === undefined) owners.set(key, [owner]);
    else list.push(owner);
  };
  for (const node of ctx.program.nodes.values()) {
    if (node.kind !== 'menu') continue;
    for (const option of node.options) {
      if (option.language !== undefined) continue;
      const owner: Owner = { menu: node.id.name, target: option.target.name };
      for (const word of option.words) add(wordKey(word), owner);
      for (const key of labelKeys(option)) add(key, owner);
    }
  }
  return owners;
}

/**
 * What the engine picks at the word's own menu before looking at words: the option with that
 * number, or an option whose label it is. Undefined when the word reaches its option.
 */
function takenOnScreen(menu: MenuDecl, position: number, word: StringLit): string | undefined {
  const key = wordKey(word);
  const number = parseNumber(key);
  if (number !== undefined) {
    const numbered = menu.options.findIndex((o, i) => (o.number?.value ?? i + 1) === number);
    if (numbered !== position && numbered >= 0) return `is option ${number}, \`${menu.options[numbered]?.id.name ?? ''}\``;
  }
  const labelled = menu.options.findIndex((o, i) => i !== position && labelKeys(o).includes(key));
  if (labelled >= 0) return `is the label of \`${menu.options[labelled]?.id.name ?? ''}\``;
  return undefined;
}

/**
 * Normalised words and labels, kept per AST object: a menu's labels were normalised again for
 * every word of every option (thousands of times per check of Jalna Mitra), and an editor's
 * checks after each keystroke get the same objects back for every file the keystroke left alone.
 */
const wordKeys = new WeakMap<StringLit, string>();
const labelKeyLists = new WeakMap<OptionDecl, readonly string[]>();

function wordKey(word: StringLit): string {
  let key = wordKeys.get(word);
  if (key === undefined) {
    key = normalize(word.value);
    wordKeys.set(word, key);
  }
  return key;
}

function labelKeys(option: OptionDecl): readonly string[] {
  let keys = labelKeyLists.get(option);
  if (keys === undefined) {
    keys = labelsOf(option).map((label) => normalize(label));
    labelKeyLists.set(option, keys);
  }
  return keys;
}

/** An option's label in every language, as written. */
function labelsOf(option: OptionDecl): string[] {
  const label = option.label;
  return label.kind === 'neutral' ? [label.value] : label.entries.map((entry) => entry.value);
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

function reportNever(ctx: CheckContext, menu: MenuDecl, option: OptionDecl, word: StringLit, instead: string): void {
  ctx.report(
    diagnostic({
      code: 'FLOW5006',
      severity: 'warning',
      message: `the word "${word.value}" never selects option \`${option.id.name}\`: at \`${menu.id.name}\` it ${instead}`,
      span: word.span,
      primaryLabel: 'never leads to this option',
      notes: ['at a menu, a number is the option with that number and a label is its option: both come before words'],
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
