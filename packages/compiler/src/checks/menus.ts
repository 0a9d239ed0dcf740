import { diagnostic } from '@samvad/dsl';
import type { MenuDecl, OptionDecl, Span } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import { commandWords, normaliseWord } from '../lower/commands.js';

/** FLOW5001–FLOW5003: option ids, numbers and words are unique within a menu. */
export function checkMenuUniqueness(menu: MenuDecl, ctx: CheckContext): void {
  const options = menu.options;
  // Menus are short: looking back over the earlier options costs less than filling maps for every
  // menu of a large bot. Words are rarer, so their map is only made for a menu that has some.
  let words: Map<string, { span: Span; option: string }> | undefined;
  // A menu of hundreds of options (generated, or a paste gone wrong) must not cost its square.
  const seen = options.length > LOOK_BACK ? firstOccurrences(options) : undefined;
  for (let index = 0; index < options.length; index += 1) {
    const option = options[index] as OptionDecl;
    const firstId = seen === undefined ? firstWithId(options, index, option.id.name) : earlier(options, seen.ids.get(option.id.name), index);
    if (firstId !== undefined) {
      ctx.report(
        diagnostic({
          code: 'FLOW5001',
          severity: 'error',
          message: `menu \`${menu.id.name}\` has two options with id \`${option.id.name}\``,
          span: option.id.span,
          primaryLabel: 'second option with this id',
          labels: [{ span: firstId.id.span, message: 'first option with this id' }],
          help: 'option ids identify the reply a citizen taps; give each option its own id',
        }),
      );
    }
    const number = numberOf(option, index);
    const numberSpan = option.number?.span ?? option.id.span;
    const firstNumber = seen === undefined ? firstWithNumber(options, index, number) : earlierIndex(seen.numbers.get(number), index);
    if (firstNumber !== undefined) {
      const first = options[firstNumber] as OptionDecl;
      ctx.report(
        diagnostic({
          code: 'FLOW5002',
          severity: 'error',
          message: `menu \`${menu.id.name}\`: options \`${first.id.name}\` and \`${option.id.name}\` both have number ${number}`,
          span: numberSpan,
          primaryLabel: option.number === undefined ? `number ${number} by position` : `number ${number}`,
          labels: [{ span: first.number?.span ?? first.id.span, message: `\`${first.id.name}\` is number ${number}` }],
          help: 'change or remove a `number:` line so that each option has its own number',
        }),
      );
    }
    for (const word of option.words) {
      words ??= new Map();
      const key = normaliseWord(word.value);
      const first = words.get(key);
      if (first !== undefined) {
        ctx.report(
          diagnostic({
            code: 'FLOW5003',
            severity: 'error',
            message: `the word "${word.value}" selects both \`${first.option}\` and \`${option.id.name}\``,
            span: word.span,
            primaryLabel: `also a word of \`${first.option}\``,
            labels: [{ span: first.span, message: `first given to \`${first.option}\`` }],
            help: 'a word may select one option only; remove it from one of them',
          }),
        );
      } else {
        words.set(key, { span: word.span, option: option.id.name });
      }
    }
  }
}

/** Up to this many options, duplicates are found by looking back; beyond, through maps. */
const LOOK_BACK = 32;

/** The index of the first option with each id and each number. */
function firstOccurrences(options: readonly OptionDecl[]): { ids: Map<string, number>; numbers: Map<number, number> } {
  const ids = new Map<string, number>();
  const numbers = new Map<number, number>();
  options.forEach((option, index) => {
    if (!ids.has(option.id.name)) ids.set(option.id.name, index);
    const number = numberOf(option, index);
    if (!numbers.has(number)) numbers.set(number, index);
  });
  return { ids, numbers };
}

function earlierIndex(first: number | undefined, index: number): number | undefined {
  return first !== undefined && first < index ? first : undefined;
}

function earlier(options: readonly OptionDecl[], first: number | undefined, index: number): OptionDecl | undefined {
  const at = earlierIndex(first, index);
  return at === undefined ? undefined : options[at];
}

/** An option's number: `number:`, else its position from 1. */
function numberOf(option: OptionDecl, index: number): number {
  return option.number?.value ?? index + 1;
}

/** The first of the options before `end` with id `id`. */
function firstWithId(options: readonly OptionDecl[], end: number, id: string): OptionDecl | undefined {
  for (let j = 0; j < end; j += 1) if ((options[j] as OptionDecl).id.name === id) return options[j];
  return undefined;
}

/** The index of the first of the options before `end` with number `number`, or `undefined`. */
function firstWithNumber(options: readonly OptionDecl[], end: number, number: number): number | undefined {
  for (let j = 0; j < end; j += 1) if (numberOf(options[j] as OptionDecl, j) === number) return j;
  return undefined;
}

/** FLOW5004: an option word equal to a global command word never reaches the option. */
export function checkWordsAgainstCommands(menu: MenuDecl, ctx: CheckContext): void {
  const commands = commandWordIndex(ctx);
  for (const option of menu.options) {
    for (const word of option.words) {
      const command = commands.get(normaliseWord(word.value));
      if (command === undefined) continue;
      ctx.report(
        diagnostic({
          code: 'FLOW5004',
          severity: 'warning',
          message: `the word "${word.value}" of option \`${option.id.name}\` is also the \`${command}\` command`,
          span: word.span,
          primaryLabel: `typing this runs \`${command}\` instead`,
          notes: ['global commands are matched before option words, in every menu'],
          help: 'remove the word from the option, or from `commands:` in the bot header',
        }),
      );
    }
  }
}

const indexes = new WeakMap<CheckContext, Map<string, string>>();

function commandWordIndex(ctx: CheckContext): Map<string, string> {
  let index = indexes.get(ctx);
  if (index === undefined) {
    index = new Map();
    const words = commandWords(ctx.program.bot);
    for (const [kind, list] of Object.entries(words)) for (const w of list) index.set(normaliseWord(w), kind);
    indexes.set(ctx, index);
  }
  return index;
}
