import { builtInMessageLanguages, codePointLength, defaultMessages, MESSAGE_KEYS, WHATSAPP_LIMITS } from '@samvad/runtime';
import { diagnostic, quoteOneLine } from '@samvad/dsl';
import type { LanguageDecl } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import { misspeltLanguages } from './renamed-languages.js';

/**
 * FLOW3006: a language without built-in system texts (anything but mr, hi, en) must have every
 * system message written under `messages:`; otherwise its readers would see English. One error
 * per such language, on its code in `languages:`, naming the keys and showing the lines to write.
 * A key the flow overrides but without this language is FLOW3001 (checked with the override).
 * `call_waiting` is needed only by a bot with a `call` node (no other bot ever says it).
 */
export function checkSystemTexts(ctx: CheckContext): void {
  const bot = ctx.program.bot;
  if (bot === undefined) return;
  const overridden = new Set(bot.messages.map((m) => m.key.name));
  const hasCall = [...ctx.program.nodes.values()].some((node) => node.kind === 'call');
  const missing = MESSAGE_KEYS.filter((key) => !overridden.has(key) && (hasCall || key !== 'call_waiting'));
  if (missing.length === 0) return;
  const languages = ctx.program.languages;
  const header =
    bot.messages.length > 0
      ? 'add these under `messages:` in the bot header, with "…" translated:\n'
      : 'add these to the bot header, with "…" translated:\n  messages:\n';
  // A code misspelt in `languages:` is FLOW3003's (renamed-languages.ts), not a language to write texts for.
  const misspelt = new Set([...misspeltLanguages(ctx).values()]);
  for (const language of uniqueLanguages(bot.languages)) {
    const code = language.code.name;
    if (builtInMessageLanguages.includes(code) || misspelt.has(language)) continue;
    ctx.report(
      diagnostic({
        code: 'FLOW3006',
        severity: 'error',
        message: `\`${code}\` has no built-in system texts: ${missing.length} of them must be written under \`messages:\``,
        span: language.code.span,
        primaryLabel: `${language.name.value} readers would see English`,
        notes: [`missing: ${missing.join(', ')}`],
        help: `${header}${missing.map((key) => linesFor(key, code, languages)).join('\n')}`,
      }),
    );
  }
}

/** Each language once, in the order written (a repeated one is FLOW2007). */
function uniqueLanguages(languages: readonly LanguageDecl[]): LanguageDecl[] {
  const seen = new Set<string>();
  return languages.filter((l) => !seen.has(l.code.name) && seen.add(l.code.name) !== undefined);
}

/** The key's lines: built-in texts for the languages that have them, "…" for the others. */
function linesFor(key: (typeof MESSAGE_KEYS)[number], code: string, languages: readonly string[]): string {
  const lines = [`    ${key}:`];
  for (const lang of languages) {
    const text = lang === code ? undefined : defaultMessages[key][lang];
    lines.push(`      ${lang}: ${quoteOneLine(text ?? '…')}`);
  }
  return lines.join('\n');
}

/** WhatsApp's limits on the adapter words a flow may override: a list's button and its section title. */
const LABEL_LIMITS: Readonly<Partial<Record<(typeof MESSAGE_KEYS)[number], number>>> = {
  list_button: WHATSAPP_LIMITS.listButtonLabel,
  // Meta, "Interactive list messages": a section title holds at most 24 characters.
  list_section: 24,
};

/**
 * FLOW6001 for an override of `list_button` or `list_section` longer than WhatsApp accepts: every
 * list the bot sends would be refused (the runtime has no shorter form to fall back to).
 */
export function checkSystemTextLimits(ctx: CheckContext): void {
  for (const message of ctx.program.bot?.messages ?? []) {
    const limit = LABEL_LIMITS[message.key.name as (typeof MESSAGE_KEYS)[number]];
    if (limit === undefined || message.text.kind !== 'translations') continue;
    for (const entry of message.text.entries) {
      const length = codePointLength(entry.value);
      if (length <= limit) continue;
      ctx.report(
        diagnostic({
          code: 'FLOW6001',
          severity: 'error',
          message: `\`${message.key.name}\` is ${length} characters long in ${entry.lang.name}; WhatsApp accepts at most ${limit}`,
          span: entry.valueSpan,
          primaryLabel: `${length} characters in ${entry.lang.name}`,
          notes: ['WhatsApp refuses a list message whose button or section title is longer, so no list would reach the citizen'],
          help: `shorten it to ${limit} characters or fewer`,
        }),
      );
    }
  }
}
