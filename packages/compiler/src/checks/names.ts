import { diagnostic } from '@samvad/dsl';
import type { DiagnosticFix, Ident, MenuDecl } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import type { Edge } from '../edges.js';
import { misspeltLanguages } from './renamed-languages.js';
import { closestWithinBudget } from './suggest.js';
import { otherUses, undeclaredUses } from './uses.js';

/**
 * FLOW2001: `start:` and every `-> target` name a node; "did you mean" by edit distance. A name is
 * reported once, at its first use, with its other uses as labels: a node whose own name is
 * misspelt leaves all its references unknown, and that is one mistake. When that is what
 * happened (the close node is pointed at by nothing), the fix renames the node instead.
 */
export function checkTargets(ctx: CheckContext): void {
  const { nodes } = ctx.program;
  const unknown = new Map<string, Ident[]>();
  const add = (target: Ident) => {
    if (nodes.has(target.name)) return;
    const uses = unknown.get(target.name);
    if (uses === undefined) unknown.set(target.name, [target]);
    else uses.push(target);
  };
  const start = ctx.program.bot?.start;
  if (start !== undefined) add(start);
  for (const node of nodes.values()) {
    // Indexed: a `for … of` over edge lists (of several array kinds) allocated an iterator per node.
    const edges = ctx.edges(node);
    for (let i = 0; i < edges.length; i += 1) add((edges[i] as Edge).target);
  }
  if (unknown.size === 0) return;
  let pointedAt: Set<string> | undefined;
  for (const [name, uses] of unknown) {
    const first = uses[0] as Ident;
    const guess = ctx.follow(name);
    const defined = guess === undefined ? undefined : nodes.get(guess);
    const others = otherUses(name, uses);
    let help = `define a node \`${name}\` (e.g. \`page ${name}\`) or point at an existing one`;
    let fix: DiagnosticFix | undefined;
    if (defined !== undefined && guess !== undefined) {
      pointedAt ??= targetsOf(ctx);
      if (uses.length > 1 && !pointedAt.has(guess)) {
        help = `nothing points at \`${guess}\` (defined at ${ctx.locator.describe(defined.id.span)}): did you mean to name it \`${name}\`?`;
        fix = { span: defined.id.span, replacement: name, description: `rename \`${guess}\` to \`${name}\`` };
      } else {
        help = `did you mean \`${guess}\` (defined at ${ctx.locator.describe(defined.id.span)})?`;
        fix = { span: first.span, replacement: guess, description: `use \`${guess}\`` };
      }
    }
    ctx.report(
      diagnostic({
        code: 'FLOW2001',
        severity: 'error',
        message: `unknown target \`${name}\`${others.counted}`,
        span: first.span,
        primaryLabel: `no node is named \`${name}\``,
        labels: others.labels,
        notes: others.notes,
        help,
        ...(fix === undefined ? {} : { fix }),
      }),
    );
  }
}

/** Every node name that `start:` or an edge points at. */
function targetsOf(ctx: CheckContext): Set<string> {
  const names = new Set<string>();
  const start = ctx.program.bot?.start;
  if (start !== undefined) names.add(start.name);
  for (const node of ctx.program.nodes.values()) for (const edge of ctx.edges(node)) names.add(edge.target.name);
  return names;
}

/** FLOW7002: each `from` clause names a declared `source`; a name is reported once, at its first use. */
export function checkSourceNames(ctx: CheckContext): void {
  const sources: Ident[] = [];
  for (const node of ctx.program.nodes.values()) if (node.kind === 'menu' && node.from !== undefined) sources.push(node.from.source);
  for (const [name, uses] of undeclaredUses(sources, (n) => ctx.program.sources.has(n))) {
    const guess = closestWithinBudget(ctx, name, ctx.program.sources.keys());
    const others = otherUses(name, uses);
    ctx.report(
      diagnostic({
        code: 'FLOW7002',
        severity: 'error',
        message: `data source \`${name}\` is not declared${others.counted}`,
        span: (uses[0] as Ident).span,
        primaryLabel: 'no `source` block has this name',
        labels: others.labels,
        notes: others.notes,
        help: guess === undefined ? `declare it:\nsource ${name}\n  timeout: 4s` : `did you mean \`${guess}\`?`,
      }),
    );
  }
}

/** FLOW7006: `language:` names a bot language. */
export function checkMenuNames(menu: MenuDecl, ctx: CheckContext): void {
  const languages = ctx.program.languages;
  for (const option of menu.options) {
    const lang = option.language;
    if (lang === undefined || languages.includes(lang.name) || languages.length === 0) continue;
    // A code misspelt in `languages:` is reported there (renamed-languages.ts).
    if (misspeltLanguages(ctx).has(lang.name)) continue;
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
