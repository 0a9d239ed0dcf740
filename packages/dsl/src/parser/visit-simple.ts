import type { CstNode } from 'chevrotain';
import type { EndDecl, GotoDecl, IncludeDecl, SourceDecl } from '../ast.js';
import {
  clauseComments, collectStrays, commentsAt, ident, nodeSpan, nodes, offsets, optIdent, subNode, token, tokenSpan, tokens, type VisitContext,
} from './cst.js';
import { once } from './duplicates.js';
import { duration, stringLit, visitText } from './visit-text.js';

/** `goto <id> -> <node>` */
export function visitGoto(ctx: VisitContext, node: CstNode): GotoDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  return { kind: 'goto', id: ident(ctx, token(node, 'id'), span), target: optIdent(ctx, token(node, 'target')), span, comments };
}

/** `end <id>` with an optional farewell text. */
export function visitEnd(ctx: VisitContext, node: CstNode): EndDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  collectStrays(ctx, node, 'end');
  const id = ident(ctx, token(node, 'id'), span);
  const textNode = once(ctx, nodes(node, 'textClause'), (n) => nodeSpan(ctx, n), 'text:', `end \`${id.name}\``);
  const end: EndDecl = {
    kind: 'end',
    id,
    text: textNode ? visitText(ctx, subNode(textNode, 'textBlock'), nodeSpan(ctx, textNode)) : undefined,
    span,
    comments,
  };
  clauseComments(ctx, end, 'text', nodes(node, 'textClause').map((n) => nodeSpan(ctx, n).offset));
  return end;
}

/** `source <id>` with an optional timeout. */
export function visitSource(ctx: VisitContext, node: CstNode): SourceDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  collectStrays(ctx, node, 'source');
  const id = ident(ctx, token(node, 'id'), span);
  const timeout = once(ctx, tokens(node, 'timeout'), (t) => tokenSpan(ctx, t), 'timeout:', `source \`${id.name}\``);
  const source: SourceDecl = { kind: 'source', id, timeout: duration(ctx, timeout), span, comments };
  clauseComments(ctx, source, 'timeout', offsets(node, 'Kw_timeout'));
  return source;
}

/** `include "path.flow"`; undefined when the path is missing (already reported). */
export function visitInclude(ctx: VisitContext, node: CstNode): IncludeDecl | undefined {
  const span = nodeSpan(ctx, node);
  const path = token(node, 'path');
  if (!path) return undefined;
  return { kind: 'include', path: stringLit(ctx, path), span, comments: commentsAt(ctx, span.offset) };
}
