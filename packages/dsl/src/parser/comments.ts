import type { IToken } from 'chevrotain';
import type { VisitContext } from './cst.js';

/**
 * Gives each comment to the first element (with a `comments` list) that starts after it;
 * comments after the last such element are returned as trailing comments. The text kept
 * is what follows `#`, without trailing spaces.
 */
export function attachComments(ctx: VisitContext, comments: readonly IToken[]): string[] {
  const targets = [...ctx.commentTargets].sort((a, b) => a.offset - b.offset);
  const trailing: string[] = [];
  let t = 0;
  for (const comment of comments) {
    while (t < targets.length && (targets[t]?.offset ?? Infinity) < comment.startOffset) t += 1;
    const text = comment.image.slice(1).trimEnd();
    const target = targets[t];
    if (target) target.comments.push(text);
    else trailing.push(text);
  }
  return trailing;
}
