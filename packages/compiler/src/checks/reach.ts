import { diagnostic } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';

/**
 * FLOW4001: every node can be reached from `start`. A misspelt reference is followed to the node
 * its "did you mean" names (FLOW2001 reports the misspelling), so the nodes behind it are not
 * called unreachable; when `start` or an edge of a reached node names nothing close, any unreached
 * node may be the one it was meant for, and nothing is reported until FLOW2001 is fixed.
 */
export function checkReachable(ctx: CheckContext): void {
  const written = ctx.program.bot?.start?.name;
  const start = written === undefined ? undefined : ctx.follow(written);
  if (start === undefined || !ctx.reachIsComplete()) return;
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
