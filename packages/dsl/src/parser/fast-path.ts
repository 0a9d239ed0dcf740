import type { IToken } from 'chevrotain';
import type { BranchDecl, Decl, Duration, Expectation, Ident, InputDecl, NumberLit, Text, WhenClause } from '../ast.js';
import { Arrow, DotDot, Kw, NumberLit as NumberTok } from '../lexer/tokens.js';
import { commentsAt, type VisitContext } from './cst.js';
import { BAIL } from './fast-reader.js';
import { FastReaderNodes } from './fast-nodes.js';

/**
 * A direct token-to-AST reader for files without any error: one pass, no CST. It builds
 * exactly the AST the CST visitor builds (a test compares them, spans included) and gives
 * up at the first surprise, so that the full parser reports it with recovery.
 * Returns undefined when it gave up — on a surprise, and also on any defect of its own (the full
 * parser is the reference, so a fast-path bug must never reach the author as an internal error).
 */
export function parseFast(ctx: VisitContext, tokens: readonly IToken[]): Decl[] | undefined {
  const reported = ctx.diagnostics.length;
  try {
    return new FastReader(ctx, tokens).file();
  } catch {
    ctx.diagnostics.length = reported;
    return undefined;
  }
}

/** The last layer of the one-pass reader: the file, inputs, branches and the small declarations. */
class FastReader extends FastReaderNodes {
  file(): Decl[] {
    const decls: Decl[] = [];
    while (this.i < this.tokens.length) decls.push(this.decl());
    return decls;
  }

  protected decl(): Decl {
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

  protected input(first: IToken, comments: readonly string[]): InputDecl {
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

  protected expectation(): Expectation {
    const first = this.peek();
    if (first === undefined) throw BAIL;
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

  protected branch(first: IToken, comments: readonly string[]): BranchDecl {
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

}
