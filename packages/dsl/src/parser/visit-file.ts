import type { CstNode } from 'chevrotain';
import type { Decl, FlowFile } from '../ast.js';
import { collectStrays, nodes, type VisitContext } from './cst.js';
import { visitBot } from './visit-bot.js';
import { visitBranch } from './visit-branch.js';
import { visitCall, visitEndpoint } from './visit-effects.js';
import { visitInput } from './visit-input.js';
import { visitMenu } from './visit-menu.js';
import { visitPage } from './visit-page.js';
import { visitEnd, visitGoto, visitInclude, visitSource } from './visit-simple.js';

/** Turns the CST of a whole file into its AST (comments are attached afterwards). */
export function visitFile(ctx: VisitContext, cst: CstNode): Omit<FlowFile, 'trailingComments'> {
  collectStrays(ctx, cst, 'file');
  const decls: Decl[] = [];
  for (const node of nodes(cst, 'decl')) {
    const decl = visitDecl(ctx, node);
    // A declaration without its name (already reported) is left out, so that later
    // phases do not report on a nameless node.
    if (decl && !('id' in decl && decl.id.name === '')) {
      decls.push(decl);
      if (ctx.trackComments) ctx.declEnds.push({ start: decl.span.offset, end: decl.span.offset + decl.span.length, decl });
    }
  }
  return { kind: 'file', file: ctx.file, decls };
}

function visitDecl(ctx: VisitContext, node: CstNode): Decl | undefined {
  switch (node.name) {
    case 'includeDecl':
      return visitInclude(ctx, node);
    case 'botDecl':
      return visitBot(ctx, node);
    case 'menuDecl':
      return visitMenu(ctx, node);
    case 'pageDecl':
      return visitPage(ctx, node);
    case 'inputDecl':
      return visitInput(ctx, node);
    case 'branchDecl':
      return visitBranch(ctx, node);
    case 'gotoDecl':
      return visitGoto(ctx, node);
    case 'endDecl':
      return visitEnd(ctx, node);
    case 'sourceDecl':
      return visitSource(ctx, node);
    case 'endpointDecl':
      return visitEndpoint(ctx, node);
    case 'callDecl':
      return visitCall(ctx, node);
    default:
      return undefined;
  }
}
