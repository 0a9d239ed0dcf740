/**
 * A language code misspelt in `languages:` (`hn` for `hi`) leaves every text with a line for an
 * undeclared language (FLOW3003) and none for the declared one (FLOW3001), and the declared one
 * without system texts (FLOW3006): hundreds of errors for one mistake. Such a pair is recognised
 * here and reported once, on the code in `languages:`; the other checks leave the pair alone.
 */
import { diagnostic } from '@samvad/dsl';
import type { LanguageDecl, Text, Translation } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import { textsOf } from '../texts.js';

/** Undeclared code → the declared language it stands in for, by context (computed once). */
const memo = new WeakMap<CheckContext, ReadonlyMap<string, LanguageDecl>>();

/**
 * The undeclared language codes that stand in for a declared one: a declared language no text
 * gives, paired with the undeclared code that the most texts give (at least half of the bot's
 * translated texts, so that one stray line for a typo is never taken for the bot's language).
 */
export function misspeltLanguages(ctx: CheckContext): ReadonlyMap<string, LanguageDecl> {
  let pairs = memo.get(ctx);
  if (pairs === undefined) {
    pairs = pair(ctx);
    memo.set(ctx, pairs);
  }
  return pairs;
}

function pair(ctx: CheckContext): ReadonlyMap<string, LanguageDecl> {
  const pairs = new Map<string, LanguageDecl>();
  const bot = ctx.program.bot;
  if (bot === undefined) return pairs;
  const counts = new Map<string, number>();
  const first = new Map<string, Translation>();
  let translated = 0;
  const count = (text: Text) => {
    if (text.kind !== 'translations') return;
    translated += 1;
    const seen = new Set<string>();
    for (const entry of text.entries) {
      const code = entry.lang.name;
      if (seen.has(code)) continue;
      seen.add(code);
      counts.set(code, (counts.get(code) ?? 0) + 1);
      if (!first.has(code)) first.set(code, entry);
    }
  };
  for (const message of bot.messages) count(message.text);
  for (const node of ctx.program.nodes.values()) for (const use of textsOf(node)) count(use.text);
  const declared = new Set(ctx.program.languages);
  const unused = bot.languages.filter((l) => !counts.has(l.code.name));
  if (unused.length === 0) return pairs;
  const candidates = [...counts]
    .filter(([code, n]) => !declared.has(code) && n * 2 >= translated)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code]) => code);
  for (const [i, language] of unused.entries()) {
    const code = candidates[i];
    if (code === undefined) break;
    pairs.set(code, language);
  }
  firstUses.set(ctx, first);
  return pairs;
}

/** The first line written for each code, by context (for the label of the report). */
const firstUses = new WeakMap<CheckContext, ReadonlyMap<string, Translation>>();

/** FLOW3003, once per misspelt code in `languages:` (see `misspeltLanguages`). */
export function checkMisspeltLanguages(ctx: CheckContext): void {
  const pairs = misspeltLanguages(ctx);
  for (const [code, language] of pairs) {
    const written = language.code.name;
    const use = firstUses.get(ctx)?.get(code);
    ctx.report(
      diagnostic({
        code: 'FLOW3003',
        severity: 'error',
        message: `\`languages:\` lists \`${written}\`, which no text gives, while the texts give \`${code}\`, which is not listed`,
        span: language.code.span,
        primaryLabel: `no text has a line for \`${written}\``,
        labels: use === undefined ? [] : [{ span: use.lang.span, message: `texts give \`${code}\` instead, here and on` }],
        help: `did you mean \`${code}\`?`,
        fix: { span: language.code.span, replacement: code, description: `use \`${code}\`` },
      }),
    );
  }
}
