import type { CstNode } from 'chevrotain';
import type { BranchDecl, CompareOp, Condition, Span, WhenClause } from '../ast.js';
import { NumberLit } from '../lexer/tokens.js';
import {
  clauseComments, collectStrays, commentsAt, ident, joinSpans, nodeSpan, nodes, offsets, optIdent, subNode, token, tokenSpan, tokens,
  type VisitContext,
} from './cst.js';
import { once } from './duplicates.js';
import { stringLit } from './visit-text.js';

/** `branch <id>`: `when` clauses in order and the `else` target. */
export function visitBranch(ctx: VisitContext, node: CstNode): BranchDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  collectStrays(ctx, node, 'branch');
  const id = ident(ctx, token(node, 'id'), span);
  const otherwise = once(ctx, tokens(node, 'otherwise'), (t) => tokenSpan(ctx, t), 'else', `branch \`${id.name}\``);
  const branch: BranchDecl = {
    kind: 'branch',
    id,
    cases: nodes(node, 'whenClause').flatMap((n) => visitWhen(ctx, n)),
    otherwise: optIdent(ctx, otherwise),
    span,
    comments,
  };
  clauseComments(ctx, branch, 'else', offsets(node, 'Kw_else'));
  return branch;
}

function visitWhen(ctx: VisitContext, node: CstNode): WhenClause[] {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  const condition = visitCondition(ctx, subNode(node, 'orCondition'));
  if (!condition) return [];
  return [{ condition, target: ident(ctx, token(node, 'target'), condition.span), span, comments }];
}

/** Folds `a or b or c` (and `and`) to the left; undefined when recovery left nothing usable. */
function visitCondition(ctx: VisitContext, node: CstNode | undefined): Condition | undefined {
  if (!node) return undefined;
  switch (node.name) {
    case 'orCondition':
    case 'andCondition': {
      const kind = node.name === 'orCondition' ? 'or' : 'and';
      const operands = nodes(node, 'operand').map((n) => visitCondition(ctx, n));
      let result: Condition | undefined;
      for (const operand of operands) {
        if (!operand) continue;
        result = result ? { kind, left: result, right: operand, span: joinSpans(result.span, operand.span) } : operand;
      }
      return result;
    }
    case 'notCondition': {
      const group = subNode(node, 'group');
      if (group) return visitCondition(ctx, group);
      const operand = subNode(node, 'operand');
      if (operand) {
        const inner = visitCondition(ctx, operand);
        return inner ? { kind: 'not', operand: inner, span: nodeSpan(ctx, node) } : undefined;
      }
      return visitCondition(ctx, subNode(node, 'comparison'));
    }
    case 'comparison':
      return visitComparison(ctx, node);
    default:
      return undefined;
  }
}

function visitComparison(ctx: VisitContext, node: CstNode): Condition | undefined {
  const variableToken = token(node, 'variable');
  if (!variableToken) return undefined;
  const variable = { name: variableToken.image, span: tokenSpan(ctx, variableToken) };
  const op = token(node, 'op');
  const value = token(node, 'value');
  if (!op || !value) return { kind: 'isSet', variable, span: variable.span };
  const span: Span = joinSpans(variable.span, tokenSpan(ctx, value));
  const literal =
    value.tokenType === NumberLit
      ? { value: Number.parseInt(value.image, 10), span: tokenSpan(ctx, value) }
      : stringLit(ctx, value);
  return { kind: 'compare', variable, op: op.image as CompareOp, value: literal, span };
}
