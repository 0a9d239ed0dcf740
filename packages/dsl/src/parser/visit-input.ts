import type { CstNode, IToken } from 'chevrotain';
import { DslCode } from '../codes.js';
import { diagnostic } from '../diagnostic.js';
import type { Expectation, InputDecl } from '../ast.js';
import {
  blockSpan, clauseComments, collectStrays, commentsAt, ident, nodeSpan, nodes, numberLit, offsets, optIdent, subNode, token, tokenSpan, tokens,
  type VisitContext,
} from './cst.js';
import { once } from './duplicates.js';
import { stringLit, visitText } from './visit-text.js';

/** `input <id>`: question, variable, expectation, retry text, retry cap and way on. */
export function visitInput(ctx: VisitContext, node: CstNode): InputDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  collectStrays(ctx, node, 'input');
  const id = ident(ctx, token(node, 'id'), span);
  const owner = `input \`${id.name}\``;
  const sub = (key: string, clause: string, keyword: string) => once(ctx, nodes(node, key), (n, i) => blockSpan(ctx, node, keyword, n, i), clause, owner);
  const tok = (key: string, clause: string) => once(ctx, tokens(node, key), (t) => tokenSpan(ctx, t), clause, owner);
  const textNode = sub('textClause', 'text:', 'Kw_text');
  const expectNode = sub('expectation', 'expect:', 'Kw_expect');
  const retry = sub('retry', 'retry:', 'Kw_retry');
  const retries = tok('retries', 'retries:');
  const count = numberLit(ctx, retries);
  const input: InputDecl = {
    kind: 'input',
    id,
    text: textNode ? visitText(ctx, subNode(textNode, 'textBlock'), nodeSpan(ctx, textNode)) : undefined,
    variable: optIdent(ctx, tok('variable', 'var:') ?? intoInsteadOfVar(ctx, node)),
    expect: expectNode ? visitExpectation(ctx, expectNode) : undefined,
    retry: retry ? visitText(ctx, retry, nodeSpan(ctx, retry)) : undefined,
    retries: count ? { count, target: ident(ctx, token(node, 'retriesTarget'), count.span) } : undefined,
    then: optIdent(ctx, tok('then', 'then')),
    span,
    comments,
  };
  clauseComments(ctx, input, 'text', nodes(node, 'textClause').map((n) => nodeSpan(ctx, n).offset));
  for (const clause of ['var', 'expect', 'retry', 'retries', 'then']) clauseComments(ctx, input, clause, offsets(node, `Kw_${clause}`));
  return input;
}

function visitExpectation(ctx: VisitContext, node: CstNode): Expectation | undefined {
  const span = nodeSpan(ctx, node);
  const values = tokens(node, 'value').map((t) => stringLit(ctx, t));
  switch (token(node, 'kind')?.image) {
    case 'number':
      return { kind: 'number', min: numberLit(ctx, token(node, 'min')), max: numberLit(ctx, token(node, 'max')), span };
    case 'digits':
      return { kind: 'digits', length: numberLit(ctx, token(node, 'length')), span };
    case 'pattern': {
      const pattern = values[0];
      return pattern ? { kind: 'pattern', pattern, span } : undefined;
    }
    case 'one':
      return { kind: 'oneOf', values, span };
    case 'any':
      return { kind: 'any', span };
    case 'photo':
    case 'document':
    case 'location':
    case 'contact':
      return { kind: token(node, 'kind')?.image as 'photo' | 'document' | 'location' | 'contact', span };
    default:
      return undefined;
  }
}

/**
 * `into: x` in an input (the word a data-source menu uses): FLOW1102 with the fix `var:`; the
 * variable is still read, so that later checks do not report it missing too.
 */
function intoInsteadOfVar(ctx: VisitContext, node: CstNode): IToken | undefined {
  const keyword = token(node, 'intoKeyword');
  const name = token(node, 'into');
  if (!keyword || !name) return undefined;
  const span = tokenSpan(ctx, keyword);
  ctx.diagnostics.push(
    diagnostic({
      code: DslCode.UnknownClause,
      severity: 'error',
      message: 'an input names its variable with `var:`, not `into:`',
      span,
      primaryLabel: 'write `var:` here',
      notes: ['`into` names the row of a data-source menu (`from … into gr -> …`)'],
      help: `write \`var: ${name.image}\``,
      fix: { span, replacement: 'var', description: 'write `var:`' },
    }),
  );
  return name;
}
