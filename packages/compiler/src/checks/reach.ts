import { diagnostic } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';

/**
 * FLOW4001: every node can be reached from `start`. A misspelt reference is followed to the node
 * its "did you mean" names (FLOW2001 reports the misspelling), so the nodes behind it are not
 * called unreachable; when `start` or an edge of a reached node names nothing close, any unreached
 * node may be the one it was meant for, and nothing is reported until FLOW2001 is fixed. While
 * any reference is unknown, the help never suggests deleting the node (the "did you mean" may
 * not be what the author meant).
 */
export function checkReachable(ctx: CheckContext): void {
  const written = ctx.program.bot?.start?.name;
  const start = written === undefined ? undefined : ctx.follow(written);
  if (start === undefined || !ctx.reachIsComplete()) return;
  const unsure = ctx.hasUnknownReference();
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
        ...(unsure
          ? {
              notes: ['the bot has unknown targets (FLOW2001): if one of them was meant for this node, fixing it reaches it'],
              help: `point an option or a \`then ->\` at \`${id}\``,
            }
          : { help: `point an option or a \`then ->\` at \`${id}\`, or delete it` }),
      }),
    );
  }
}
