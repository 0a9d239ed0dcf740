import type { IToken, TokenType } from 'chevrotain';
import {
  Arrow, Colon, Comma, Comment, DotDot, DottedName, DurationLit, EqEq, Gt, GtEq, Identifier, LParen, Lt, LtEq,
  NotEq, NumberLit, OneLineString, RParen, Assign, TripleString,
} from './tokens.js';

/** Tokens and comments of a source read by the hand-written scanner. */
export interface Scanned {
  readonly tokens: IToken[];
  readonly comments: IToken[];
}

const SPACE = 0x20, TAB = 0x09, CR = 0x0d, LF = 0x0a, BOM = 0xfeff;
const QUOTE = 0x22, BACKSLASH = 0x5c, HASH = 0x23, DOT = 0x2e, UNDERSCORE = 0x5f;

/** One-character punctuation, by char code. */
const SINGLE: ReadonlyMap<number, TokenType> = new Map([
  [0x3a, Colon], [0x2c, Comma], [0x28, LParen], [0x29, RParen],
]);

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === UNDERSCORE;
}
function isWord(c: number): boolean {
  return isWordStart(c) || isDigit(c);
}

/**
 * The token object Chevrotain's lexer makes with `positionTracking: 'onlyOffset'`, with the
 * `endOffset` that `lex()` adds (set here so that the object keeps one shape).
 */
function token(image: string, startOffset: number, tokenType: TokenType): IToken {
  const tokenTypeIdx = tokenType.tokenTypeIdx as number;
  return { image, startOffset, tokenTypeIdx, tokenType, endOffset: startOffset + image.length - 1 } as IToken;
}

/** A comment token: Chevrotain's shape, without `endOffset` (as `lex()` leaves comments). */
function comment(image: string, startOffset: number): IToken {
  return { image, startOffset, tokenTypeIdx: Comment.tokenTypeIdx as number, tokenType: Comment } as IToken;
}

/** The images of punctuation, shared by every token of the kind. */
const IMAGES: ReadonlyMap<TokenType, string> = new Map([
  [Colon, ':'], [Comma, ','], [LParen, '('], [RParen, ')'], [Arrow, '->'], [DotDot, '..'], [EqEq, '=='],
  [NotEq, '!='], [LtEq, '<='], [GtEq, '>='], [Lt, '<'], [Gt, '>'], [Assign, '='],
]);

/**
 * Words of up to 7 ASCII characters, shared by every occurrence: the key packs the characters
 * and the length into one safe integer, so looking a word up allocates nothing.
 */
class WordCache {
  private readonly words = new Map<number, string>();
  get(source: string, start: number, end: number): string {
    const length = end - start;
    if (length > 7) return source.slice(start, end);
    let key = 0;
    for (let k = start; k < end; k += 1) key = key * 128 + source.charCodeAt(k);
    key = key * 8 + length;
    let word = this.words.get(key);
    if (word === undefined) {
      word = source.slice(start, end);
      this.words.set(key, word);
    }
    return word;
  }
}

/**
 * The fast path of `lex()`: a hand-written scanner that gives exactly the tokens of the
 * Chevrotain lexer (`tokens.ts`, the reference) for sources without lexical problems.
 * At the first anomaly (a character the language does not know, a text without its
 * closing quotes) it returns `undefined` and the Chevrotain lexer reads the file, errors
 * and all. Keywords stay `Identifier` here, as with Chevrotain; `lex()` retypes them.
 */
export function scan(source: string): Scanned | undefined {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const words = new WordCache();
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    const start = i;
    if (c === SPACE || c === LF || c === CR || c === TAB || c === BOM) {
      i += 1;
      continue;
    }
    if (isWordStart(c)) {
      i += 1;
      while (i < n && isWord(source.charCodeAt(i))) i += 1;
      let type = Identifier;
      // `(?:\.[A-Za-z_][A-Za-z0-9_]*)+`: as many `.name` parts as follow.
      while (i + 1 < n && source.charCodeAt(i) === DOT && isWordStart(source.charCodeAt(i + 1))) {
        i += 2;
        while (i < n && isWord(source.charCodeAt(i))) i += 1;
        type = DottedName;
      }
      if (type === Identifier) tokens.push(token(words.get(source, start, i), start, Identifier));
      else tokens.push(token(source.slice(start, i), start, DottedName));
      continue;
    }
    if (c === QUOTE) {
      if (source.charCodeAt(i + 1) === QUOTE && source.charCodeAt(i + 2) === QUOTE) {
        const close = source.indexOf('"""', i + 3);
        if (close < 0) return undefined; // unterminated: the reference lexer reports it
        i = close + 3;
        tokens.push(token(source.slice(start, i), start, TripleString));
        continue;
      }
      i += 1;
      for (;;) {
        if (i >= n) return undefined;
        const d = source.charCodeAt(i);
        if (d === QUOTE) break;
        if (d === CR || d === LF) return undefined;
        if (d === BACKSLASH) {
          const e = source.charCodeAt(i + 1);
          if (i + 1 >= n || e === CR || e === LF) return undefined;
          i += 2;
        } else i += 1;
      }
      i += 1;
      tokens.push(token(source.slice(start, i), start, OneLineString));
      continue;
    }
    if (c === HASH) {
      i += 1;
      while (i < n) {
        const d = source.charCodeAt(i);
        if (d === CR || d === LF) break;
        i += 1;
      }
      comments.push(comment(source.slice(start, i), start));
      continue;
    }
    if (isDigit(c)) {
      i += 1;
      while (i < n && isDigit(source.charCodeAt(i))) i += 1;
      const unit = unitLength(source, i);
      if (unit > 0) {
        i += unit;
        tokens.push(token(source.slice(start, i), start, DurationLit));
      } else tokens.push(token(words.get(source, start, i), start, NumberLit));
      continue;
    }
    const single = SINGLE.get(c);
    if (single) {
      i += 1;
      tokens.push(token(IMAGES.get(single) as string, start, single));
      continue;
    }
    const type = operator(c, source.charCodeAt(i + 1));
    if (!type) return undefined;
    const image = IMAGES.get(type) as string;
    i += image.length;
    tokens.push(token(image, start, type));
  }
  return { tokens, comments };
}

/** Length of the unit after the digits of a duration (`ms`, `s`, `m`, `h`), 0 if none. */
function unitLength(source: string, i: number): number {
  const u = source.charCodeAt(i);
  const v = source.charCodeAt(i + 1);
  if (u === 0x6d && v === 0x73 && !isWord(source.charCodeAt(i + 2))) return 2; // ms
  if ((u === 0x73 || u === 0x6d || u === 0x68) && !isWord(v)) return 1; // s, m, h
  return 0;
}

/** Operators of one or two characters; `undefined` for anything else (an anomaly). */
function operator(c: number, next: number): TokenType | undefined {
  const eq = next === 0x3d;
  switch (c) {
    case 0x2d: return next === 0x3e ? Arrow : undefined; // ->
    case DOT: return next === DOT ? DotDot : undefined;
    case 0x3d: return eq ? EqEq : Assign;
    case 0x21: return eq ? NotEq : undefined;
    case 0x3c: return eq ? LtEq : Lt;
    case 0x3e: return eq ? GtEq : Gt;
    default: return undefined;
  }
}
