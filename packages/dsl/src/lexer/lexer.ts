import type { IToken } from 'chevrotain';
import { Lexer } from '../chevrotain.js';
import type { Span } from '../ast.js';
import { DslCode } from '../codes.js';
import { diagnostic, type Diagnostic } from '../diagnostic.js';
import { scan } from './scan.js';
import { decodeOneLine } from './strings.js';
import { Identifier, KEYWORDS, OneLineString, UnterminatedString, UnterminatedTriple, lexerTokens } from './tokens.js';

let built: InstanceType<typeof Lexer> | undefined;

/**
 * The Chevrotain lexer, built once for the process on first use: building it analyses the
 * token patterns (~10 ms), which a run whose files all scan cleanly (`scan.ts`) never needs.
 */
function flowLexer(): InstanceType<typeof Lexer> {
  built ??= new Lexer(lexerTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    errorMessageProvider: {
      buildUnexpectedCharactersMessage: (text, offset, length) => text.slice(offset, offset + length),
      buildUnableToPopLexerModeMessage: () => 'unreachable',
    },
  });
  return built;
}

/** The tokens of one file, its comments (kept for the formatter) and lexical problems. */
export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Splits a source into tokens; never throws on user input. A hand-written scanner
 * (`scan.ts`) reads files without lexical problems; the Chevrotain lexer is the reference
 * and reads everything else.
 */
export function lex(source: string, file: string): LexResult {
  const fast = scan(source);
  return fast ? finish(fast.tokens, fast.comments, [], file) : lexWithChevrotain(source, file);
}

/** Always uses the Chevrotain lexer; `lex()` gives the same result faster. */
export function lexWithChevrotain(source: string, file: string): LexResult {
  const result = flowLexer().tokenize(source);
  const diagnostics: Diagnostic[] = [];
  for (const error of result.errors) {
    const text = source.slice(error.offset, error.offset + error.length);
    const count = [...text].length;
    const quoted = /[^\x20-\x7e]/.test(text);
    const shown = count > 30 ? `${[...text].slice(0, 29).join('')}…` : text;
    diagnostics.push(
      diagnostic({
        code: DslCode.UnexpectedCharacter,
        severity: 'error',
        message: count === 1 ? `unexpected character \`${text}\`` : `unexpected characters \`${shown}\``,
        span: { file, offset: error.offset, length: error.length },
        primaryLabel: 'not part of the language here',
        help: quoted
          ? 'texts go in double quotes, e.g. `mr: "नमस्कार"`'
          : 'names use letters A–Z, digits and `_`; texts go in double quotes',
      }),
    );
  }
  return finish(result.tokens, result.groups['comments'] ?? [], diagnostics, file);
}

function finish(tokens: IToken[], comments: IToken[], diagnostics: Diagnostic[], file: string): LexResult {
  for (const token of tokens) {
    // 'onlyOffset' tracking leaves endOffset out; the parser's node locations need it.
    token.endOffset = token.startOffset + token.image.length - 1;
    if (token.tokenType === Identifier) {
      const keyword = KEYWORDS.get(token.image);
      if (keyword) {
        token.tokenType = keyword;
        token.tokenTypeIdx = keyword.tokenTypeIdx as number;
      }
      continue;
    }
    const span: Span = { file, offset: token.startOffset, length: token.image.length };
    if (token.tokenType === UnterminatedString) {
      diagnostics.push(
        diagnostic({
          code: DslCode.UnterminatedString,
          severity: 'error',
          message: 'this text has no closing `"`',
          span,
          primaryLabel: 'the text starts here and runs to the end of the line',
          help: 'end the text with `"` on the same line, or use `"""` … `"""` for several lines',
        }),
      );
    } else if (token.tokenType === UnterminatedTriple) {
      diagnostics.push(
        diagnostic({
          code: DslCode.UnterminatedString,
          severity: 'error',
          message: 'this multi-line text has no closing `"""`',
          span: { file, offset: token.startOffset, length: 3 },
          primaryLabel: 'the text starts here and runs to the end of the file',
          help: 'end the text with `"""`',
        }),
      );
    }
    if ((token.tokenType === OneLineString || token.tokenType === UnterminatedString) && token.image.includes('\\')) {
      for (const problem of decodeOneLine(token.image).problems) {
        diagnostics.push(
          diagnostic({
            code: DslCode.UnknownEscape,
            severity: 'error',
            message: `unknown escape \`${problem.escape}\` in a text`,
            span: { file, offset: token.startOffset + problem.offset, length: problem.length },
            help: 'only `\\"` (a quote), `\\\\` (a backslash) and `\\n` (a new line) may follow `\\`; write `\\\\` for a backslash',
          }),
        );
      }
    }
  }
  return { tokens, comments, diagnostics };
}
