import type { CstNode, IOrAlt, IToken, DSLMethodOpts } from 'chevrotain';
import { Arrow, Colon, Comma, DotDot, DurationLit, Kw, Name, NumberLit, StringLit } from '../lexer/tokens.js';
import { FlowGrammarEffects } from './grammar-effects.js';

const DECL = { LABEL: 'decl' } as const;

/**
 * The grammar of `.flow` (`docs/language.md`, "Grammar summary"), a pure `CstParser` in
 * four layers: `grammar-base.ts` (helpers, texts, conditions), `grammar-nodes.ts` (bot,
 * menu, page), `grammar-effects.ts` (endpoint, call) and this file (input, branch, goto, end, source, include and the file).
 *
 * Every declaration body is a loop over clauses that ends at the next declaration keyword;
 * a token that starts no clause is consumed as `stray` so that a typo is reported once and
 * the rest of the file still parses.
 */
export class FlowParser extends FlowGrammarEffects {
  constructor() {
    super();
    this.performSelfAnalysis();
  }

  private fileLoop = this.topLevel([
    { ALT: () => this.SUBRULE(this.includeDecl, DECL) },
    { ALT: () => this.SUBRULE(this.botDecl, DECL) },
    { ALT: () => this.SUBRULE(this.menuDecl, DECL) },
    { ALT: () => this.SUBRULE(this.pageDecl, DECL) },
    { ALT: () => this.SUBRULE(this.inputDecl, DECL) },
    { ALT: () => this.SUBRULE(this.branchDecl, DECL) },
    { ALT: () => this.SUBRULE(this.gotoDecl, DECL) },
    { ALT: () => this.SUBRULE(this.endDecl, DECL) },
    { ALT: () => this.SUBRULE(this.sourceDecl, DECL) },
    { ALT: () => this.SUBRULE(this.endpointDecl, DECL) },
    { ALT: () => this.SUBRULE(this.callDecl, DECL) },
  ]);

  public file = this.RULE('file', () => {
    this.MANY(this.fileLoop);
  });

  // -- input -----------------------------------------------------------------

  private inputBody: DSLMethodOpts<unknown> = this.body([
    { ALT: () => this.SUBRULE(this.textClause) },
    { ALT: () => { this.head(0, Kw.var); this.CONSUME1(Name, { LABEL: 'variable' }); } },
    { ALT: () => { this.head(1, Kw.expect); this.SUBRULE(this.expectation); } },
    { ALT: () => { this.head(2, Kw.retry); this.SUBRULE(this.textBlock, { LABEL: 'retry' }); } },
    { ALT: () => {
      this.head(3, Kw.retries);
      this.CONSUME(NumberLit, { LABEL: 'retries' });
      this.CONSUME(Arrow);
      this.CONSUME2(Name, { LABEL: 'retriesTarget' });
    } },
    { ALT: () => { this.CONSUME(Kw.then); this.CONSUME1(Arrow); this.CONSUME3(Name, { LABEL: 'then' }); } },
    // `into:` is how a data-source menu names its row; an input's is `var:` (the visitor says so).
    { ALT: () => { this.CONSUME4(Kw.into, { LABEL: 'intoKeyword' }); this.CONSUME4(Colon); this.CONSUME4(Name, { LABEL: 'into' }); } },
  ]);

  public inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(Kw.input);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY(this.inputBody);
  });

  private expectationAlts: IOrAlt<unknown>[] = [
    { ALT: () => {
      this.CONSUME(Kw.number, { LABEL: 'kind' });
      this.OPTION(() => {
        this.OPTION1(() => this.CONSUME(NumberLit, { LABEL: 'min' }));
        this.CONSUME(DotDot);
        this.OPTION2(() => this.CONSUME1(NumberLit, { LABEL: 'max' }));
      });
    } },
    { ALT: () => {
      this.CONSUME(Kw.digits, { LABEL: 'kind' });
      this.OPTION3(() => this.CONSUME2(NumberLit, { LABEL: 'length' }));
    } },
    { ALT: () => { this.CONSUME(Kw.pattern, { LABEL: 'kind' }); this.CONSUME(StringLit, { LABEL: 'value' }); } },
    { ALT: () => {
      this.CONSUME(Kw.one, { LABEL: 'kind' });
      this.CONSUME(Kw.of);
      this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME1(StringLit, { LABEL: 'value' }) });
    } },
    { ALT: () => this.CONSUME(Kw.any, { LABEL: 'kind' }) },
    { ALT: () => this.CONSUME(Kw.photo, { LABEL: 'kind' }) },
    { ALT: () => this.CONSUME(Kw.document, { LABEL: 'kind' }) },
    { ALT: () => this.CONSUME(Kw.location, { LABEL: 'kind' }) },
    { ALT: () => this.CONSUME(Kw.contact, { LABEL: 'kind' }) },
  ];

  public expectation = this.RULE('expectation', () => {
    this.OR(this.expectationAlts);
  });

  // -- branch ------------------------------------------------------------------

  private branchBody: DSLMethodOpts<unknown> = this.body([
    { ALT: () => this.SUBRULE(this.whenClause) },
    { ALT: () => { this.CONSUME(Kw.else); this.CONSUME(Arrow); this.CONSUME1(Name, { LABEL: 'otherwise' }); } },
  ]);

  public branchDecl = this.RULE('branchDecl', () => {
    this.CONSUME(Kw.branch);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY(this.branchBody);
  });

  public whenClause = this.RULE('whenClause', () => {
    this.CONSUME(Kw.when);
    this.SUBRULE(this.orCondition);
    this.CONSUME(Arrow);
    this.CONSUME(Name, { LABEL: 'target' });
  });

  // -- goto, end, source, include ------------------------------------------------

  public gotoDecl = this.RULE('gotoDecl', () => {
    this.CONSUME(Kw.goto);
    this.CONSUME(Name, { LABEL: 'id' });
    this.CONSUME(Arrow);
    this.CONSUME1(Name, { LABEL: 'target' });
  });

  private endBody: DSLMethodOpts<unknown> = this.body([{ ALT: () => this.SUBRULE(this.textClause) }]);

  public endDecl = this.RULE('endDecl', () => {
    this.CONSUME(Kw.end);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY(this.endBody);
  });

  private sourceBody: DSLMethodOpts<unknown> = this.body([
    { ALT: () => { this.head(0, Kw.timeout); this.CONSUME(DurationLit, { LABEL: 'timeout' }); } },
  ]);

  public sourceDecl = this.RULE('sourceDecl', () => {
    this.CONSUME(Kw.source);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY(this.sourceBody);
  });

  public includeDecl = this.RULE('includeDecl', () => {
    this.CONSUME(Kw.include);
    this.CONSUME(StringLit, { LABEL: 'path' });
  });
}

let built: FlowParser | undefined;

/**
 * The parser, built once for the process on first use: building it analyses the grammar
 * (~45 ms), which a command that parses no `.flow` file never needs.
 */
export function flowParser(): FlowParser {
  built ??= new FlowParser();
  return built;
}

/** Parses tokens into a CST; errors are left in `flowParser().errors`. */
export function parseTokens(tokens: IToken[]): CstNode {
  const parser = flowParser();
  parser.input = tokens;
  return parser.file();
}
