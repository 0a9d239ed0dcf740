import type { BranchDecl, Decl, Duration, Expectation, Ident, InputDecl, NumberLit, Text, WhenClause } from '../ast.js';
import { typeId, type CompactTokens } from '../lexer/compact.js';
import { Arrow, DotDot } from '../lexer/tokens.js';
import { commentsAt, type VisitContext } from './cst.js';
import { BAIL, K, T } from './fast-reader.js';
import { FastReaderNodes } from './fast-nodes.js';

const ARROW = typeId(Arrow);
const DOT_DOT = typeId(DotDot);

/**
 * A direct token-to-AST reader for files without any error: one pass, no CST. It builds
 * exactly the AST the CST visitor builds (a test compares them, spans included) and gives
 * up at the first surprise, so that the full parser reports it with recovery.
 * Returns undefined when it gave up — on a surprise, and also on any defect of its own (the full
 * parser is the reference, so a fast-path bug must never reach the author as an internal error).
 */
export function parseFast(ctx: VisitContext, tokens: CompactTokens): Decl[] | undefined {
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
    while (this.i < this.count) decls.push(this.decl());
    return decls;
  }

  protected decl(): Decl {
    const t = this.i;
    const comments = commentsAt(this.ctx, this.start(t));
    switch (this.peek()) {
      case K.include: {
        this.take();
        const path = this.str();
        return { kind: 'include', path, span: this.from(t), comments };
      }
      case K.bot:
        return this.bot(t, comments);
      case K.menu:
        return this.menu(t, comments);
      case K.page:
        return this.page(t, comments);
      case K.input:
        return this.input(t, comments);
      case K.branch:
        return this.branch(t, comments);
      case K.goto: {
        this.take();
        const id = this.name();
        this.take(ARROW);
        const target = this.name();
        return { kind: 'goto', id, target, span: this.from(t), comments };
      }
      case K.end: {
        this.take();
        const id = this.name();
        let text: Text | undefined;
        while (!this.atBodyEnd()) {
          this.once(text);
          this.head(K.text);
          text = this.text();
        }
        return { kind: 'end', id, text, span: this.from(t), comments };
      }
      case K.source: {
        this.take();
        const id = this.name();
        let timeout: Duration | undefined;
        while (!this.atBodyEnd()) {
          this.once(timeout);
          this.head(K.timeout);
          timeout = this.dur();
        }
        return { kind: 'source', id, timeout, span: this.from(t), comments };
      }
      default:
        throw BAIL;
    }
  }

  protected input(first: number, comments: readonly string[]): InputDecl {
    this.take();
    const id = this.name();
    const d: { text?: Text; variable?: Ident; expect?: Expectation; retry?: Text; retries?: InputDecl['retries']; then?: Ident } = {};
    while (!this.atBodyEnd()) {
      const type = this.peek();
      if (type === K.text) {
        this.once(d.text);
        this.head(K.text);
        d.text = this.text();
      } else if (type === K.var) {
        this.once(d.variable);
        this.head(K.var);
        d.variable = this.name();
      } else if (type === K.expect) {
        this.once(d.expect);
        this.head(K.expect);
        d.expect = this.expectation();
      } else if (type === K.retry) {
        this.once(d.retry);
        this.head(K.retry);
        d.retry = this.text();
      } else if (type === K.retries) {
        this.once(d.retries);
        this.head(K.retries);
        const count = this.num();
        this.take(ARROW);
        d.retries = { count, target: this.name() };
      } else if (type === K.then) {
        this.once(d.then);
        this.take();
        this.take(ARROW);
        d.then = this.name();
      } else throw BAIL;
    }
    return {
      kind: 'input', id, text: d.text, variable: d.variable, expect: d.expect, retry: d.retry, retries: d.retries,
      then: d.then, span: this.from(first), comments,
    };
  }

  protected expectation(): Expectation {
    const first = this.i;
    switch (this.peek()) {
      case K.number: {
        this.take();
        let min: NumberLit | undefined;
        let max: NumberLit | undefined;
        if (this.is(T.number) || this.is(DOT_DOT)) {
          if (this.is(T.number)) min = this.num();
          this.take(DOT_DOT);
          if (this.is(T.number)) max = this.num();
        }
        return { kind: 'number', min, max, span: this.from(first) };
      }
      case K.digits: {
        this.take();
        const length = this.is(T.number) ? this.num() : undefined;
        return { kind: 'digits', length, span: this.from(first) };
      }
      case K.pattern: {
        this.take();
        const pattern = this.str();
        return { kind: 'pattern', pattern, span: this.from(first) };
      }
      case K.one: {
        this.take();
        this.take(K.of);
        const values = this.list();
        return { kind: 'oneOf', values, span: this.from(first) };
      }
      case K.any:
        this.take();
        return { kind: 'any', span: this.from(first) };
      default:
        throw BAIL;
    }
  }

  protected branch(first: number, comments: readonly string[]): BranchDecl {
    this.take();
    const id = this.name();
    const cases: WhenClause[] = [];
    let otherwise: Ident | undefined;
    while (!this.atBodyEnd()) {
      const t = this.i;
      if (this.is(K.when)) {
        const whenComments = commentsAt(this.ctx, this.start(t));
        this.take();
        const condition = this.condition();
        this.take(ARROW);
        const target = this.name();
        cases.push({ condition, target, span: this.from(t), comments: whenComments });
      } else if (this.is(K.else)) {
        this.once(otherwise);
        this.take();
        this.take(ARROW);
        otherwise = this.name();
      } else throw BAIL;
    }
    return { kind: 'branch', id, cases, otherwise, span: this.from(first), comments };
  }

}
