import type { CstNode } from 'chevrotain';
import type { FromClause, MenuDecl, OptionDecl, SetClause, SourceParam } from '../ast.js';
import {
  clauseComments, collectStrays, commentsAt, ident, nodeSpan, nodes, numberLit, offsets, optIdent, optionalComments, subNode, token,
  tokenSpan, tokens, type VisitContext,
} from './cst.js';
import { once } from './duplicates.js';
import { duration, stringLit, visitLabel, visitText } from './visit-text.js';

/** `menu <id>` with its text, options and `from` clause. */
export function visitMenu(ctx: VisitContext, node: CstNode): MenuDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  collectStrays(ctx, node, 'menu');
  const id = ident(ctx, token(node, 'id'), span);
  const owner = `menu \`${id.name}\``;
  const textNode = once(ctx, nodes(node, 'textClause'), (n) => nodeSpan(ctx, n), 'text:', owner);
  const fromNode = once(ctx, nodes(node, 'fromClause'), (n) => nodeSpan(ctx, n), 'from', owner);
  const menu: MenuDecl = {
    kind: 'menu',
    id,
    text: textNode ? visitText(ctx, subNode(textNode, 'textBlock'), nodeSpan(ctx, textNode)) : undefined,
    options: nodes(node, 'optionClause').map((n) => visitOption(ctx, n)),
    from: fromNode ? visitFrom(ctx, fromNode) : undefined,
    span,
    comments,
  };
  clauseComments(ctx, menu, 'text', nodes(node, 'textClause').map((n) => nodeSpan(ctx, n).offset));
  return menu;
}

function visitOption(ctx: VisitContext, node: CstNode): OptionDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  const id = ident(ctx, token(node, 'id'), span);
  const target = ident(ctx, token(node, 'target'), id.span);
  const owner = `option \`${id.name}\``;
  const description = once(ctx, nodes(node, 'description'), (n) => nodeSpan(ctx, n), 'description:', owner);
  const tok = (key: string, clause: string) => once(ctx, tokens(node, key), (t) => tokenSpan(ctx, t), clause, owner);
  const option: OptionDecl = {
    id,
    target,
    label: visitLabel(ctx, subNode(node, 'label'), target.span),
    description: description ? visitText(ctx, description, nodeSpan(ctx, description)) : undefined,
    words: tokens(node, 'word').map((w) => stringLit(ctx, w)),
    number: numberLit(ctx, tok('number', 'number:')),
    sets: nodes(node, 'setClause').map((n) => visitSet(ctx, n)),
    language: optIdent(ctx, tok('language', 'language:')),
    span,
    comments,
  };
  for (const clause of ['description', 'words', 'number', 'language']) clauseComments(ctx, option, clause, offsets(node, `Kw_${clause}`));
  return option;
}

function visitSet(ctx: VisitContext, node: CstNode): SetClause {
  const span = nodeSpan(ctx, node);
  const variable = ident(ctx, token(node, 'variable'), span);
  const value = token(node, 'value');
  const set: SetClause = { variable, value: value ? stringLit(ctx, value) : { value: '', span: { ...span, offset: span.offset + span.length, length: 0 } } };
  optionalComments(ctx, set, span.offset);
  return set;
}

function visitFrom(ctx: VisitContext, node: CstNode): FromClause {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  const source = ident(ctx, token(node, 'source'), span);
  const into = ident(ctx, token(node, 'into'), source.span);
  const target = ident(ctx, token(node, 'target'), into.span);
  const owner = `\`from ${source.name}\``;
  const title = once(ctx, nodes(node, 'title'), (n) => nodeSpan(ctx, n), 'title:', owner);
  const description = once(ctx, nodes(node, 'description'), (n) => nodeSpan(ctx, n), 'description:', owner);
  const tok = (key: string, clause: string) => once(ctx, tokens(node, key), (t) => tokenSpan(ctx, t), clause, owner);
  const from: FromClause = {
    source,
    params: nodes(node, 'sourceParam').map((n) => visitParam(ctx, n)),
    into,
    target,
    title: visitText(ctx, title, target.span),
    description: description ? visitText(ctx, description, nodeSpan(ctx, description)) : undefined,
    timeout: duration(ctx, tok('timeout', 'timeout:')),
    fallback: optIdent(ctx, tok('fallback', 'fallback')),
    span,
    comments,
  };
  for (const clause of ['title', 'description', 'timeout', 'fallback']) clauseComments(ctx, from, clause, offsets(node, `Kw_${clause}`));
  return from;
}

function visitParam(ctx: VisitContext, node: CstNode): SourceParam {
  const span = nodeSpan(ctx, node);
  const name = ident(ctx, token(node, 'name'), span);
  const value = token(node, 'value');
  return { name, value: value ? stringLit(ctx, value) : { value: '', span: { ...span, offset: span.offset + span.length, length: 0 } } };
}
