import type { CstNode } from 'chevrotain';
import type { Comments, PageBlock, PageDecl, Span, WayOn } from '../ast.js';
import { collectStrays, commentsAt, ident, nodeSpan, nodes, subNode, token, tokenSpan, type VisitContext } from './cst.js';
import { once } from './duplicates.js';
import { stringLit, visitLabel, visitText } from './visit-text.js';

/** `page <id>`: its blocks in order, then its way on. */
export function visitPage(ctx: VisitContext, node: CstNode): PageDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  collectStrays(ctx, node, 'page');
  const id = ident(ctx, token(node, 'id'), span);
  const wayOn = once(ctx, nodes(node, 'wayOn'), (n) => nodeSpan(ctx, n), 'then', `page \`${id.name}\``);
  return {
    kind: 'page',
    id,
    blocks: nodes(node, 'block').flatMap((n) => visitBlock(ctx, n)),
    then: wayOn ? visitWayOn(ctx, wayOn) : undefined,
    span,
    comments,
  };
}

function visitBlock(ctx: VisitContext, node: CstNode): PageBlock[] {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  const text = visitText(ctx, subNode(node, 'textBlock'), span);
  switch (node.name) {
    case 'textClause':
      return [{ kind: 'text', text, span, comments }];
    case 'pageBlock': {
      const keyword = token(node, 'keyword')?.image;
      if (keyword === 'bullet' || keyword === 'fee' || keyword === 'time') return [{ kind: keyword, text, span, comments }];
      return [];
    }
    case 'linkBlock': {
      const url = token(node, 'url');
      if (!url) return [];
      const urlLit = stringLit(ctx, url);
      return [{ kind: 'link', url: urlLit, label: visitLabel(ctx, subNode(node, 'label'), urlLit.span), span, comments }];
    }
    case 'buttonBlock': {
      const url = token(node, 'url');
      if (!url) return [];
      const urlLit = stringLit(ctx, url);
      return [{ kind: 'button', url: urlLit, label: visitLabel(ctx, subNode(node, 'label'), urlLit.span), span, comments }];
    }
    case 'mediaBlock':
      return visitMedia(ctx, node, span, comments);
    default:
      return [];
  }
}

function visitMedia(ctx: VisitContext, node: CstNode, span: Span, comments: Comments): PageBlock[] {
  const url = token(node, 'url');
  const mediaType = token(node, 'mediaType')?.image;
  if (!url || (mediaType !== 'image' && mediaType !== 'document' && mediaType !== 'video')) return [];
  const urlLit = stringLit(ctx, url);
  const filename = token(node, 'filename');
  const fileLit = filename ? stringLit(ctx, filename) : undefined;
  const caption = visitLabel(ctx, subNode(node, 'caption'), fileLit?.span ?? urlLit.span);
  return [{ kind: 'media', mediaType, url: urlLit, ...(fileLit ? { filename: fileLit } : {}), caption, span, comments }];
}

function visitWayOn(ctx: VisitContext, node: CstNode): WayOn | undefined {
  const span = nodeSpan(ctx, node);
  const way = wayOf(ctx, node, span);
  return way ? { ...way, comments: commentsAt(ctx, span.offset) } : undefined;
}

function wayOf(ctx: VisitContext, node: CstNode, span: Span): WayOn | undefined {
  if (token(node, 'back')) return { kind: 'back', span };
  if (token(node, 'home')) return { kind: 'home', span };
  if (token(node, 'end')) return { kind: 'end', span };
  const target = token(node, 'target');
  return target ? { kind: 'next', target: { name: target.image, span: tokenSpan(ctx, target) }, span } : undefined;
}
