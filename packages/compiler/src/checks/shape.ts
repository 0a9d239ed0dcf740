import { diagnostic } from '@samvad/dsl';
import type { BranchDecl, DiagnosticFix, GotoDecl, Ident, InputDecl, MenuDecl, PageDecl, Span } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';

/** FLOW4002 (a menu with nothing to choose), FLOW4005 (`from` without `fallback`), FLOW4007 (no `text:`). */
export function checkMenuShape(menu: MenuDecl, ctx: CheckContext): void {
  if (menu.text === undefined) missingClause(ctx, menu.id, 'menu', 'text:', `text:\n    ${example(ctx)}`);
  if (menu.options.length === 0 && menu.from === undefined) {
    deadEnd(ctx, menu.id, `menu \`${menu.id.name}\` has no options`, 'add an `option <id> -> <node>` line');
  }
  const from = menu.from;
  if (from !== undefined && from.fallback === undefined) {
    ctx.report(
      diagnostic({
        code: 'FLOW4005',
        severity: 'error',
        message: `the \`from ${from.source.name}\` clause of \`${menu.id.name}\` has no \`fallback\``,
        span: spanOfKeyword(from.span, 4),
        primaryLabel: 'what happens when the source fails or times out?',
        help: 'add a line under the `from` clause naming a node that explains the list is unavailable:\n    fallback -> gr_unavailable',
      }),
    );
  }
}

/** FLOW4002: a page needs `then back | home | end | -> node`. */
export function checkPageShape(page: PageDecl, ctx: CheckContext): void {
  if (page.then !== undefined) return;
  deadEnd(ctx, page.id, `page \`${page.id.name}\` has no \`then\``, 'add a way on as its last line, e.g.\n  then back', thenBackFix(page, ctx));
}

/** The fix of a page without `then`: a `then back` line after its last line, indented like its blocks. */
function thenBackFix(page: PageDecl, ctx: CheckContext): DiagnosticFix {
  const end = page.span.offset + page.span.length;
  const first = page.blocks[0];
  const index = first === undefined ? undefined : ctx.locator.index(page.span.file);
  const line = first === undefined || index === undefined ? undefined : index.lineText(index.locate(first.span.offset).line);
  const indent = /^[ \t]+/.exec(line ?? '')?.[0] ?? '  ';
  return { span: { file: page.span.file, offset: end, length: 0 }, replacement: `\n${indent}then back`, description: 'add `then back`' };
}

/** FLOW4003 (no `then`), FLOW4007 (no question or no `var:`). */
export function checkInputShape(input: InputDecl, ctx: CheckContext): void {
  if (input.text === undefined) missingClause(ctx, input.id, 'input', 'text:', `text:\n    ${example(ctx)}`);
  if (input.variable === undefined) missingClause(ctx, input.id, 'input', 'var:', 'var: answer');
  if (input.then !== undefined) return;
  ctx.report(
    diagnostic({
      code: 'FLOW4003',
      severity: 'error',
      message: `input \`${input.id.name}\` does not say where to go with an answer`,
      span: input.id.span,
      primaryLabel: 'no `then -> <node>`',
      help: 'add a line:\n  then -> <node>',
    }),
  );
}

/** FLOW4004: a branch needs `else`. */
export function checkBranchShape(branch: BranchDecl, ctx: CheckContext): void {
  if (branch.otherwise !== undefined) return;
  ctx.report(
    diagnostic({
      code: 'FLOW4004',
      severity: 'error',
      message: `branch \`${branch.id.name}\` has no \`else\``,
      span: branch.id.span,
      primaryLabel: 'where to go when no `when` holds?',
      help: 'add a last line:\n  else -> <node>',
    }),
  );
}

/** FLOW4002: a goto needs its target. */
export function checkGotoShape(node: GotoDecl, ctx: CheckContext): void {
  if (node.target === undefined) deadEnd(ctx, node.id, `goto \`${node.id.name}\` has no target`, 'write `goto <id> -> <node>`');
}

function deadEnd(ctx: CheckContext, id: Ident, message: string, help: string, fix?: DiagnosticFix): void {
  ctx.report(
    diagnostic({
      code: 'FLOW4002',
      severity: 'error',
      message: `dead end: ${message}`,
      span: id.span,
      primaryLabel: 'a citizen arriving here would be stuck',
      notes: ['only an `end` node may stop the conversation'],
      help,
      ...(fix === undefined ? {} : { fix }),
    }),
  );
}

function missingClause(ctx: CheckContext, id: Ident, kind: string, clause: string, help: string): void {
  ctx.report(
    diagnostic({
      code: 'FLOW4007',
      severity: 'error',
      message: `${kind} \`${id.name}\` has no \`${clause}\``,
      span: id.span,
      primaryLabel: `\`${clause}\` is required here`,
      help: `add:\n  ${help}`,
    }),
  );
}

function example(ctx: CheckContext): string {
  return `${ctx.program.languages[0] ?? 'en'}: "…"`;
}

function spanOfKeyword(span: Span, length: number): Span {
  return { file: span.file, offset: span.offset, length };
}
