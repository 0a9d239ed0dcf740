import type { TokenType } from 'chevrotain';
import { Lexer, createToken } from '../chevrotain.js';

/**
 * Every token of the `.flow` language (see `docs/language.md`, "Lexical rules").
 *
 * Two abstract categories make the grammar simple:
 * - `Name` matches a plain identifier *and* every keyword, so keywords are soft
 *   (`menu home`, `then -> end`); language codes use `Identifier`, which is never a keyword.
 * - `AnyToken` matches every concrete token; the parser uses it to skip stray input
 *   inside a declaration and report it once.
 */
/** Category of every concrete token (stray input is consumed as this). */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
/** Category of plain names and keywords: wherever a node id or variable is expected. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
/** A string literal of either form. */
export const StringLit = createToken({ name: 'StringLit', pattern: Lexer.NA });

const any = [AnyToken];

/** Spaces, tabs, line breaks, BOM: skipped (indentation is not significant). */
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\uFEFF]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** `#` to the end of the line, kept in the `comments` group for the formatter. */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });

/** `"""…"""`, possibly spanning lines; raw (no escapes). */
export const TripleString = createToken({
  name: 'TripleString',
  pattern: /"""[\s\S]*?"""/,
  line_breaks: true,
  categories: [StringLit, AnyToken],
});
/** `"""…` without its closing quotes: reported as FLOW1002, parsed as a string. */
export const UnterminatedTriple = createToken({
  name: 'UnterminatedTriple',
  pattern: /"""[\s\S]*/,
  line_breaks: true,
  categories: [StringLit, AnyToken],
});
/** `"…"` on one line, escapes `\"` `\\` `\n`. */
export const OneLineString = createToken({
  name: 'OneLineString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  categories: [StringLit, AnyToken],
});
/** `"…` up to the end of the line: reported as FLOW1002, parsed as a string. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringLit, AnyToken],
});

// Punctuation.
export const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: '`->`', categories: any });
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\./, label: '`..`', categories: any });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/, label: '`==`', categories: any });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/, label: '`!=`', categories: any });
export const LtEq = createToken({ name: 'LtEq', pattern: /<=/, label: '`<=`', categories: any });
export const GtEq = createToken({ name: 'GtEq', pattern: />=/, label: '`>=`', categories: any });
export const Lt = createToken({ name: 'Lt', pattern: /</, label: '`<`', categories: any });
export const Gt = createToken({ name: 'Gt', pattern: />/, label: '`>`', categories: any });
export const Assign = createToken({ name: 'Assign', pattern: /=/, label: '`=`', categories: any });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: '`:`', categories: any });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: '`,`', categories: any });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: '`(`', categories: any });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: '`)`', categories: any });

/** `800ms`, `4s`, `30m`, `2h`. */
export const DurationLit = createToken({
  name: 'DurationLit',
  pattern: /[0-9]+(?:ms|s|m|h)(?![A-Za-z0-9_])/,
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  label: 'a duration',
  categories: any,
});
export const NumberLit = createToken({ name: 'NumberLit', pattern: /[0-9]+/, label: 'a number', categories: any });

/** `gr.title` — a field of a data-source row. */
export const DottedName = createToken({
  name: 'DottedName',
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+/,
  label: 'a name',
  categories: any,
});
/** A name that is not a keyword (language codes must be these). */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a name',
  categories: [Name, AnyToken],
});

/**
 * A keyword. The lexer reads every word as an `Identifier` and `lex()` then retypes the
 * words found in `KEYWORDS` (one map lookup instead of ~50 patterns tried per word).
 */
function keyword(word: string): TokenType {
  return createToken({ name: `Kw_${word}`, pattern: Lexer.NA, label: `\`${word}\``, categories: [Name, AnyToken] });
}

/** All keywords, soft: each also matches `Name`. */
export const KEYWORD_WORDS = [
  'include', 'bot', 'languages', 'start', 'retries', 'idle', 'commands', 'messages', 'menu', 'page',
  'input', 'branch', 'goto', 'end', 'source', 'text', 'option', 'description', 'words', 'number', 'set',
  'language', 'from', 'into', 'title', 'timeout', 'fallback', 'link', 'fee', 'time', 'bullet', 'then',
  'back', 'home', 'var', 'expect', 'digits', 'pattern', 'one', 'of', 'any', 'retry', 'when', 'else',
  'and', 'or', 'not', 'endpoint', 'url', 'secret', 'env', 'sends', 'answers', 'call', 'send', 'receive', 'button',
  'image', 'document', 'video', 'name', 'photo', 'location', 'contact',
] as const;

export type KeywordWord = (typeof KEYWORD_WORDS)[number];

/** Keyword token types by word. */
export const Kw = Object.fromEntries(KEYWORD_WORDS.map((w) => [w, keyword(w)])) as Record<KeywordWord, TokenType>;

/** Keyword token types by the word as written. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map(KEYWORD_WORDS.map((w) => [w, Kw[w]]));

/** Keywords that open a top-level declaration. */
export const DECL_KEYWORDS: readonly KeywordWord[] = [
  'include', 'bot', 'menu', 'page', 'input', 'branch', 'goto', 'end', 'source', 'endpoint', 'call',
];

/** What the lexer matches, in order: longer and more specific patterns first. */
export const lexerTokens: TokenType[] = [
  WhiteSpace, Comment,
  TripleString, UnterminatedTriple, OneLineString, UnterminatedString,
  Arrow, DotDot, EqEq, NotEq, LtEq, GtEq, Lt, Gt, Assign, Colon, Comma, LParen, RParen,
  DurationLit, NumberLit,
  DottedName, Identifier,
];

/** The parser's vocabulary: every token type, keywords and abstract categories included. */
export const allTokens: TokenType[] = [
  ...lexerTokens,
  ...KEYWORD_WORDS.map((w) => Kw[w]),
  Name, StringLit, AnyToken,
];
