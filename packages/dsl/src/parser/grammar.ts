import { CstParser, EOF, tokenMatcher, type CstNode, type IToken, type TokenType } from 'chevrotain';
import {
  AnyToken, Arrow, Assign, Colon, Comma, DECL_KEYWORDS, DotDot, DottedName, DurationLit, EqEq, Gt, GtEq,
  Identifier, Kw, LParen, Lt, LtEq, Name, NotEq, NumberLit, RParen, StringLit, allTokens,
} from '../lexer/tokens.js';
import { errorMessages } from './error-messages.js';

const declStarts: ReadonlySet<TokenType> = new Set(DECL_KEYWORDS.map((w) => Kw[w]));

/**
 * The grammar of `.flow` (a pure `CstParser`; `visit-*.ts` turn its CST into the AST).
 *
 * Every declaration body is a loop over clauses that ends at the next declaration
 * keyword; a token that starts no clause is consumed as `stray` (label) so that one
 * typo is reported once and the rest of the file still parses.
 */
export class FlowParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: 'onlyOffset', errorMessageProvider: errorMessages });
    this.performSelfAnalysis();
  }

  private notAtDecl = (): boolean => !declStarts.has(this.LA(1).tokenType);

  private strayAlt = { ALT: () => this.CONSUME(AnyToken, { LABEL: 'stray' }), IGNORE_AMBIGUITIES: true };

  /** `<keyword> :` */
  private head(idx: number, keyword: TokenType): void {
    this.consume(idx, keyword);
    this.consume(idx, Colon);
  }

  public file = this.RULE('file', () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.includeDecl, { LABEL: 'decl' }) },
        { ALT: () => this.SUBRULE(this.botDecl, { LABEL: 'decl' }) },
        { ALT: () => this.SUBRULE(this.menuDecl, { LABEL: 'decl' }) },
        { ALT: () => this.SUBRULE(this.pageDecl, { LABEL: 'decl' }) },
        { ALT: () => this.SUBRULE(this.inputDecl, { LABEL: 'decl' }) },
        { ALT: () => this.SUBRULE(this.branchDecl, { LABEL: 'decl' }) },
        { ALT: () => this.SUBRULE(this.gotoDecl, { LABEL: 'decl' }) },
        { ALT: () => this.SUBRULE(this.endDecl, { LABEL: 'decl' }) },
        { ALT: () => this.SUBRULE(this.sourceDecl, { LABEL: 'decl' }) },
        this.strayAlt,
      ]),
    );
  });

  // -- texts ---------------------------------------------------------------

  /** A neutral string or one or more `lang: "…"` lines. */
  public textBlock = this.RULE('textBlock', () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLit, { LABEL: 'neutral' }) },
      { ALT: () => this.AT_LEAST_ONE(() => this.SUBRULE(this.translation)) },
    ]);
  });

  /** Language lines only (used under `messages:`, where a key and a language line look alike). */
  public translations = this.RULE('translations', () => {
    this.AT_LEAST_ONE({
      GATE: () => this.LA(2).tokenType === Colon && tokenMatcher(this.LA(3), StringLit),
      DEF: () => this.SUBRULE(this.translation),
    });
  });

  public translation = this.RULE('translation', () => {
    this.CONSUME(Identifier, { LABEL: 'lang' });
    this.CONSUME(Colon);
    this.CONSUME(StringLit, { LABEL: 'value' });
  });

  public textClause = this.RULE('textClause', () => {
    this.head(0, Kw.text);
    this.SUBRULE(this.textBlock);
  });

  // -- bot -------------------------------------------------------------------

  public botDecl = this.RULE('botDecl', () => {
    this.CONSUME(Kw.bot);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR([
          { ALT: () => this.SUBRULE(this.languagesClause) },
          { ALT: () => { this.head(0, Kw.start); this.CONSUME1(Name, { LABEL: 'start' }); } },
          { ALT: () => { this.head(1, Kw.retries); this.CONSUME(NumberLit, { LABEL: 'retries' }); } },
          { ALT: () => { this.head(2, Kw.idle); this.CONSUME(DurationLit, { LABEL: 'idle' }); } },
          { ALT: () => { this.head(3, Kw.commands); this.MANY1(() => this.SUBRULE(this.commandLine)); } },
          { ALT: () => { this.head(4, Kw.messages); this.MANY2(() => this.SUBRULE(this.messageEntry)); } },
          this.strayAlt,
        ]),
    });
  });

  public languagesClause = this.RULE('languagesClause', () => {
    this.head(0, Kw.languages);
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        this.CONSUME(Identifier, { LABEL: 'code' });
        this.CONSUME(StringLit, { LABEL: 'name' });
      },
    });
  });

  public commandLine = this.RULE('commandLine', () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.home, { LABEL: 'command' }) },
      { ALT: () => this.CONSUME(Kw.back, { LABEL: 'command' }) },
      { ALT: () => this.CONSUME(Kw.language, { LABEL: 'command' }) },
      { ALT: () => this.CONSUME(Identifier, { LABEL: 'command' }) },
    ]);
    this.CONSUME(Colon);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(StringLit, { LABEL: 'word' }) });
  });

  public messageEntry = this.RULE('messageEntry', () => {
    this.CONSUME(Identifier, { LABEL: 'key' });
    this.CONSUME(Colon);
    this.SUBRULE(this.translations);
  });

  // -- menu ------------------------------------------------------------------

  public menuDecl = this.RULE('menuDecl', () => {
    this.CONSUME(Kw.menu);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR([
          { ALT: () => this.SUBRULE(this.textClause) },
          { ALT: () => this.SUBRULE(this.optionClause) },
          { ALT: () => this.SUBRULE(this.fromClause) },
          this.strayAlt,
        ]),
    });
  });

  public optionClause = this.RULE('optionClause', () => {
    this.CONSUME(Kw.option);
    this.CONSUME(Name, { LABEL: 'id' });
    this.CONSUME(Arrow);
    this.CONSUME1(Name, { LABEL: 'target' });
    this.OPTION(() => this.SUBRULE(this.textBlock, { LABEL: 'label' }));
    this.MANY(() =>
      this.OR([
        { ALT: () => { this.head(0, Kw.description); this.SUBRULE1(this.textBlock, { LABEL: 'description' }); } },
        { ALT: () => {
          this.head(1, Kw.words);
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(StringLit, { LABEL: 'word' }) });
        } },
        { ALT: () => { this.head(2, Kw.number); this.CONSUME(NumberLit, { LABEL: 'number' }); } },
        { ALT: () => this.SUBRULE(this.setClause) },
        { ALT: () => { this.head(3, Kw.language); this.CONSUME(Identifier, { LABEL: 'language' }); } },
      ]),
    );
  });

  public setClause = this.RULE('setClause', () => {
    this.CONSUME(Kw.set);
    this.CONSUME(Name, { LABEL: 'variable' });
    this.CONSUME(Assign);
    this.CONSUME(StringLit, { LABEL: 'value' });
  });

  public fromClause = this.RULE('fromClause', () => {
    this.CONSUME(Kw.from);
    this.CONSUME(Name, { LABEL: 'source' });
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.sourceParam) });
      this.CONSUME(RParen);
    });
    this.CONSUME(Kw.into);
    this.CONSUME1(Name, { LABEL: 'into' });
    this.CONSUME(Arrow);
    this.CONSUME2(Name, { LABEL: 'target' });
    this.MANY(() =>
      this.OR([
        { ALT: () => { this.head(0, Kw.title); this.SUBRULE(this.textBlock, { LABEL: 'title' }); } },
        { ALT: () => { this.head(1, Kw.description); this.SUBRULE1(this.textBlock, { LABEL: 'description' }); } },
        { ALT: () => { this.head(2, Kw.timeout); this.CONSUME(DurationLit, { LABEL: 'timeout' }); } },
        { ALT: () => {
          this.CONSUME(Kw.fallback);
          this.CONSUME1(Arrow);
          this.CONSUME3(Name, { LABEL: 'fallback' });
        } },
      ]),
    );
  });

  public sourceParam = this.RULE('sourceParam', () => {
    this.CONSUME(Name, { LABEL: 'name' });
    this.CONSUME(Assign);
    this.CONSUME(StringLit, { LABEL: 'value' });
  });

  // -- page ------------------------------------------------------------------

  public pageDecl = this.RULE('pageDecl', () => {
    this.CONSUME(Kw.page);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR([
          { ALT: () => this.SUBRULE(this.textClause, { LABEL: 'block' }) },
          { ALT: () => this.SUBRULE(this.pageBlock, { LABEL: 'block' }) },
          { ALT: () => this.SUBRULE(this.linkBlock, { LABEL: 'block' }) },
          { ALT: () => this.SUBRULE(this.wayOn) },
          this.strayAlt,
        ]),
    });
  });

  /** `bullet:`, `fee:` or `time:` followed by a text block. */
  public pageBlock = this.RULE('pageBlock', () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.bullet, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(Kw.fee, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(Kw.time, { LABEL: 'keyword' }) },
    ]);
    this.CONSUME(Colon);
    this.SUBRULE(this.textBlock);
  });

  public linkBlock = this.RULE('linkBlock', () => {
    this.CONSUME(Kw.link);
    this.CONSUME(StringLit, { LABEL: 'url' });
    this.OPTION(() => this.SUBRULE(this.textBlock, { LABEL: 'label' }));
  });

  public wayOn = this.RULE('wayOn', () => {
    this.CONSUME(Kw.then);
    this.OR([
      { ALT: () => this.CONSUME(Kw.back, { LABEL: 'back' }) },
      { ALT: () => this.CONSUME(Kw.home, { LABEL: 'home' }) },
      { ALT: () => this.CONSUME(Kw.end, { LABEL: 'end' }) },
      { ALT: () => { this.CONSUME(Arrow); this.CONSUME(Name, { LABEL: 'target' }); } },
    ]);
  });

  // -- input -----------------------------------------------------------------

  public inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(Kw.input);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR([
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
          { ALT: () => {
            this.CONSUME(Kw.then);
            this.CONSUME1(Arrow);
            this.CONSUME3(Name, { LABEL: 'then' });
          } },
          this.strayAlt,
        ]),
    });
  });

  public expectation = this.RULE('expectation', () => {
    this.OR([
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
    ]);
  });

  // -- branch ------------------------------------------------------------------

  public branchDecl = this.RULE('branchDecl', () => {
    this.CONSUME(Kw.branch);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR([
          { ALT: () => this.SUBRULE(this.whenClause) },
          { ALT: () => { this.CONSUME(Kw.else); this.CONSUME(Arrow); this.CONSUME1(Name, { LABEL: 'otherwise' }); } },
          this.strayAlt,
        ]),
    });
  });

  public whenClause = this.RULE('whenClause', () => {
    this.CONSUME(Kw.when);
    this.SUBRULE(this.orCondition);
    this.CONSUME(Arrow);
    this.CONSUME(Name, { LABEL: 'target' });
  });

  public orCondition = this.RULE('orCondition', () => {
    this.SUBRULE(this.andCondition, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(Kw.or);
      this.SUBRULE1(this.andCondition, { LABEL: 'operand' });
    });
  });

  public andCondition = this.RULE('andCondition', () => {
    this.SUBRULE(this.notCondition, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(Kw.and);
      this.SUBRULE1(this.notCondition, { LABEL: 'operand' });
    });
  });

  public notCondition = this.RULE('notCondition', () => {
    this.OR([
      { ALT: () => { this.CONSUME(Kw.not); this.SUBRULE(this.notCondition, { LABEL: 'operand' }); } },
      { ALT: () => { this.CONSUME(LParen); this.SUBRULE(this.orCondition, { LABEL: 'group' }); this.CONSUME(RParen); } },
      { ALT: () => this.SUBRULE(this.comparison), IGNORE_AMBIGUITIES: true },
    ]);
  });

  public comparison = this.RULE('comparison', () => {
    this.OR([
      { ALT: () => this.CONSUME(Name, { LABEL: 'variable' }) },
      { ALT: () => this.CONSUME(DottedName, { LABEL: 'variable' }) },
    ]);
    this.OPTION(() => {
      this.OR1([
        { ALT: () => this.CONSUME(EqEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(NotEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(LtEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(GtEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(Lt, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(Gt, { LABEL: 'op' }) },
      ]);
      this.OR2([
        { ALT: () => this.CONSUME(StringLit, { LABEL: 'value' }) },
        { ALT: () => this.CONSUME(NumberLit, { LABEL: 'value' }) },
      ]);
    });
  });

  // -- goto, end, source, include ------------------------------------------------

  public gotoDecl = this.RULE('gotoDecl', () => {
    this.CONSUME(Kw.goto);
    this.CONSUME(Name, { LABEL: 'id' });
    this.CONSUME(Arrow);
    this.CONSUME1(Name, { LABEL: 'target' });
  });

  public endDecl = this.RULE('endDecl', () => {
    this.CONSUME(Kw.end);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({ GATE: this.notAtDecl, DEF: () => this.OR([{ ALT: () => this.SUBRULE(this.textClause) }, this.strayAlt]) });
  });

  public sourceDecl = this.RULE('sourceDecl', () => {
    this.CONSUME(Kw.source);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR([
          { ALT: () => { this.head(0, Kw.timeout); this.CONSUME(DurationLit, { LABEL: 'timeout' }); } },
          this.strayAlt,
        ]),
    });
  });

  public includeDecl = this.RULE('includeDecl', () => {
    this.CONSUME(Kw.include);
    this.CONSUME(StringLit, { LABEL: 'path' });
  });
}

/** The parser, built once for the process (building it analyses the grammar). */
export const flowParser = new FlowParser();

/** Parses tokens into a CST; errors are left in `flowParser.errors`. */
export function parseTokens(tokens: IToken[]): CstNode {
  flowParser.input = tokens;
  return flowParser.file();
}

export { EOF };
