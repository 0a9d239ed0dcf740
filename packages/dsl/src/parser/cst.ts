import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Comments, Ident, NumberLit, Span } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';

/**
 * What the CST-to-AST visitor shares while it walks one file: the file name, the
 * diagnostics found so far, the elements comments may attach to, and stray tokens.
 */
export interface VisitContext {
  readonly file: string;
  readonly diagnostics: Diagnostic[];
  /** Elements with a `comments` array, by the offset they start at. */
  readonly commentTargets: CommentTarget[];
  /** Every declaration's end, in source order, for the comments written after its last line. */
  readonly declEnds: { readonly start: number; readonly end: number; readonly decl: object }[];
  /** False when the file has no comments: then no targets are recorded. */
  readonly trackComments: boolean;
  /** Runs of tokens that start no clause, with the place they were found in. */
  readonly strays: { token: IToken; place: StrayPlace }[];
}

/**
 * A place comments written before `offset` (the start of an element) go: an array filled as they
 * are found, or a field of `owner` created when the first one lands (`owner[field]`, or
 * `owner[field][clause]` for a clause's comments), so that an AST without comments there has none.
 */
export type CommentTarget =
  | { readonly offset: number; readonly comments: string[] }
  | { readonly offset: number; readonly owner: object; readonly field: string; readonly clause?: string };

/** Where stray tokens were found: a declaration kind, or the top level of the file. */
export type StrayPlace = 'file' | 'bot' | 'menu' | 'page' | 'input' | 'branch' | 'end' | 'source' | 'endpoint' | 'call';

/** A token that really is in the source (not inserted by error recovery). */
export function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && Number.isFinite(token.startOffset);
}

const NONE: never[] = [];

/** The tokens stored under `key`, real ones only. */
export function tokens(node: CstNode, key: string): IToken[] {
  const list = node.children[key] as IToken[] | undefined;
  if (!list) return NONE;
  return list.every((t) => isReal(t)) ? list : list.filter((t) => isReal(t));
}

/** The first real token stored under `key`. */
export function token(node: CstNode, key: string): IToken | undefined {
  const list = node.children[key] as IToken[] | undefined;
  if (!list) return undefined;
  for (const t of list) if (isReal(t)) return t;
  return undefined;
}

/** The sub-nodes stored under `key` (a key holds either tokens or nodes, never both). */
export function nodes(node: CstNode, key: string): CstNode[] {
  const list = node.children[key] as CstElement[] | undefined;
  if (!list || list.length === 0 || !('children' in (list[0] as CstElement))) return NONE;
  return list as CstNode[];
}

/** The first sub-node stored under `key`. */
export function subNode(node: CstNode, key: string): CstNode | undefined {
  return nodes(node, key)[0];
}

/** The span of a token. */
export function tokenSpan(ctx: VisitContext, t: IToken): Span {
  return { file: ctx.file, offset: t.startOffset, length: t.image.length };
}

/** The span of a CST node, from its first to its last real token. */
export function nodeSpan(ctx: VisitContext, node: CstNode, fallback = 0): Span {
  const loc = node.location;
  if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset ?? NaN)) {
    return { file: ctx.file, offset: loc.startOffset, length: (loc.endOffset ?? loc.startOffset) - loc.startOffset + 1 };
  }
  return { file: ctx.file, offset: Number.isFinite(loc?.startOffset) ? (loc?.startOffset ?? fallback) : fallback, length: 0 };
}

/**
 * Where the `index`th block after a `keyword` (a token type name, `Kw_send`) of `owner` is: the
 * block itself, or — when it is empty, so that it has no place of its own (`send:` with nothing
 * under it) — its keyword, never the file's start (an incremental re-parse places a diagnostic by
 * its span).
 */
export function blockSpan(ctx: VisitContext, owner: CstNode, keyword: string, block: CstNode, index: number): Span {
  const span = nodeSpan(ctx, block, Number.NaN);
  if (Number.isFinite(span.offset)) return span;
  const at = tokens(owner, keyword)[index];
  return at !== undefined ? tokenSpan(ctx, at) : nodeSpan(ctx, owner);
}

/** The span from one span's start to another's end. */
export function joinSpans(a: Span, b: Span): Span {
  const end = Math.max(a.offset + a.length, b.offset + b.length);
  return { file: a.file, offset: a.offset, length: end - a.offset };
}

/** An identifier; a missing one (after a parse error) has the empty name at `fallback`. */
export function ident(ctx: VisitContext, t: IToken | undefined, fallback: Span): Ident {
  if (!t) return { name: '', span: { file: ctx.file, offset: fallback.offset + fallback.length, length: 0 } };
  return { name: t.image, span: tokenSpan(ctx, t) };
}

/** An identifier if the token is there. */
export function optIdent(ctx: VisitContext, t: IToken | undefined): Ident | undefined {
  return t ? { name: t.image, span: tokenSpan(ctx, t) } : undefined;
}

/** A number literal if the token is there. */
export function numberLit(ctx: VisitContext, t: IToken | undefined): NumberLit | undefined {
  return t ? { value: Number.parseInt(t.image, 10), span: tokenSpan(ctx, t) } : undefined;
}

/** The comments of every element of a file without comments: one shared, frozen empty list. */
const NO_COMMENTS: Comments = Object.freeze([]);

/**
 * A fresh comments array for an element starting at `offset`, filled after the walk; in a file
 * without comments, the shared empty list (nothing will ever be added).
 */
export function commentsAt(ctx: VisitContext, offset: number): Comments {
  if (!ctx.trackComments || !Number.isFinite(offset)) return NO_COMMENTS;
  const comments: string[] = [];
  ctx.commentTargets.push({ offset, comments });
  return comments;
}

/**
 * Comments written above `owner`'s clause `clause` (at each of `offsets`, one per time the clause
 * is written) go to `owner.clauseComments[clause]`, created when one lands.
 */
export function clauseComments(ctx: VisitContext, owner: object, clause: string, offsets: readonly number[]): void {
  if (!ctx.trackComments) return;
  for (const offset of offsets) if (Number.isFinite(offset)) ctx.commentTargets.push({ offset, owner, field: 'clauseComments', clause });
}

/** Comments written above the element at `offset` go to `owner.comments`, created when one lands. */
export function optionalComments(ctx: VisitContext, owner: object, offset: number): void {
  if (ctx.trackComments && Number.isFinite(offset)) ctx.commentTargets.push({ offset, owner, field: 'comments' });
}

/** The offsets of the real tokens stored under `key` (a clause keyword, each time it is written). */
export function offsets(node: CstNode, key: string): number[] {
  return tokens(node, key).map((t) => t.startOffset);
}

/** Records the stray tokens of a declaration body (or of the file) for one report per run. */
export function collectStrays(ctx: VisitContext, node: CstNode, place: StrayPlace): void {
  for (const t of tokens(node, 'stray')) ctx.strays.push({ token: t, place });
}
