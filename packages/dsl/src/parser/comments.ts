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

/**
 * How many comments at the top of the file form its header: those before the first token
 * up to the last blank line that separates them from what follows.
 */
export function headerLength(source: string, comments: readonly IToken[], firstTokenOffset: number): number {
  let header = 0;
  for (let i = 0; i < comments.length; i += 1) {
    const comment = comments[i] as IToken;
    if (comment.startOffset > firstTokenOffset) break;
    const end = comment.startOffset + comment.image.length;
    const next = comments[i + 1];
    const nextStart = next && next.startOffset < firstTokenOffset ? next.startOffset : firstTokenOffset;
    if (/\n[ \t\r]*\n/.test(source.slice(end, nextStart))) header = i + 1;
  }
  return header;
}
