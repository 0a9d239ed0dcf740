import type { IToken, TokenType } from 'chevrotain';
import type { Condition, Duration, Ident, NumberLit, Span, StringLit, Text, Translation } from '../ast.js';
import { Colon, Comma, DottedName, DurationLit, EqEq, Gt, GtEq, Identifier, Kw, LParen, Lt, LtEq, NotEq, NumberLit as NumberTok, OneLineString, RParen, TripleString, KEYWORDS, DECL_KEYWORDS } from '../lexer/tokens.js';
import { commentsAt, joinSpans, type VisitContext } from './cst.js';
import { duration as durationOf, emptyText, isTriple, stringValue } from './visit-text.js';

/** Thrown to leave the fast path: the file needs the full parser (and its diagnostics). */
export const BAIL = Symbol('bail');
const NAMES: ReadonlySet<TokenType> = new Set([Identifier, ...KEYWORDS.values()]);
const DECLS: ReadonlySet<TokenType> = new Set(DECL_KEYWORDS.map((w) => Kw[w]));
const OPS: ReadonlySet<TokenType> = new Set([EqEq, NotEq, LtEq, GtEq, Lt, Gt]);

/**
 * The first layer of the one-pass reader (`fast-path.ts`): moving over tokens, literals,
 * texts and conditions. Every method either builds exactly what the CST visitor builds
 * or throws `BAIL`.
 */
export class FastReaderBase {
  protected i = 0;
  protected last: IToken | undefined;
  constructor(protected readonly ctx: VisitContext, protected readonly tokens: readonly IToken[]) {}

  protected peek(ahead = 0): IToken | undefined {
    return this.tokens[this.i + ahead];
  }
  protected is(type: TokenType, ahead = 0): boolean {
    return this.peek(ahead)?.tokenType === type;
  }
  protected isString(ahead = 0): boolean {
    const t = this.peek(ahead)?.tokenType;
    return t === OneLineString || t === TripleString;
  }
  protected take(type?: TokenType): IToken {
    const t = this.tokens[this.i];
    if (!t || (type && t.tokenType !== type)) throw BAIL;
    this.i += 1;
    this.last = t;
    return t;
  }
  protected takeWhere(test: (type: TokenType) => boolean): IToken {
    const t = this.peek();
    if (!t || !test(t.tokenType)) throw BAIL;
    return this.take();
  }
  protected span(t: IToken): Span {
    return { file: this.ctx.file, offset: t.startOffset, length: t.image.length };
  }
  protected from(first: IToken): Span {
    const last = this.last as IToken;
    return { file: this.ctx.file, offset: first.startOffset, length: last.startOffset + last.image.length - first.startOffset };
  }
  protected name(): Ident {
    const t = this.takeWhere((type) => NAMES.has(type));
    return { name: t.image, span: this.span(t) };
  }
  protected code(): Ident {
    const t = this.take(Identifier);
    return { name: t.image, span: this.span(t) };
  }
  protected str(): StringLit {
    if (!this.isString()) throw BAIL;
    const t = this.take();
    return { value: stringValue(t), span: this.span(t) };
  }
  protected num(): NumberLit {
    const t = this.take(NumberTok);
    return { value: Number.parseInt(t.image, 10), span: this.span(t) };
  }
  protected dur(): Duration {
    return durationOf(this.ctx, this.take(DurationLit)) as Duration;
  }
  protected head(keyword: TokenType): IToken {
    const t = this.take(keyword);
    this.take(Colon);
    return t;
  }
  protected list(): StringLit[] {
    const items = [this.str()];
    while (this.is(Comma)) {
      this.take();
      items.push(this.str());
    }
    return items;
  }
  protected atBodyEnd(): boolean {
    const t = this.peek();
    return t === undefined || DECLS.has(t.tokenType);
  }
  protected once<T>(value: T | undefined): void {
    if (value !== undefined) throw BAIL;
  }

  // -- texts -------------------------------------------------------------------

  protected isTranslation(): boolean {
    return this.is(Identifier) && this.is(Colon, 1) && this.isString(2);
  }
  protected translations(): Text {
    const first = this.peek() as IToken;
    const entries: Translation[] = [];
    while (this.isTranslation()) {
      const lang = this.code();
      this.take(Colon);
      const value = this.take();
      const entry: Translation = { lang, value: stringValue(value), valueSpan: this.span(value), comments: commentsAt(this.ctx, lang.span.offset) };
      entries.push(isTriple(value) ? { ...entry, multiline: true } : entry);
    }
    if (entries.length === 0) throw BAIL;
    return { kind: 'translations', entries, span: this.from(first) };
  }
  protected text(): Text {
    if (this.isString()) {
      const t = this.take();
      const text = { kind: 'neutral', value: stringValue(t), span: this.span(t) } as const;
      return isTriple(t) ? { ...text, multiline: true } : text;
    }
    return this.translations();
  }
  protected optionalText(fallback: Span): Text {
    return this.isString() || this.is(Identifier) ? this.text() : emptyText(fallback);
  }


  // -- conditions --------------------------------------------------------------

  protected or(): Condition {
    let left = this.and();
    while (this.is(Kw.or)) {
      this.take();
      const right = this.and();
      left = { kind: 'or', left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }
  protected and(): Condition {
    let left = this.not();
    while (this.is(Kw.and)) {
      this.take();
      const right = this.not();
      left = { kind: 'and', left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }
  protected not(): Condition {
    const first = this.peek() as IToken | undefined;
    if (!first) throw BAIL;
    if (first.tokenType === Kw.not) {
      this.take();
      const operand = this.not();
      return { kind: 'not', operand, span: this.from(first) };
    }
    if (first.tokenType === LParen) {
      this.take();
      const inner = this.or();
      this.take(RParen);
      return inner;
    }
    const v = this.takeWhere((type) => NAMES.has(type) || type === DottedName);
    const variable = { name: v.image, span: this.span(v) };
    const op = this.peek();
    if (!op || !OPS.has(op.tokenType)) return { kind: 'isSet', variable, span: variable.span };
    this.take();
    const value = this.peek();
    if (value?.tokenType === NumberTok) {
      const literal = this.num();
      return { kind: 'compare', variable, op: op.image as '==', value: literal, span: joinSpans(variable.span, literal.span) };
    }
    const literal = this.str();
    return { kind: 'compare', variable, op: op.image as '==', value: literal, span: joinSpans(variable.span, literal.span) };
  }
}
