import { diagnostic } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';

/** FLOW4001: every node can be reached from `start` (only checked when `start` is known). */
export function checkReachable(ctx: CheckContext): void {
  const start = ctx.program.bot?.start?.name;
  if (start === undefined || !ctx.program.nodes.has(start)) return;
  for (const node of ctx.program.nodes.values()) {
    const id = node.id.name;
    if (ctx.isReachable(id)) continue;
    ctx.report(
      diagnostic({
        code: 'FLOW4001',
        severity: 'warning',
        message: `${node.kind} \`${id}\` can never be reached from \`${start}\``,
        span: node.id.span,
        primaryLabel: 'no option, `then` or branch leads here',
        help: `point an option or a \`then ->\` at \`${id}\`, or delete it`,
      }),
    );
  }
}
