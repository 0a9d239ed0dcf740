import type { Span } from '../ast.js';
import { DslCode } from '../codes.js';
import { diagnostic } from '../diagnostic.js';
import type { VisitContext } from './cst.js';

/**
 * Keeps the first of clauses that may appear once and reports every later one
 * (FLOW1105), pointing back at the first.
 */
export function once<T>(ctx: VisitContext, items: readonly T[], spanOf: (item: T, index: number) => Span, clause: string, owner: string): T | undefined {
  const [first, ...rest] = items;
  if (first === undefined) return undefined;
  for (const [i, extra] of rest.entries()) {
    ctx.diagnostics.push(
      diagnostic({
        code: DslCode.DuplicateClause,
        severity: 'error',
        message: `\`${clause}\` is written twice in ${owner}`,
        span: spanOf(extra, i + 1),
        primaryLabel: 'second one',
        labels: [{ span: spanOf(first, 0), message: 'first one here' }],
        help: `keep one \`${clause}\` and delete the other`,
      }),
    );
  }
  return first;
}
