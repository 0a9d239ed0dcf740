import { diagnostic } from '@samvad/dsl';
import type { DiagnosticFix, NodeDecl, Span, Text, Translation } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import { listed, MAX_LISTED } from '../listing.js';
import { everyText, textsOf, wordsOutsidePlaceholders } from '../texts.js';
import { misspeltLanguages } from './renamed-languages.js';

/** FLOW3001–FLOW3004 for every text of a node. */
export function checkNodeLanguages(node: NodeDecl, ctx: CheckContext): void {
  const languages = ctx.program.languages;
  if (everyText(node, givesEachLanguageOnce, languages)) return;
  for (const use of textsOf(node)) {
    if (!givesEachLanguageOnce(use.text, languages)) checkText(use.text, `the ${use.role} of \`${node.id.name}\``, ctx);
  }
}

/**
 * True for a translated text with one line for each language of the bot and no other: the
 * common case, which `checkText` would accept. Allocates nothing (a text has a handful of lines).
 */
function givesEachLanguageOnce(text: Text, languages: readonly string[]): boolean {
  if (text.kind !== 'translations' || text.entries.length !== languages.length) return false;
  const entries = text.entries;
  for (let i = 0; i < entries.length; i += 1) {
    const code = (entries[i] as Translation).lang.name;
    if (!languages.includes(code)) return false;
    for (let j = 0; j < i; j += 1) if ((entries[j] as Translation).lang.name === code) return false;
  }
  return true;
}

/** FLOW3001–FLOW3004 for the bot's `messages:` overrides. */
export function checkMessageLanguages(ctx: CheckContext): void {
  for (const message of ctx.program.bot?.messages ?? []) checkText(message.text, `message \`${message.key.name}\``, ctx);
}

/**
 * A translated text gives every language of the bot (FLOW3001), no other (FLOW3003), each once
 * (FLOW3004); a neutral text in a bot with several languages has no words to translate (FLOW3002).
 */
export function checkText(text: Text, what: string, ctx: CheckContext): void {
  const languages = ctx.program.languages;
  if (languages.length === 0) return;
  if (text.kind === 'neutral') {
    if (languages.length > 1 && /\p{L}/u.test(wordsOutsidePlaceholders(text.value))) {
      ctx.report(
        diagnostic({
          code: 'FLOW3002',
          severity: 'error',
          message: `${what} is one string for every language, but it has words to translate`,
          span: text.span,
          primaryLabel: `every language would see this`,
          help: `write one line per language instead:\n${languages.map((l) => `    ${l}: "…"`).join('\n')}`,
        }),
      );
    }
    return;
  }
  // A code misspelt in `languages:` is reported once there, not at every text (renamed-languages.ts).
  const misspelt = misspeltLanguages(ctx);
  const given = new Map<string, Translation>();
  const undeclared: Translation[] = [];
  for (const entry of text.entries) {
    const code = entry.lang.name;
    const first = given.get(code);
    if (first !== undefined) {
      ctx.report(
        diagnostic({
          code: 'FLOW3004',
          severity: 'error',
          message: `${what} gives \`${code}\` twice`,
          span: entry.lang.span,
          primaryLabel: 'second line for this language',
          labels: [{ span: first.lang.span, message: 'first given here' }],
          help: 'keep one of the two lines',
        }),
      );
      continue;
    }
    given.set(code, entry);
    if (!languages.includes(code) && !misspelt.has(code)) undeclared.push(entry);
  }
  let missing = languages.filter((l) => !given.has(l));
  if (misspelt.size > 0) {
    const standIns = new Set([...misspelt.values()].map((l) => l.code.name));
    missing = missing.filter((l) => !standIns.has(l));
  }
  // One undeclared line where one language is missing is one misspelt code: one error, with its fix.
  const only = undeclared.length === 1 && missing.length === 1 ? undeclared[0] : undefined;
  for (const entry of undeclared) {
    const code = entry.lang.name;
    ctx.report(
      diagnostic({
        code: 'FLOW3003',
        severity: 'error',
        message: `${what} has a line for \`${code}\`, which is not a language of the bot`,
        span: entry.lang.span,
        primaryLabel: `\`${code}\` is not in \`languages:\``,
        ...(only === undefined
          ? { help: `the bot's languages are ${languages.map((l) => `\`${l}\``).join(', ')}; remove this line or add \`${code}\` to \`languages:\`` }
          : {
              help: `did you mean \`${missing[0] as string}\`? (this text has no \`${missing[0] as string}\` line)`,
              fix: { span: entry.lang.span, replacement: missing[0] as string, description: `use \`${missing[0] as string}\`` },
            }),
      }),
    );
  }
  if (only !== undefined) return;
  if (missing.length === 0) return;
  const indent = indentOf(text, ctx);
  ctx.report(
    diagnostic({
      code: 'FLOW3001',
      severity: 'error',
      message: `${what} has no ${listed(missing.slice(0, MAX_LISTED).map((l) => `\`${l}\``), missing.length)} translation`,
      span: translationsSpan(text),
      primaryLabel: `missing ${listed(missing.slice(0, MAX_LISTED), missing.length)}`,
      help: `add ${missing.length === 1 ? 'this line' : 'these lines'}:\n${listed(missing.slice(0, MAX_LISTED).map((l) => `${indent}${l}: "…"`), missing.length, '\n')}`,
      ...stubFix(text, missing, indent),
    }),
  );
}

/** A fix for FLOW3001: a `lang: "…"` line per missing language after the last line (none for an empty block). */
function stubFix(text: Text, missing: readonly string[], indent: string): { fix?: DiagnosticFix } {
  const last = text.kind === 'translations' ? text.entries[text.entries.length - 1] : undefined;
  if (last === undefined) return {};
  const end = last.valueSpan.offset + last.valueSpan.length;
  const lines = missing.map((l) => `\n${indent}${l}: "…"`).join('');
  const description = `add ${missing.map((l) => `\`${l}\``).join(', ')} ${missing.length === 1 ? 'line' : 'lines'}`;
  return { fix: { span: { file: last.valueSpan.file, offset: end, length: 0 }, replacement: lines, description } };
}

/** From the first language line to the end of the last one (the whole block when it is empty). */
function translationsSpan(text: Text): Span {
  const first = text.kind === 'translations' ? text.entries[0] : undefined;
  const last = text.kind === 'translations' ? text.entries[text.entries.length - 1] : undefined;
  if (first === undefined || last === undefined) return text.span;
  const end = last.valueSpan.offset + last.valueSpan.length;
  return { file: first.lang.span.file, offset: first.lang.span.offset, length: Math.max(0, end - first.lang.span.offset) };
}

function indentOf(text: Text, ctx: CheckContext): string {
  const first = text.kind === 'translations' ? text.entries[0] : undefined;
  if (first === undefined) return '    ';
  const index = ctx.locator.index(first.lang.span.file);
  if (index === undefined) return '    ';
  const { line } = index.locate(first.lang.span.offset);
  return /^\s*/.exec(index.lineText(line))?.[0] ?? '    ';
}
