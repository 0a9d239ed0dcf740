import { diagnostic } from '@samvad/dsl';
import type { Ident, MenuDecl, NodeDecl } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import type { Edge } from '../edges.js';
import { closestWithinBudget } from './suggest.js';

/** FLOW2001: every `-> target` names a node; "did you mean" by edit distance. */
export function checkTargets(node: NodeDecl, ctx: CheckContext): void {
  // Indexed: a `for … of` over edge lists (of several array kinds) allocated an iterator per node.
  const edges = ctx.edges(node);
  for (let i = 0; i < edges.length; i += 1) checkTarget((edges[i] as Edge).target, ctx);
}

/** FLOW2001 for one reference (also used for `start:`). */
export function checkTarget(target: Ident, ctx: CheckContext): void {
  const { nodes } = ctx.program;
  if (nodes.has(target.name)) return;
  const guess = closestWithinBudget(ctx, target.name, nodes.keys());
  const defined = guess === undefined ? undefined : nodes.get(guess);
  ctx.report(
    diagnostic({
      code: 'FLOW2001',
      severity: 'error',
      message: `unknown target \`${target.name}\``,
      span: target.span,
      primaryLabel: `no node is named \`${target.name}\``,
      labels: [],
      notes: [],
      ...(defined === undefined || guess === undefined
        ? { help: `define a node \`${target.name}\` (e.g. \`page ${target.name}\`) or point at an existing one` }
        : {
            help: `did you mean \`${guess}\` (defined at ${ctx.locator.describe(defined.id.span)})?`,
            fix: { span: target.span, replacement: guess, description: `use \`${guess}\`` },
          }),
    }),
  );
}

/** FLOW7002: a `from` clause names a declared `source`. FLOW7006: `language:` names a bot language. */
export function checkMenuNames(menu: MenuDecl, ctx: CheckContext): void {
  const from = menu.from;
  if (from !== undefined && !ctx.program.sources.has(from.source.name)) {
    const guess = closestWithinBudget(ctx, from.source.name, ctx.program.sources.keys());
    ctx.report(
      diagnostic({
        code: 'FLOW7002',
        severity: 'error',
        message: `data source \`${from.source.name}\` is not declared`,
        span: from.source.span,
        primaryLabel: 'no `source` block has this name',
        help:
          guess === undefined
            ? `declare it:\nsource ${from.source.name}\n  timeout: 4s`
            : `did you mean \`${guess}\`?`,
      }),
    );
  }
  const languages = ctx.program.languages;
  for (const option of menu.options) {
    const lang = option.language;
    if (lang === undefined || languages.includes(lang.name) || languages.length === 0) continue;
    ctx.report(
      diagnostic({
        code: 'FLOW7006',
        severity: 'error',
        message: `option \`${option.id.name}\` switches to \`${lang.name}\`, which is not a language of the bot`,
        span: lang.span,
        primaryLabel: 'not in `languages:`',
        help: `the bot's languages are ${languages.map((l) => `\`${l}\``).join(', ')}`,
      }),
    );
  }
}
