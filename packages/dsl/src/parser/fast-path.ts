import type { IToken, TokenType } from 'chevrotain';
import type {
  BotDecl, Condition, Decl, Duration, Expectation, FromClause, Ident, InputDecl, MenuDecl, NumberLit, OptionDecl,
  PageBlock, PageDecl, Span, StringLit, Text, Translation, WhenClause, BranchDecl, CommandDecl, CommandKind,
} from '../ast.js';
import {
  Arrow, Assign, Colon, Comma, DotDot, DottedName, DurationLit, EqEq, Gt, GtEq, Identifier, Kw, LParen, Lt, LtEq,
  NotEq, NumberLit as NumberTok, OneLineString, RParen, TripleString, KEYWORDS, DECL_KEYWORDS,
} from '../lexer/tokens.js';
import { commentsAt, joinSpans, type VisitContext } from './cst.js';
import { duration as durationOf, emptyText, isTriple, stringValue } from './visit-text.js';

/** Thrown to leave the fast path: the file needs the full parser (and its diagnostics). */
const BAIL = Symbol('bail');
const NAMES: ReadonlySet<TokenType> = new Set([Identifier, ...KEYWORDS.values()]);
const DECLS: ReadonlySet<TokenType> = new Set(DECL_KEYWORDS.map((w) => Kw[w]));
const OPS: ReadonlySet<TokenType> = new Set([EqEq, NotEq, LtEq, GtEq, Lt, Gt]);
const COMMANDS: ReadonlySet<string> = new Set(['home', 'back', 'help', 'language', 'restart']);

/**
 * A direct token-to-AST reader for files without any error: one pass, no CST. It builds
 * exactly the AST the CST visitor builds (a test compares them, spans included) and gives
 * up at the first surprise, so that the full parser reports it with recovery.
 * Returns undefined when it gave up.
 */
export function parseFast(ctx: VisitContext, tokens: readonly IToken[]): Decl[] | undefined {
  try {
    return new FastReader(ctx, tokens).file();
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}

class FastReader {
  private i = 0;
  private last: IToken | undefined;
  constructor(private readonly ctx: VisitContext, private readonly tokens: readonly IToken[]) {}

  private peek(ahead = 0): IToken | undefined {
    return this.tokens[this.i + ahead];
  }
  private is(type: TokenType, ahead = 0): boolean {
    return this.peek(ahead)?.tokenType === type;
  }
  private isString(ahead = 0): boolean {
    const t = this.peek(ahead)?.tokenType;
    return t === OneLineString || t === TripleString;
  }
  private take(type?: TokenType): IToken {
    const t = this.tokens[this.i];
    if (!t || (type && t.tokenType !== type)) throw BAIL;
    this.i += 1;
    this.last = t;
    return t;
  }
  private takeWhere(test: (type: TokenType) => boolean): IToken {
    const t = this.peek();
    if (!t || !test(t.tokenType)) throw BAIL;
    return this.take();
  }
  private span(t: IToken): Span {
    return { file: this.ctx.file, offset: t.startOffset, length: t.image.length };
  }
  private from(first: IToken): Span {
    const last = this.last as IToken;
    return { file: this.ctx.file, offset: first.startOffset, length: last.startOffset + last.image.length - first.startOffset };
  }
  private name(): Ident {
    const t = this.takeWhere((type) => NAMES.has(type));
    return { name: t.image, span: this.span(t) };
  }
  private code(): Ident {
    const t = this.take(Identifier);
    return { name: t.image, span: this.span(t) };
  }
  private str(): StringLit {
    if (!this.isString()) throw BAIL;
    const t = this.take();
    return { value: stringValue(t), span: this.span(t) };
  }
  private num(): NumberLit {
    const t = this.take(NumberTok);
    return { value: Number.parseInt(t.image, 10), span: this.span(t) };
  }
  private dur(): Duration {
    return durationOf(this.ctx, this.take(DurationLit)) as Duration;
  }
  private head(keyword: TokenType): IToken {
    const t = this.take(keyword);
    this.take(Colon);
    return t;
  }
  private list(): StringLit[] {
    const items = [this.str()];
    while (this.is(Comma)) {
      this.take();
      items.push(this.str());
    }
    return items;
  }
  private atBodyEnd(): boolean {
    const t = this.peek();
    return t === undefined || DECLS.has(t.tokenType);
  }
  private once<T>(value: T | undefined): void {
    if (value !== undefined) throw BAIL;
  }

  // -- texts -------------------------------------------------------------------

  private isTranslation(): boolean {
    return this.is(Identifier) && this.is(Colon, 1) && this.isString(2);
  }
  private translations(): Text {
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
  private text(): Text {
    if (this.isString()) {
      const t = this.take();
      const text = { kind: 'neutral', value: stringValue(t), span: this.span(t) } as const;
      return isTriple(t) ? { ...text, multiline: true } : text;
    }
    return this.translations();
  }
  private optionalText(fallback: Span): Text {
    return this.isString() || this.is(Identifier) ? this.text() : emptyText(fallback);
  }

  // -- declarations ----------------------------------------------------------------

  file(): Decl[] {
    const decls: Decl[] = [];
    while (this.i < this.tokens.length) decls.push(this.decl());
    return decls;
  }

  private decl(): Decl {
    const t = this.peek() as IToken;
    const comments = commentsAt(this.ctx, t.startOffset);
    switch (t.tokenType) {
      case Kw.include: {
        this.take();
        const path = this.str();
        return { kind: 'include', path, span: this.from(t), comments };
      }
      case Kw.bot:
        return this.bot(t, comments);
      case Kw.menu:
        return this.menu(t, comments);
      case Kw.page:
        return this.page(t, comments);
      case Kw.input:
        return this.input(t, comments);
      case Kw.branch:
        return this.branch(t, comments);
      case Kw.goto: {
        this.take();
        const id = this.name();
        this.take(Arrow);
        const target = this.name();
        return { kind: 'goto', id, target, span: this.from(t), comments };
      }
      case Kw.end: {
        this.take();
        const id = this.name();
        let text: Text | undefined;
        while (!this.atBodyEnd()) {
          this.once(text);
          this.head(Kw.text);
          text = this.text();
        }
        return { kind: 'end', id, text, span: this.from(t), comments };
      }
      case Kw.source: {
        this.take();
        const id = this.name();
        let timeout: Duration | undefined;
        while (!this.atBodyEnd()) {
          this.once(timeout);
          this.head(Kw.timeout);
          timeout = this.dur();
        }
        return { kind: 'source', id, timeout, span: this.from(t), comments };
      }
      default:
        throw BAIL;
    }
  }

  private bot(first: IToken, comments: readonly string[]): BotDecl {
    this.take();
    const id = this.name();
    let languages: BotDecl['languages'] | undefined;
    let start: Ident | undefined;
    let retries: NumberLit | undefined;
    let idle: Duration | undefined;
    const commands: CommandDecl[] = [];
    const messages: BotDecl['messages'][number][] = [];
    while (!this.atBodyEnd()) {
      const t = (this.peek() as IToken).tokenType;
      if (t === Kw.languages) {
        this.once(languages);
        this.head(Kw.languages);
        const list: { code: Ident; name: StringLit }[] = [];
        do {
          if (list.length > 0) this.take(Comma);
          list.push({ code: this.code(), name: this.str() });
        } while (this.is(Comma));
        languages = list;
      } else if (t === Kw.start) {
        this.once(start);
        this.head(Kw.start);
        start = this.name();
      } else if (t === Kw.retries) {
        this.once(retries);
        this.head(Kw.retries);
        retries = this.num();
      } else if (t === Kw.idle) {
        this.once(idle);
        this.head(Kw.idle);
        idle = this.dur();
      } else if (t === Kw.commands) {
        this.head(Kw.commands);
        while ((this.is(Identifier) || this.is(Kw.home) || this.is(Kw.back) || this.is(Kw.language)) && this.is(Colon, 1)) {
          const key = this.take();
          if (!COMMANDS.has(key.image)) throw BAIL;
          const lineComments = commentsAt(this.ctx, key.startOffset);
          this.take(Colon);
          const words = this.list();
          commands.push({ command: key.image as CommandKind, span: this.from(key), words, comments: lineComments });
        }
      } else if (t === Kw.messages) {
        this.head(Kw.messages);
        while (this.is(Identifier) && this.is(Colon, 1) && !this.isString(2)) {
          const key = this.code();
          const messageComments = commentsAt(this.ctx, key.span.offset);
          this.take(Colon);
          messages.push({ key, text: this.translations(), comments: messageComments });
        }
      } else throw BAIL;
    }
    return { kind: 'bot', id, languages: languages ?? [], start, retries, idle, commands, messages, span: this.from(first), comments };
  }

  private menu(first: IToken, comments: readonly string[]): MenuDecl {
    this.take();
    const id = this.name();
    let text: Text | undefined;
    let from: FromClause | undefined;
    const options: OptionDecl[] = [];
    while (!this.atBodyEnd()) {
      if (this.is(Kw.text)) {
        this.once(text);
        this.head(Kw.text);
        text = this.text();
      } else if (this.is(Kw.option)) options.push(this.option());
      else if (this.is(Kw.from)) {
        this.once(from);
        from = this.fromClause();
      } else throw BAIL;
    }
    return { kind: 'menu', id, text, options, from, span: this.from(first), comments };
  }

  private option(): OptionDecl {
    const first = this.take(Kw.option);
    const comments = commentsAt(this.ctx, first.startOffset);
    const id = this.name();
    this.take(Arrow);
    const target = this.name();
    const label = this.optionalText(target.span);
    let description: Text | undefined;
    let number: NumberLit | undefined;
    let language: Ident | undefined;
    const words: StringLit[] = [];
    const sets: OptionDecl['sets'][number][] = [];
    for (;;) {
      if (this.is(Kw.description)) {
        this.once(description);
        this.head(Kw.description);
        description = this.text();
      } else if (this.is(Kw.words)) {
        this.head(Kw.words);
        words.push(...this.list());
      } else if (this.is(Kw.number)) {
        this.once(number);
        this.head(Kw.number);
        number = this.num();
      } else if (this.is(Kw.set)) {
        this.take();
        const variable = this.name();
        this.take(Assign);
        sets.push({ variable, value: this.str() });
      } else if (this.is(Kw.language)) {
        this.once(language);
        this.head(Kw.language);
        language = this.code();
      } else break;
    }
    return { id, target, label, description, words, number, sets, language, span: this.from(first), comments };
  }

  private fromClause(): FromClause {
    const first = this.take(Kw.from);
    const comments = commentsAt(this.ctx, first.startOffset);
    const source = this.name();
    const params: FromClause['params'][number][] = [];
    if (this.is(LParen)) {
      this.take();
      while (!this.is(RParen)) {
        if (params.length > 0) this.take(Comma);
        const name = this.name();
        this.take(Assign);
        params.push({ name, value: this.str() });
      }
      this.take(RParen);
    }
    this.take(Kw.into);
    const into = this.name();
    this.take(Arrow);
    const target = this.name();
    let title: Text | undefined;
    let description: Text | undefined;
    let timeout: Duration | undefined;
    let fallback: Ident | undefined;
    for (;;) {
      if (this.is(Kw.title)) {
        this.once(title);
        this.head(Kw.title);
        title = this.text();
      } else if (this.is(Kw.description)) {
        this.once(description);
        this.head(Kw.description);
        description = this.text();
      } else if (this.is(Kw.timeout)) {
        this.once(timeout);
        this.head(Kw.timeout);
        timeout = this.dur();
      } else if (this.is(Kw.fallback)) {
        this.once(fallback);
        this.take();
        this.take(Arrow);
        fallback = this.name();
      } else break;
    }
    return {
      source, params, into, target, title: title ?? emptyText(target.span), description, timeout, fallback,
      span: this.from(first), comments,
    };
  }

  private page(first: IToken, comments: readonly string[]): PageDecl {
    this.take();
    const id = this.name();
    const blocks: PageBlock[] = [];
    let then: PageDecl['then'];
    while (!this.atBodyEnd()) {
      const t = this.peek() as IToken;
      const type = t.tokenType;
      if (type === Kw.then) {
        this.once(then);
        this.take();
        if (this.is(Kw.back) || this.is(Kw.home) || this.is(Kw.end)) {
          const kind = this.take().image as 'back' | 'home' | 'end';
          then = { kind, span: this.from(t) };
        } else {
          this.take(Arrow);
          const target = this.name();
          then = { kind: 'next', target, span: this.from(t) };
        }
        continue;
      }
      const blockComments = commentsAt(this.ctx, t.startOffset);
      if (type === Kw.text || type === Kw.bullet || type === Kw.fee || type === Kw.time) {
        this.head(type);
        const text = this.text();
        blocks.push({ kind: t.image as 'text' | 'bullet' | 'fee' | 'time', text, span: this.from(t), comments: blockComments });
      } else if (type === Kw.link) {
        this.take();
        const url = this.str();
        const label = this.optionalText(url.span);
        blocks.push({ kind: 'link', url, label, span: this.from(t), comments: blockComments });
      } else throw BAIL;
    }
    return { kind: 'page', id, blocks, then, span: this.from(first), comments };
  }

  private input(first: IToken, comments: readonly string[]): InputDecl {
    this.take();
    const id = this.name();
    const d: { text?: Text; variable?: Ident; expect?: Expectation; retry?: Text; retries?: InputDecl['retries']; then?: Ident } = {};
    while (!this.atBodyEnd()) {
      const type = (this.peek() as IToken).tokenType;
      if (type === Kw.text) {
        this.once(d.text);
        this.head(Kw.text);
        d.text = this.text();
      } else if (type === Kw.var) {
        this.once(d.variable);
        this.head(Kw.var);
        d.variable = this.name();
      } else if (type === Kw.expect) {
        this.once(d.expect);
        this.head(Kw.expect);
        d.expect = this.expectation();
      } else if (type === Kw.retry) {
        this.once(d.retry);
        this.head(Kw.retry);
        d.retry = this.text();
      } else if (type === Kw.retries) {
        this.once(d.retries);
        this.head(Kw.retries);
        const count = this.num();
        this.take(Arrow);
        d.retries = { count, target: this.name() };
      } else if (type === Kw.then) {
        this.once(d.then);
        this.take();
        this.take(Arrow);
        d.then = this.name();
      } else throw BAIL;
    }
    return {
      kind: 'input', id, text: d.text, variable: d.variable, expect: d.expect, retry: d.retry, retries: d.retries,
      then: d.then, span: this.from(first), comments,
    };
  }

  private expectation(): Expectation {
    const first = this.peek() as IToken;
    switch (first.tokenType) {
      case Kw.number: {
        this.take();
        let min: NumberLit | undefined;
        let max: NumberLit | undefined;
        if (this.is(NumberTok) || this.is(DotDot)) {
          if (this.is(NumberTok)) min = this.num();
          this.take(DotDot);
          if (this.is(NumberTok)) max = this.num();
        }
        return { kind: 'number', min, max, span: this.from(first) };
      }
      case Kw.digits: {
        this.take();
        const length = this.is(NumberTok) ? this.num() : undefined;
        return { kind: 'digits', length, span: this.from(first) };
      }
      case Kw.pattern: {
        this.take();
        const pattern = this.str();
        return { kind: 'pattern', pattern, span: this.from(first) };
      }
      case Kw.one: {
        this.take();
        this.take(Kw.of);
        const values = this.list();
        return { kind: 'oneOf', values, span: this.from(first) };
      }
      case Kw.any:
        this.take();
        return { kind: 'any', span: this.from(first) };
      default:
        throw BAIL;
    }
  }

  private branch(first: IToken, comments: readonly string[]): BranchDecl {
    this.take();
    const id = this.name();
    const cases: WhenClause[] = [];
    let otherwise: Ident | undefined;
    while (!this.atBodyEnd()) {
      const t = this.peek() as IToken;
      if (t.tokenType === Kw.when) {
        const whenComments = commentsAt(this.ctx, t.startOffset);
        this.take();
        const condition = this.or();
        this.take(Arrow);
        const target = this.name();
        cases.push({ condition, target, span: this.from(t), comments: whenComments });
      } else if (t.tokenType === Kw.else) {
        this.once(otherwise);
        this.take();
        this.take(Arrow);
        otherwise = this.name();
      } else throw BAIL;
    }
    return { kind: 'branch', id, cases, otherwise, span: this.from(first), comments };
  }

  private or(): Condition {
    let left = this.and();
    while (this.is(Kw.or)) {
      this.take();
      const right = this.and();
      left = { kind: 'or', left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }
  private and(): Condition {
    let left = this.not();
    while (this.is(Kw.and)) {
      this.take();
      const right = this.not();
      left = { kind: 'and', left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }
  private not(): Condition {
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
