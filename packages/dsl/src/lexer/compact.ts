import type { IToken, TokenType } from 'chevrotain';
import {
  Arrow, Assign, Colon, Comma, Comment, DotDot, DottedName, DurationLit, EqEq, Gt, GtEq, Identifier, KEYWORDS, LParen,
  Lt, LtEq, NotEq, NumberLit, OneLineString, RParen, TripleString,
} from './tokens.js';

/** The number Chevrotain gives a token type (`tokenTypeIdx`), used as the type of a compact token. */
export function typeId(type: TokenType): number {
  const id = type.tokenTypeIdx as number;
  // Compact tokens keep their type in a byte (Chevrotain numbers ours 1–75).
  if (!(id > 0 && id < 256)) throw new Error(`token type ${type.name} has index ${id}, which does not fit a compact token`);
  return id;
}

/**
 * The tokens of a source without lexical problems, as columns of numbers: token `k` has the
 * type `types[k]` (a `tokenTypeIdx`, keywords already told apart from names) and covers
 * `source.slice(starts[k], ends[k])`. No object or string is made per token, so reading a large
 * file leaves almost no garbage; the reader slices the texts and names it keeps. The columns are
 * shared by every scan: a `CompactTokens` is valid until the next `scanCompact` call.
 */
export interface CompactTokens {
  readonly source: string;
  readonly count: number;
  readonly types: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** 1 where a one-line text contains a `\` escape (0 elsewhere), so most texts are read by one slice. */
  readonly escaped: Uint8Array;
  /** The comments, as Chevrotain's lexer gives them (few, and kept for the formatter). */
  readonly comments: IToken[];
}

const SPACE = 0x20, TAB = 0x09, CR = 0x0d, LF = 0x0a, BOM = 0xfeff;
const QUOTE = 0x22, BACKSLASH = 0x5c, HASH = 0x23, DOT = 0x2e, UNDERSCORE = 0x5f;

const ID = {
  identifier: typeId(Identifier), dotted: typeId(DottedName), oneLine: typeId(OneLineString), triple: typeId(TripleString),
  duration: typeId(DurationLit), number: typeId(NumberLit), colon: typeId(Colon), comma: typeId(Comma),
  lParen: typeId(LParen), rParen: typeId(RParen), arrow: typeId(Arrow), dotDot: typeId(DotDot), eqEq: typeId(EqEq),
  notEq: typeId(NotEq), ltEq: typeId(LtEq), gtEq: typeId(GtEq), lt: typeId(Lt), gt: typeId(Gt), assign: typeId(Assign),
} as const;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === UNDERSCORE;
}
function isWord(c: number): boolean {
  return isWordStart(c) || isDigit(c);
}

/** Keywords by a hash of their characters (computed while the word is scanned, so no slice is needed). */
const KEYWORD_HASHES: ReadonlyMap<number, readonly { word: string; type: number }[]> = (() => {
  const table = new Map<number, { word: string; type: number }[]>();
  for (const [word, type] of KEYWORDS) {
    let h = 0;
    for (let k = 0; k < word.length; k += 1) h = (Math.imul(h, 31) + word.charCodeAt(k)) | 0;
    const entry = { word, type: typeId(type) };
    const list = table.get(h);
    if (list) list.push(entry);
    else table.set(h, [entry]);
  }
  return table;
})();

/** The keyword type of the word `source[start, end)` with hash `h`, or the identifier type. */
function wordType(source: string, start: number, end: number, h: number): number {
  const candidates = KEYWORD_HASHES.get(h);
  if (candidates === undefined) return ID.identifier;
  for (const { word, type } of candidates) {
    if (word.length === end - start && source.startsWith(word, start)) return type;
  }
  return ID.identifier;
}

/**
 * Growable columns of the compact tokens. One set serves every scan of the process (it only
 * grows): a large file's columns are megabytes of array buffers, and allocating them per file
 * cost more garbage collection than reading the file.
 */
class Columns {
  types = new Uint8Array(1024);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  escaped = new Uint8Array(1024);
  count = 0;

  /** Empties the columns for a new source of `length` characters. */
  reset(length: number): void {
    this.count = 0;
    const expected = length >> 3;
    if (expected > this.types.length) this.grow(expected);
  }
  push(type: number, start: number, end: number): void {
    if (this.count === this.types.length) this.grow(this.count * 2);
    const k = this.count;
    this.types[k] = type;
    this.starts[k] = start;
    this.ends[k] = end;
    this.escaped[k] = 0;
    this.count = k + 1;
  }
  private grow(size: number): void {
    const copy = <T extends Uint8Array | Int32Array>(from: T, to: T): T => {
      to.set(from.subarray(0, this.count));
      return to;
    };
    this.types = copy(this.types, new Uint8Array(size));
    this.starts = copy(this.starts, new Int32Array(size));
    this.ends = copy(this.ends, new Int32Array(size));
    this.escaped = copy(this.escaped, new Uint8Array(size));
  }
}

const columns = new Columns();

/**
 * Splits a source into compact tokens: exactly the tokens of the Chevrotain lexer (`tokens.ts`,
 * the reference, with keywords retyped as `lex()` does) for sources without lexical problems.
 * At the first anomaly (a character the language does not know, a text without its closing
 * quotes) it returns `undefined`, and the Chevrotain lexer reads the file, errors and all.
 *
 * The columns are shared: the result is valid until the next call (read it, then let it go).
 */
export function scanCompact(source: string): CompactTokens | undefined {
  const n = source.length;
  const out = columns;
  out.reset(n);
  const comments: IToken[] = [];
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    const start = i;
    if (c === SPACE || c === LF || c === CR || c === TAB || c === BOM) {
      i += 1;
      continue;
    }
    if (isWordStart(c)) {
      let h = c;
      i += 1;
      for (let d = source.charCodeAt(i); i < n && isWord(d); d = source.charCodeAt(i)) {
        h = (Math.imul(h, 31) + d) | 0;
        i += 1;
      }
      // `(?:\.[A-Za-z_][A-Za-z0-9_]*)+`: as many `.name` parts as follow.
      let dotted = false;
      while (i + 1 < n && source.charCodeAt(i) === DOT && isWordStart(source.charCodeAt(i + 1))) {
        i += 2;
        while (i < n && isWord(source.charCodeAt(i))) i += 1;
        dotted = true;
      }
      out.push(dotted ? ID.dotted : wordType(source, start, i, h), start, i);
      continue;
    }
    if (c === QUOTE) {
      if (source.charCodeAt(i + 1) === QUOTE && source.charCodeAt(i + 2) === QUOTE) {
        const close = source.indexOf('"""', i + 3);
        if (close < 0) return undefined; // unterminated: the reference lexer reports it
        i = close + 3;
        out.push(ID.triple, start, i);
        continue;
      }
      i += 1;
      let escaped = 0;
      for (;;) {
        if (i >= n) return undefined;
        const d = source.charCodeAt(i);
        if (d === QUOTE) break;
        if (d === CR || d === LF) return undefined;
        if (d === BACKSLASH) {
          const e = source.charCodeAt(i + 1);
          if (i + 1 >= n || e === CR || e === LF) return undefined;
          escaped = 1;
          i += 2;
        } else i += 1;
      }
      i += 1;
      out.push(ID.oneLine, start, i);
      out.escaped[out.count - 1] = escaped;
      continue;
    }
    if (c === HASH) {
      i += 1;
      while (i < n) {
        const d = source.charCodeAt(i);
        if (d === CR || d === LF) break;
        i += 1;
      }
      comments.push({ image: source.slice(start, i), startOffset: start, tokenTypeIdx: typeId(Comment), tokenType: Comment } as IToken);
      continue;
    }
    if (isDigit(c)) {
      i += 1;
      while (i < n && isDigit(source.charCodeAt(i))) i += 1;
      const unit = unitLength(source, i);
      i += unit;
      out.push(unit > 0 ? ID.duration : ID.number, start, i);
      continue;
    }
    const type = punctuation(c, source.charCodeAt(i + 1));
    if (type === 0) return undefined;
    i += type === ID.arrow || type === ID.dotDot || type === ID.eqEq || type === ID.notEq || type === ID.ltEq || type === ID.gtEq ? 2 : 1;
    out.push(type, start, i);
  }
  return { source, count: out.count, types: out.types, starts: out.starts, ends: out.ends, escaped: out.escaped, comments };
}

/** Length of the unit after the digits of a duration (`ms`, `s`, `m`, `h`), 0 if none. */
function unitLength(source: string, i: number): number {
  const u = source.charCodeAt(i);
  const v = source.charCodeAt(i + 1);
  if (u === 0x6d && v === 0x73 && !isWord(source.charCodeAt(i + 2))) return 2; // ms
  if ((u === 0x73 || u === 0x6d || u === 0x68) && !isWord(v)) return 1; // s, m, h
  return 0;
}

/** Punctuation and operators of one or two characters; 0 for anything else (an anomaly). */
function punctuation(c: number, next: number): number {
  const eq = next === 0x3d;
  switch (c) {
    case 0x3a: return ID.colon;
    case 0x2c: return ID.comma;
    case 0x28: return ID.lParen;
    case 0x29: return ID.rParen;
    case 0x2d: return next === 0x3e ? ID.arrow : 0; // ->
    case DOT: return next === DOT ? ID.dotDot : 0;
    case 0x3d: return eq ? ID.eqEq : ID.assign;
    case 0x21: return eq ? ID.notEq : 0;
    case 0x3c: return eq ? ID.ltEq : ID.lt;
    case 0x3e: return eq ? ID.gtEq : ID.gt;
    default: return 0;
  }
}
