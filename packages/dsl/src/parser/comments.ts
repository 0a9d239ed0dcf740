import type { IToken } from 'chevrotain';
import type { CommentTarget, VisitContext } from './cst.js';

/**
 * Gives each comment a place, so that the formatter writes it back where the author wrote it:
 * - an indented comment on its own line after the last line of a declaration, before any
 *   comment at column 1 there: the declaration's end comments;
 * - a comment after code on its line: the element that line belongs to (it goes above it);
 * - a full-line comment before a line that starts an element (with a `comments` slot): that
 *   element's; one inside an element (before a list's next line, a label's string, a condition
 *   going on): the innermost element started before it;
 * - anything after the last declaration otherwise: returned as the file's trailing comments.
 * The text kept is what follows `#`, without trailing spaces.
 */
export function attachComments(ctx: VisitContext, comments: readonly IToken[], tokens: readonly IToken[], source: string): string[] {
  const targets = [...ctx.commentTargets].sort((a, b) => a.offset - b.offset);
  const decls = ctx.declEnds;
  const trailing: string[] = [];
  let t = 0;
  let k = 0;
  let d = -1;
  let closed = -1;
  for (const comment of comments) {
    const at = comment.startOffset;
    while (t < targets.length && (targets[t] as CommentTarget).offset < at) t += 1;
    while (k < tokens.length && (tokens[k] as IToken).startOffset < at) k += 1;
    while (d + 1 < decls.length && (decls[d + 1] as DeclEnd).end <= at) d += 1;
    const text = comment.image.slice(1).trimEnd();
    const column = columnOf(source, at);
    const last = decls[d];
    if (column !== undefined && last && !((decls[d + 1]?.start ?? Infinity) < at)) {
      // A full-line comment between a declaration's last token and the next declaration: indented, its end.
      if (column > 0 && closed < d) {
        put({ offset: last.end, owner: last.decl, field: 'endComments' }, text);
        continue;
      }
      if (column === 0) closed = d;
    }
    const before = targets[t - 1];
    const target = targets[t];
    const next = tokens[k]?.startOffset ?? Infinity;
    if (column === undefined && before) put(before, text);
    else if (target && target.offset === next) put(target, text);
    else if (before && next !== Infinity) put(before, text);
    else if (target) put(target, text);
    else trailing.push(text);
  }
  return trailing;
}

type DeclEnd = VisitContext['declEnds'][number];

/** Adds a comment to its place (creating the field of an element that had none). */
function put(target: CommentTarget, text: string): void {
  if ('comments' in target) {
    target.comments.push(text);
    return;
  }
  const owner = target.owner as Record<string, unknown>;
  if (target.clause === undefined) {
    const list = (owner[target.field] ??= []) as string[];
    list.push(text);
    return;
  }
  const byClause = (owner[target.field] ??= {}) as Record<string, string[]>;
  (byClause[target.clause] ??= []).push(text);
}

/** The column of a comment at `offset` (0 at the line's start), or undefined when code precedes it on its line. */
function columnOf(source: string, offset: number): number | undefined {
  let i = offset - 1;
  while (i >= 0 && (source[i] === ' ' || source[i] === '\t')) i -= 1;
  if (i >= 0 && source[i] !== '\n' && source[i] !== '\r') return undefined;
  return offset - 1 - i;
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
