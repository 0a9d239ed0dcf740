import { diagnostic } from '@samvad/dsl';
import { MESSAGE_KEYS } from '@samvad/runtime';
import type { CheckContext } from '../analysis.js';
import { closest } from './suggest.js';

/** FLOW2009 (no languages), FLOW2004 (no start; an unknown one is FLOW2001, in names.ts), FLOW2007 (language twice), FLOW3005 (unknown message key). */
export function checkHeader(ctx: CheckContext): void {
  const bot = ctx.program.bot;
  if (bot === undefined) return;
  if (bot.languages.length === 0) {
    ctx.report(
      diagnostic({
        code: 'FLOW2009',
        severity: 'error',
        message: `bot \`${bot.id.name}\` declares no languages`,
        span: bot.id.span,
        primaryLabel: 'every text needs at least one language',
        help: `add a line under \`bot ${bot.id.name}\` (the first language is the default):\n  languages: mr "मराठी", hi "हिंदी", en "English"`,
      }),
    );
  }
  if (bot.start === undefined) {
    const first = ctx.program.nodes.keys().next();
    ctx.report(
      diagnostic({
        code: 'FLOW2004',
        severity: 'error',
        message: `bot \`${bot.id.name}\` has no \`start:\` node`,
        span: bot.id.span,
        primaryLabel: 'this bot does not say where a conversation starts',
        help: `add a line under \`bot ${bot.id.name}\`:\n  start: ${first.done ? 'home' : first.value}`,
      }),
    );
  }
  const seen = new Map<string, (typeof bot.languages)[number]>();
  for (const lang of bot.languages) {
    const first = seen.get(lang.code.name);
    if (first === undefined) {
      seen.set(lang.code.name, lang);
      continue;
    }
    ctx.report(
      diagnostic({
        code: 'FLOW2007',
        severity: 'error',
        message: `language \`${lang.code.name}\` is listed twice`,
        span: lang.code.span,
        primaryLabel: 'listed again here',
        labels: [{ span: first.code.span, message: 'first listed here' }],
        help: 'remove the second one',
      }),
    );
  }
  const keys: readonly string[] = MESSAGE_KEYS;
  for (const message of bot.messages) {
    if (keys.includes(message.key.name)) continue;
    const guess = closest(message.key.name, keys);
    ctx.report(
      diagnostic({
        code: 'FLOW3005',
        severity: 'error',
        message: `\`${message.key.name}\` is not a system message`,
        span: message.key.span,
        primaryLabel: 'unknown message key',
        help: guess === undefined ? `the keys are: ${keys.join(', ')}` : `did you mean \`${guess}\`?`,
      }),
    );
  }
}
