import type { IToken, TokenType } from 'chevrotain';
import { tokenMatcher } from '../chevrotain.js';
import { DslCode } from '../codes.js';
import { diagnostic, type Diagnostic } from '../diagnostic.js';
import { count, MAX_CONDITION_DEPTH, MAX_CONDITION_TERMS } from '../limits/limits.js';
import { Arrow, DECL_KEYWORDS, DottedName, Kw, LParen, Name, RParen } from '../lexer/tokens.js';

const clauseEnds: ReadonlySet<TokenType> = new Set([...DECL_KEYWORDS.map((w) => Kw[w]), Kw.when, Kw.else, Arrow]);

/** How big one condition is: its deepest nesting and its number of terms, and where each limit was first passed. */
interface Size {
  depth: number;
  terms: number;
  tooDeepAt?: IToken;
  tooManyAt?: IToken;
}

/**
 * Keeps the full parser (recursive, like every Chevrotain grammar) and every later walk of a
 * condition away from input nested or chained without bound: a `when` clause whose condition
 * nests more than MAX_CONDITION_DEPTH levels of `(` and `not`, or has more than
 * MAX_CONDITION_TERMS terms, is taken out of the token stream whole (from `when` to its target)
 * and reported as FLOW1106. The rest of the file parses as usual. Linear in the tokens.
 */
export function dropOversizedConditions(tokens: IToken[], file: string): { tokens: IToken[]; diagnostics: Diagnostic[] } {
  let kept: IToken[] | undefined;
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as IToken;
    if (t.tokenType !== Kw.when) {
      kept?.push(t);
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < tokens.length && !clauseEnds.has((tokens[end] as IToken).tokenType)) end += 1;
    const size = measure(tokens, i + 1, end);
    if (size.tooDeepAt === undefined && size.tooManyAt === undefined) {
      kept?.push(t);
      i += 1;
      continue;
    }
    kept ??= tokens.slice(0, i);
    diagnostics.push(tooLarge(file, size));
    // The whole clause goes: its condition, `->` and the target.
    if (end < tokens.length && (tokens[end] as IToken).tokenType === Arrow) {
      end += 1;
      if (end < tokens.length && tokenMatcher(tokens[end] as IToken, Name)) end += 1;
    }
    i = end;
  }
  return { tokens: kept ?? tokens, diagnostics };
}

/**
 * Depth is what the parser's recursion would be: open parentheses plus the `not`s still waiting
 * for their operand (a term or a closing parenthesis settles those of its level).
 */
function measure(tokens: readonly IToken[], from: number, to: number): Size {
  const size: Size = { depth: 0, terms: 0 };
  const pending: number[] = [0];
  let nots = 0;
  let operandNext = true;
  const deeper = (t: IToken) => {
    const depth = pending.length - 1 + nots;
    if (depth > size.depth) size.depth = depth;
    if (depth > MAX_CONDITION_DEPTH) size.tooDeepAt ??= t;
  };
  for (let k = from; k < to; k += 1) {
    const t = tokens[k] as IToken;
    const type = t.tokenType;
    if (type === Kw.not && operandNext) {
      pending[pending.length - 1] = (pending[pending.length - 1] as number) + 1;
      nots += 1;
      deeper(t);
    } else if (type === LParen) {
      pending.push(0);
      deeper(t);
      operandNext = true;
    } else if (type === RParen) {
      if (pending.length > 1) nots -= pending.pop() as number;
      nots -= pending[pending.length - 1] as number;
      pending[pending.length - 1] = 0;
      operandNext = false;
    } else if (type === Kw.and || type === Kw.or) {
      operandNext = true;
    } else if (operandNext && (tokenMatcher(t, Name) || type === DottedName)) {
      size.terms += 1;
      if (size.terms > MAX_CONDITION_TERMS) size.tooManyAt ??= t;
      nots -= pending[pending.length - 1] as number;
      pending[pending.length - 1] = 0;
      operandNext = false;
    }
  }
  return size;
}

function tooLarge(file: string, size: Size): Diagnostic {
  const at = (size.tooDeepAt ?? size.tooManyAt) as IToken;
  const deep = size.tooDeepAt !== undefined;
  const span = { file, offset: at.startOffset, length: at.image.length };
  return diagnostic({
    code: DslCode.ConditionTooLarge,
    severity: 'error',
    message: deep
      ? `this condition nests ${count(size.depth)} levels of parentheses and \`not\`; at most ${MAX_CONDITION_DEPTH} are allowed`
      : `this condition has ${count(size.terms)} terms; at most ${MAX_CONDITION_TERMS} are allowed`,
    span,
    primaryLabel: deep ? `level ${MAX_CONDITION_DEPTH + 1} starts here` : `term ${MAX_CONDITION_TERMS + 1}`,
    help: 'split it into several `when` lines (the first true one wins), or set a variable in an earlier step and test that',
  });
}
