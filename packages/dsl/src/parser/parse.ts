import type { FlowFile } from '../ast.js';
import { DslCode } from '../codes.js';
import { diagnostic, type Diagnostic } from '../diagnostic.js';
import { lex } from '../lexer/lexer.js';
import { attachComments, headerLength } from './comments.js';
import type { VisitContext } from './cst.js';
import { flowParser, parseTokens } from './grammar.js';
import { parseErrorDiagnostics } from './parse-errors.js';
import { reportStrays } from './strays.js';
import { visitFile } from './visit-file.js';

/** The AST of a file and every problem found reading it, in source order. */
export interface ParseResult {
  readonly ast: FlowFile;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses one `.flow` source. Never throws: lexical and syntax errors, and even an
 * internal failure, come back as diagnostics next to the best AST that could be built.
 * Optional fields in the AST may be missing after errors; the compiler checks them.
 */
export function parse(source: string, file: string): ParseResult {
  try {
    return parseUnsafe(String(source), file);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ast: { kind: 'file', file, decls: [], trailingComments: [] },
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

function parseUnsafe(source: string, file: string): ParseResult {
  const lexed = lex(source, file);
  const cst = parseTokens(lexed.tokens);
  const syntax = parseErrorDiagnostics(flowParser.errors, file, source, lexed.diagnostics);
  const ctx: VisitContext = { file, diagnostics: [...syntax], commentTargets: [], trackComments: lexed.comments.length > 0, strays: [] };
  const partial = visitFile(ctx, cst);
  const firstToken = lexed.tokens[0]?.startOffset ?? source.length;
  const header = headerLength(source, lexed.comments, firstToken);
  const leadingComments = lexed.comments.slice(0, header).map((c) => c.image.slice(1).trimEnd());
  const trailingComments = attachComments(ctx, lexed.comments.slice(header));
  reportStrays(ctx, lexed.tokens, flowParser.errors.map((e) => e.token.startOffset));
  const diagnostics = [...lexed.diagnostics, ...ctx.diagnostics].sort(
    (a, b) => a.span.offset - b.span.offset,
  );
  const ast: FlowFile = { ...partial, trailingComments };
  return { ast: leadingComments.length > 0 ? { ...ast, leadingComments } : ast, diagnostics };
}
