import { diagnostic } from '@samvad/dsl';
import type { Duration, InputDecl, MenuDecl, NumberLit, Span } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';

/** FLOW7007 for the bot header and sources: retries ≥ 1, timeouts ≥ 1 ms, language names not empty. */
export function checkHeaderRanges(ctx: CheckContext): void {
  const bot = ctx.program.bot;
  if (bot !== undefined) {
    atLeastOne(ctx, bot.retries, '`retries:`', 'wrong answers before the bot offers home and help');
    for (const lang of bot.languages) {
      if (lang.name.value.trim() !== '') continue;
      outOfRange(ctx, lang.name.span, `language \`${lang.code.name}\` has an empty display name`, 'citizens choose their language by this name', `write its name in its own script, e.g. ${lang.code.name} "मराठी"`);
    }
  }
  for (const source of ctx.program.sources.values()) positiveDuration(ctx, source.timeout);
}

/** FLOW7007 for an input: `retries: N` with N ≥ 1, `digits N` with N ≥ 1. */
export function checkInputRanges(input: InputDecl, ctx: CheckContext): void {
  atLeastOne(ctx, input.retries?.count, '`retries:`', 'wrong answers before moving on');
  if (input.expect?.kind === 'digits') atLeastOne(ctx, input.expect.length, '`digits`', 'the number of digits expected');
}

/** FLOW7007 for a `from` clause's `timeout:`. */
export function checkMenuRanges(menu: MenuDecl, ctx: CheckContext): void {
  positiveDuration(ctx, menu.from?.timeout);
}

function atLeastOne(ctx: CheckContext, value: NumberLit | undefined, what: string, meaning: string): void {
  if (value === undefined || value.value >= 1) return;
  outOfRange(ctx, value.span, `${what} must be at least 1, not ${value.value}`, `${meaning}`, 'write 1 or more');
}

function positiveDuration(ctx: CheckContext, duration: Duration | undefined): void {
  if (duration === undefined || duration.ms >= 1) return;
  outOfRange(ctx, duration.span, `a timeout of ${duration.raw} never lets the source answer`, 'timeouts must be longer than zero', 'a few seconds is usual, e.g. `timeout: 4s`');
}

function outOfRange(ctx: CheckContext, span: Span, message: string, label: string, help: string): void {
  ctx.report(diagnostic({ code: 'FLOW7007', severity: 'error', message, span, primaryLabel: label, help }));
}
