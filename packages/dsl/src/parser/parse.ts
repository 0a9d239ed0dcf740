import type { FlowFile } from '../ast.js';
import { DslCode } from '../codes.js';
import { diagnostic, type Diagnostic } from '../diagnostic.js';
import type { IToken } from 'chevrotain';
import { lex, type LexResult } from '../lexer/lexer.js';
import { capDiagnostics } from '../limits/cap.js';
import { notTextDiagnostic } from '../limits/text-check.js';
import { attachComments, headerLength } from './comments.js';
import { dropOversizedConditions } from './condition-size.js';
import type { VisitContext } from './cst.js';
import { flowParser, parseTokens } from './grammar.js';
import { parseErrorDiagnostics } from './parse-errors.js';
import { reportStrays } from './strays.js';
import { visitFile } from './visit-file.js';
import { wordIndentDiagnostics } from './word-indent.js';

/** The AST of a file and every problem found reading it, in source order. */
export interface ParseResult {
  readonly ast: FlowFile;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses one `.flow` source with the Chevrotain parser, the one parser of the language. Never
 * throws: lexical and syntax errors, and even an internal failure, come back as diagnostics next
 * to the best AST that could be built (the parser recovers to report several errors). Optional
 * fields in the AST may be missing after errors; the compiler checks them.
 */
export function parse(source: string, file: string): ParseResult {
  return guarded(file, () => {
    const text = String(source);
    const binary = notTextDiagnostic(text, file);
    if (binary !== undefined) return { ast: emptyFile(file), diagnostics: [binary] };
    return parseLexed(text, file, lex(text, file));
  });
}

function emptyFile(file: string): FlowFile {
  return { kind: 'file', file, decls: [], trailingComments: [] };
}

function guarded(file: string, work: () => ParseResult): ParseResult {
  try {
    return work();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ast: emptyFile(file),
      diagnostics: [
        diagnostic({
          code: DslCode.InternalError,
          severity: 'error',
          message: 'the file could not be read because of an internal error in the parser',
          span: { file, offset: 0, length: 0 },
          notes: [detail],
          help: 'please report this file to the Samvad maintainers; meanwhile check the lines you changed last',
        }),
      ],
    };
  }
}

function context(file: string, comments: readonly IToken[], diagnostics: Diagnostic[] = []): VisitContext {
  return { file, diagnostics, commentTargets: [], declEnds: [], trackComments: comments.length > 0, strays: [] };
}

function parseLexed(source: string, file: string, lexed: LexResult): ParseResult {
  const limited = dropOversizedConditions(lexed.tokens, file);
  const cst = parseTokens(limited.tokens);
  const syntax = parseErrorDiagnostics(flowParser().errors, file, source, lexed.diagnostics);
  const ctx = context(file, lexed.comments, [...syntax]);
  const partial = visitFile(ctx, cst);
  const ast = withComments(source, limited.tokens, lexed.comments, ctx, partial);
  reportStrays(ctx, limited.tokens, flowParser().errors.map((e) => e.token.startOffset));
  const layout = wordIndentDiagnostics(source, file, ast.decls);
  const all = [...lexed.diagnostics, ...limited.diagnostics, ...ctx.diagnostics, ...layout].sort((a, b) => a.span.offset - b.span.offset);
  return { ast, diagnostics: capDiagnostics(all) };
}

/** Gives the comments to their elements; the file header and the end comments to the file. */
function withComments(
  source: string,
  tokens: readonly IToken[],
  comments: readonly IToken[],
  ctx: VisitContext,
  partial: Omit<FlowFile, 'trailingComments'>,
): FlowFile {
  if (comments.length === 0) return { ...partial, trailingComments: [] };
  const header = headerLength(source, comments, tokens[0]?.startOffset ?? source.length);
  const leadingComments = comments.slice(0, header).map((c) => c.image.slice(1).trimEnd());
  const trailingComments = attachComments(ctx, comments.slice(header), tokens, source);
  const ast: FlowFile = { ...partial, trailingComments };
  return leadingComments.length > 0 ? { ...ast, leadingComments } : ast;
}
