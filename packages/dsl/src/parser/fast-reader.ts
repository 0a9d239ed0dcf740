import type { TokenType } from 'chevrotain';
import type { Condition, Duration, Ident, NumberLit, Span, StringLit, Text, Translation } from '../ast.js';
import { typeId, type CompactTokens } from '../lexer/compact.js';
import { decodeOneLine, decodeTriple } from '../lexer/strings.js';
import { WordCache } from '../lexer/words.js';
import { MAX_CONDITION_DEPTH, MAX_CONDITION_TERMS } from '../limits/limits.js';
import {
  Colon, Comma, DottedName, DurationLit, EqEq, Gt, GtEq, Identifier, Kw, KEYWORD_WORDS, LParen, Lt, LtEq, NotEq,
  NumberLit as NumberTok, OneLineString, RParen, TripleString, DECL_KEYWORDS, type KeywordWord,
} from '../lexer/tokens.js';
import { commentsAt, joinSpans, type VisitContext } from './cst.js';
import { durationAt, emptyText } from './visit-text.js';

/** Thrown to leave the fast path: the file needs the full parser (and its diagnostics). */
export const BAIL = Symbol('bail');

/** Keyword token types by word, as compact token types. */
export const K = Object.fromEntries(KEYWORD_WORDS.map((w) => [w, typeId(Kw[w])])) as Record<KeywordWord, number>;
/** The other token types the reader tells apart. */
export const T = {
  identifier: typeId(Identifier), dotted: typeId(DottedName), oneLine: typeId(OneLineString), triple: typeId(TripleString),
  number: typeId(NumberTok), duration: typeId(DurationLit), colon: typeId(Colon), comma: typeId(Comma),
  lParen: typeId(LParen), rParen: typeId(RParen),
} as const;

/** A membership table over token types. */
function table(types: readonly TokenType[]): Uint8Array {
  const t = new Uint8Array(256);
  for (const type of types) t[typeId(type)] = 1;
  return t;
}
const NAMES = table([Identifier, ...KEYWORD_WORDS.map((w) => Kw[w])]);
const DECLS = table(DECL_KEYWORDS.map((w) => Kw[w]));
const OPS = table([EqEq, NotEq, LtEq, GtEq, Lt, Gt]);
const VARIABLES = table([Identifier, DottedName, ...KEYWORD_WORDS.map((w) => Kw[w])]);

/** The list of an element that has none of its kind (never written to: the AST is read-only). */
export const NONE: readonly never[] = Object.freeze([]);

/** The type `peek` gives past the last token. */
const END = -1;

/**
 * The first layer of the one-pass reader (`fast-path.ts`): moving over compact tokens (a token is
 * its index), literals, texts and conditions. Every method either builds exactly what the CST
 * visitor builds or throws `BAIL`.
 */
export class FastReaderBase {
  protected i = 0;
  protected last = -1;
  protected readonly source: string;
  protected readonly count: number;
  private readonly types: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly escaped: Uint8Array;
  /** Names and keywords of up to 7 characters, one string each (`mr`, `o1`, `then` are read thousands of times). */
  private readonly words = new WordCache();

  constructor(protected readonly ctx: VisitContext, tokens: CompactTokens) {
    this.source = tokens.source;
    this.count = tokens.count;
    this.types = tokens.types;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.escaped = tokens.escaped;
  }

  /** The type of the token `ahead` of the next one, `END` past the last. */
  protected peek(ahead = 0): number {
    const k = this.i + ahead;
    return k < this.count ? (this.types[k] as number) : END;
  }
  protected is(type: number, ahead = 0): boolean {
    return this.peek(ahead) === type;
  }
  protected isString(ahead = 0): boolean {
    const t = this.peek(ahead);
    return t === T.oneLine || t === T.triple;
  }
  /** Moves over the next token (of `type`, when given) and returns it. */
  protected take(type?: number): number {
    const k = this.i;
    if (k >= this.count || (type !== undefined && this.types[k] !== type)) throw BAIL;
    this.i = k + 1;
    this.last = k;
    return k;
  }
  private takeIn(types: Uint8Array): number {
    if (types[this.peek()] !== 1) throw BAIL;
    return this.take();
  }
  protected start(k: number): number {
    return this.starts[k] as number;
  }
  /** The text of the token `k` as written (not for texts: see `stringValue`). */
  protected image(k: number): string {
    return this.words.get(this.source, this.starts[k] as number, this.ends[k] as number);
  }
  protected span(k: number): Span {
    const offset = this.starts[k] as number;
    return { file: this.ctx.file, offset, length: (this.ends[k] as number) - offset };
  }
  /** The span from the token `first` to the last token taken. */
  protected from(first: number): Span {
    const offset = this.starts[first] as number;
    return { file: this.ctx.file, offset, length: (this.ends[this.last] as number) - offset };
  }
  private ident(k: number): Ident {
    return { name: this.image(k), span: this.span(k) };
  }
  protected name(): Ident {
    return this.ident(this.takeIn(NAMES));
  }
  protected code(): Ident {
    return this.ident(this.take(T.identifier));
  }
  /** The decoded value of the string token `k`. */
  protected stringValue(k: number): string {
    const start = this.starts[k] as number;
    const end = this.ends[k] as number;
    if (this.types[k] === T.triple) return decodeTriple(this.source.slice(start, end));
    // A literal without escapes is its body: one slice.
    if (this.escaped[k] !== 1) return this.source.slice(start + 1, end - 1);
    const decoded = decodeOneLine(this.source.slice(start, end));
    if (decoded.problems.length > 0) throw BAIL; // an unknown escape: `lex()` reports it
    return decoded.value;
  }
  protected str(): StringLit {
    if (!this.isString()) throw BAIL;
    const k = this.take();
    return { value: this.stringValue(k), span: this.span(k) };
  }
  protected num(): NumberLit {
    const k = this.take(T.number);
    return { value: Number.parseInt(this.image(k), 10), span: this.span(k) };
  }
  protected dur(): Duration {
    const k = this.take(T.duration);
    return durationAt(this.ctx, this.image(k), this.start(k));
  }
  protected head(keyword: number): number {
    const k = this.take(keyword);
    this.take(T.colon);
    return k;
  }
  protected list(): StringLit[] {
    const items = [this.str()];
    while (this.is(T.comma)) {
      this.take();
      items.push(this.str());
    }
    return items;
  }
  protected atBodyEnd(): boolean {
    const t = this.peek();
    return t === END || DECLS[t] === 1;
  }
  protected once<V>(value: V | undefined): void {
    if (value !== undefined) throw BAIL;
  }

  // -- texts -------------------------------------------------------------------

  protected isTranslation(): boolean {
    return this.is(T.identifier) && this.is(T.colon, 1) && this.isString(2);
  }
  protected translations(): Text {
    const first = this.i;
    const entries: Translation[] = [];
    while (this.isTranslation()) {
      const lang = this.code();
      this.take(T.colon);
      const value = this.take();
      const entry: Translation = { lang, value: this.stringValue(value), valueSpan: this.span(value), comments: commentsAt(this.ctx, lang.span.offset) };
      entries.push(this.isTripleAt(value) ? { ...entry, multiline: true } : entry);
    }
    if (entries.length === 0) throw BAIL;
    return { kind: 'translations', entries, span: this.from(first) };
  }
  private isTripleAt(k: number): boolean {
    return this.types[k] === T.triple;
  }
  protected text(): Text {
    if (this.isString()) {
      const k = this.take();
      const text = { kind: 'neutral', value: this.stringValue(k), span: this.span(k) } as const;
      return this.isTripleAt(k) ? { ...text, multiline: true } : text;
    }
    return this.translations();
  }
  protected optionalText(fallback: Span): Text {
    return this.isString() || this.is(T.identifier) ? this.text() : emptyText(fallback);
  }

  // -- conditions --------------------------------------------------------------

  /** Nesting and terms of the condition being read: past MAX_CONDITION_*, the full parser reports it (FLOW1106). */
  private conditionDepth = 0;
  private conditionTerms = 0;

  /** A whole `when` condition. */
  protected condition(): Condition {
    this.conditionDepth = 0;
    this.conditionTerms = 0;
    return this.or();
  }

  protected or(): Condition {
    let left = this.and();
    while (this.is(K.or)) {
      this.take();
      const right = this.and();
      left = { kind: 'or', left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }
  protected and(): Condition {
    let left = this.not();
    while (this.is(K.and)) {
      this.take();
      const right = this.not();
      left = { kind: 'and', left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }
  protected not(): Condition {
    const first = this.i;
    const type = this.peek();
    if (type === END) throw BAIL;
    if (type === K.not) {
      this.take();
      this.deeper();
      const operand = this.not();
      this.conditionDepth -= 1;
      return { kind: 'not', operand, span: this.from(first) };
    }
    if (type === T.lParen) {
      this.take();
      this.deeper();
      const inner = this.or();
      this.take(T.rParen);
      this.conditionDepth -= 1;
      return inner;
    }
    if ((this.conditionTerms += 1) > MAX_CONDITION_TERMS) throw BAIL;
    const variable = this.ident(this.takeIn(VARIABLES));
    if (OPS[this.peek()] !== 1) return { kind: 'isSet', variable, span: variable.span };
    const op = this.image(this.take()) as '==';
    if (this.is(T.number)) {
      const literal = this.num();
      return { kind: 'compare', variable, op, value: literal, span: joinSpans(variable.span, literal.span) };
    }
    const literal = this.str();
    return { kind: 'compare', variable, op, value: literal, span: joinSpans(variable.span, literal.span) };
  }

  private deeper(): void {
    if ((this.conditionDepth += 1) > MAX_CONDITION_DEPTH) throw BAIL;
  }
}
