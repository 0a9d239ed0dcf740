import type { IOrAlt, DSLMethodOpts, TokenType } from 'chevrotain';
import { tokenMatcher } from '../chevrotain.js';
import { Arrow, Colon, Comma, DECL_KEYWORDS, DottedName, DurationLit, Kw, Name, StringLit } from '../lexer/tokens.js';
import { FlowGrammarNodes } from './grammar-nodes.js';

/** Keywords that start a clause of a call. */
const callClauses: ReadonlySet<TokenType> = new Set([Kw.endpoint, Kw.send, Kw.receive, Kw.then, Kw.fallback]);
/** After `endpoint <name>`, these say the line was a call's `endpoint:` missing its colon. */
const missingColonBefore: ReadonlySet<TokenType> = new Set([Kw.send, Kw.receive, Kw.then, Kw.fallback]);
const declStarts: ReadonlySet<TokenType> = new Set(DECL_KEYWORDS.map((w) => Kw[w]));

function declStart(type: TokenType): boolean {
  return declStarts.has(type);
}

/**
 * The third layer of the grammar: what a flow asks of the outside world — `endpoint`
 * declarations and `call` nodes (`docs/language.md`, "Calling a service").
 */
export class FlowGrammarEffects extends FlowGrammarNodes {
  // -- endpoint ----------------------------------------------------------------

  /**
   * `env NAME`, or what an author may write instead (a quoted address, a bare name): the
   * visitor reports those with a clear message rather than a bare "expected `env`".
   */
  private envAlts: IOrAlt<unknown>[] = [
    {
      ALT: () => {
        this.CONSUME(Kw.env, { LABEL: 'env' });
        // `secret: env` with no name before the next clause: the name is missing, it is not `timeout`.
        this.OPTION({ GATE: () => this.LA(2).tokenType !== Colon, DEF: () => this.CONSUME(Name, { LABEL: 'name' }) });
      },
    },
    // A name followed by `:` is the next clause: `url:` was left empty.
    { GATE: () => this.LA(2).tokenType !== Colon, ALT: () => this.CONSUME1(Name, { LABEL: 'bare' }) },
    { ALT: () => this.CONSUME(StringLit, { LABEL: 'bare' }) },
  ];

  /** The value of `url:` and `secret:`: `env NAME`. */
  public envValue = this.RULE('envValue', () => {
    this.OR(this.envAlts);
  });

  private endpointBody: DSLMethodOpts<unknown> = this.body([
    { ALT: () => { this.head(0, Kw.url); this.SUBRULE(this.envValue, { LABEL: 'url' }); } },
    { ALT: () => { this.head(1, Kw.secret); this.SUBRULE1(this.envValue, { LABEL: 'secret' }); } },
    { ALT: () => { this.head(2, Kw.timeout); this.CONSUME(DurationLit, { LABEL: 'timeout' }); } },
    { ALT: () => { this.head(3, Kw.sends); this.SUBRULE(this.nameList, { LABEL: 'sends' }); } },
    { ALT: () => { this.head(4, Kw.answers); this.SUBRULE1(this.nameList, { LABEL: 'answers' }); } },
  ]);

  /** `endpoint <id>` with `url:`, `secret:`, `timeout:`, `sends:`, `answers:`. */
  public endpointDecl = this.RULE('endpointDecl', () => {
    this.CONSUME(Kw.endpoint);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY(this.endpointBody);
  });

  /** `a, b, c` — names separated by commas. */
  public nameList = this.RULE('nameList', () => {
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(Name, { LABEL: 'name' }) });
  });

  // -- call ----------------------------------------------------------------------

  /** True when `LA(k)` starts a clause of a call (which ends a `send:` or `receive:` list). */
  private atCallClause(k: number): boolean {
    return callClauses.has(this.LA(k).tokenType);
  }

  /**
   * A `field: "template"` line, or a broken one (`field: x`, `field "x"`) read as one so that the
   * error names what is missing. The words of a call's clauses are no field names here.
   */
  private sendLoop: DSLMethodOpts<unknown> = {
    GATE: () =>
      tokenMatcher(this.LA(1), Name) &&
      !this.atCallClause(1) &&
      // `page: "…"` is a field; `include "…"` is the next declaration.
      (this.LA(2).tokenType === Colon || (tokenMatcher(this.LA(2), StringLit) && !declStart(this.LA(1).tokenType))),
    DEF: () => this.SUBRULE(this.callSend),
  };

  /** A `path -> variable` line, or a broken one (`path variable`); a call clause ends the list. */
  private receiveLoop: DSLMethodOpts<unknown> = {
    GATE: () =>
      (tokenMatcher(this.LA(1), Name) || this.LA(1).tokenType === DottedName || tokenMatcher(this.LA(1), StringLit)) &&
      !this.atCallClause(1) &&
      this.LA(2).tokenType !== Colon &&
      // `source -> src` reads the answer field `source`; `page p` is the next declaration.
      (this.LA(2).tokenType === Arrow || !declStart(this.LA(1).tokenType)),
    DEF: () => this.SUBRULE(this.callReceive),
  };

  private callBody: DSLMethodOpts<unknown> = this.body([
    { ALT: () => { this.head(0, Kw.endpoint); this.CONSUME3(Name, { LABEL: 'endpoint' }); } },
    { ALT: () => { this.head(1, Kw.send); this.SUBRULE(this.sendBlock, { LABEL: 'send' }); } },
    { ALT: () => { this.head(2, Kw.receive); this.SUBRULE(this.receiveBlock, { LABEL: 'receive' }); } },
    { ALT: () => { this.CONSUME(Kw.then); this.CONSUME(Arrow); this.CONSUME1(Name, { LABEL: 'then' }); } },
    { ALT: () => { this.CONSUME(Kw.fallback); this.CONSUME1(Arrow); this.CONSUME2(Name, { LABEL: 'fallback' }); } },
  ], () => this.LA(1).tokenType === Kw.endpoint && missingColonBefore.has(this.LA(3).tokenType)); // `endpoint e` missing its `:`

  /** `call <id>` with `endpoint:`, `send:`, `receive:`, `then ->`, `fallback ->`. */
  public callDecl = this.RULE('callDecl', () => {
    this.CONSUME(Kw.call);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY(this.callBody);
  });

  /** The lines under `send:` (none is the compiler's concern: an endpoint may take no field). */
  public sendBlock = this.RULE('sendBlock', () => {
    this.MANY(this.sendLoop);
  });

  public callSend = this.RULE('callSend', () => {
    this.CONSUME(Name, { LABEL: 'field' });
    this.CONSUME(Colon);
    this.CONSUME(StringLit, { LABEL: 'value' });
  });

  /** The lines under `receive:`. */
  public receiveBlock = this.RULE('receiveBlock', () => {
    this.MANY(this.receiveLoop);
  });

  private pathAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(Name, { LABEL: 'path' }) },
    { ALT: () => this.CONSUME(DottedName, { LABEL: 'path' }) },
    // A quoted path is read (and reported by the visitor) so that the line is not lost.
    { ALT: () => this.CONSUME(StringLit, { LABEL: 'quotedPath' }) },
  ];

  public callReceive = this.RULE('callReceive', () => {
    this.OR(this.pathAlts);
    this.CONSUME(Arrow);
    this.CONSUME1(Name, { LABEL: 'variable' });
  });
}
