import { CstParser, EOF, tokenMatcher, type CstNode, type IOrAlt, type IToken, type TokenType } from 'chevrotain';
import {
  AnyToken, Arrow, Assign, Colon, Comma, DECL_KEYWORDS, DotDot, DottedName, DurationLit, EqEq, Gt, GtEq,
  Identifier, Kw, LParen, Lt, LtEq, Name, NotEq, NumberLit, RParen, StringLit, allTokens,
} from '../lexer/tokens.js';
import { errorMessages } from './error-messages.js';

const DECL = { LABEL: 'decl' } as const;
const STRAY = { LABEL: 'stray' } as const;
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

  /**
   * A language line is `code: "…"`. A longer word followed by `:` and no text is more
   * likely a misspelt clause (`bulet:`), reported once by the enclosing declaration.
   * (Valid input always passes: this only shapes error reports.)
   */
  private looksLikeTranslation = (): boolean =>
    tokenMatcher(this.LA(3), StringLit) || this.LA(1).image.length <= 3;

  private strayAlt: IOrAlt<unknown> = { ALT: () => this.CONSUME(AnyToken, STRAY), IGNORE_AMBIGUITIES: true };

  /** `<keyword> :` */
  private head(idx: number, keyword: TokenType): void {
    this.consume(idx, keyword);
    this.consume(idx, Colon);
  }

  // Alternatives are built once (not on every call): Chevrotain's main performance tip.
  private declAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.includeDecl, DECL) },
    { ALT: () => this.SUBRULE(this.botDecl, DECL) },
    { ALT: () => this.SUBRULE(this.menuDecl, DECL) },
    { ALT: () => this.SUBRULE(this.pageDecl, DECL) },
    { ALT: () => this.SUBRULE(this.inputDecl, DECL) },
    { ALT: () => this.SUBRULE(this.branchDecl, DECL) },
    { ALT: () => this.SUBRULE(this.gotoDecl, DECL) },
    { ALT: () => this.SUBRULE(this.endDecl, DECL) },
    { ALT: () => this.SUBRULE(this.sourceDecl, DECL) },
    this.strayAlt,
  ];

  private declLoop = (): void => {
    this.OR({ DEF: this.declAlts, MAX_LOOKAHEAD: 1 });
  };

  public file = this.RULE('file', () => {
    this.MANY(this.declLoop);
  });

  // -- texts ---------------------------------------------------------------

  /** A neutral string or one or more `lang: "…"` lines. */
  private textBlockAlts: IOrAlt<unknown>[] = [
      { ALT: () => this.CONSUME(StringLit, { LABEL: 'neutral' }) },
      { ALT: () => this.AT_LEAST_ONE({ GATE: this.looksLikeTranslation, DEF: () => this.SUBRULE(this.translation) }) },
    ];

  public textBlock = this.RULE('textBlock', () => {
    this.OR(this.textBlockAlts);
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

  private botDeclAlts: IOrAlt<unknown>[] = [
          { ALT: () => this.SUBRULE(this.languagesClause) },
          { ALT: () => { this.head(0, Kw.start); this.CONSUME1(Name, { LABEL: 'start' }); } },
          { ALT: () => { this.head(1, Kw.retries); this.CONSUME(NumberLit, { LABEL: 'retries' }); } },
          { ALT: () => { this.head(2, Kw.idle); this.CONSUME(DurationLit, { LABEL: 'idle' }); } },
          { ALT: () => { this.head(3, Kw.commands); this.MANY1(() => this.SUBRULE(this.commandLine)); } },
          { ALT: () => { this.head(4, Kw.messages); this.MANY2(() => this.SUBRULE(this.messageEntry)); } },
          this.strayAlt,
        ];

  public botDecl = this.RULE('botDecl', () => {
    this.CONSUME(Kw.bot);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR({ DEF: this.botDeclAlts, MAX_LOOKAHEAD: 1 }),
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

  private commandLineAlts: IOrAlt<unknown>[] = [
      { ALT: () => this.CONSUME(Kw.home, { LABEL: 'command' }) },
      { ALT: () => this.CONSUME(Kw.back, { LABEL: 'command' }) },
      { ALT: () => this.CONSUME(Kw.language, { LABEL: 'command' }) },
      { ALT: () => this.CONSUME(Identifier, { LABEL: 'command' }) },
    ];

  public commandLine = this.RULE('commandLine', () => {
    this.OR(this.commandLineAlts);
    this.CONSUME(Colon);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(StringLit, { LABEL: 'word' }) });
  });

  public messageEntry = this.RULE('messageEntry', () => {
    this.CONSUME(Identifier, { LABEL: 'key' });
    this.CONSUME(Colon);
    this.SUBRULE(this.translations);
  });

  // -- menu ------------------------------------------------------------------

  private menuDeclAlts: IOrAlt<unknown>[] = [
          { ALT: () => this.SUBRULE(this.textClause) },
          { ALT: () => this.SUBRULE(this.optionClause) },
          { ALT: () => this.SUBRULE(this.fromClause) },
          this.strayAlt,
        ];

  public menuDecl = this.RULE('menuDecl', () => {
    this.CONSUME(Kw.menu);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR({ DEF: this.menuDeclAlts, MAX_LOOKAHEAD: 1 }),
    });
  });

  private optionClauseAlts: IOrAlt<unknown>[] = [
        { ALT: () => { this.head(0, Kw.description); this.SUBRULE1(this.textBlock, { LABEL: 'description' }); } },
        { ALT: () => {
          this.head(1, Kw.words);
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(StringLit, { LABEL: 'word' }) });
        } },
        { ALT: () => { this.head(2, Kw.number); this.CONSUME(NumberLit, { LABEL: 'number' }); } },
        { ALT: () => this.SUBRULE(this.setClause) },
        { ALT: () => { this.head(3, Kw.language); this.CONSUME(Identifier, { LABEL: 'language' }); } },
      ];

  public optionClause = this.RULE('optionClause', () => {
    this.CONSUME(Kw.option);
    this.CONSUME(Name, { LABEL: 'id' });
    this.CONSUME(Arrow);
    this.CONSUME1(Name, { LABEL: 'target' });
    this.OPTION(() => this.SUBRULE(this.textBlock, { LABEL: 'label' }));
    this.MANY(() =>
      this.OR(this.optionClauseAlts),
    );
  });

  public setClause = this.RULE('setClause', () => {
    this.CONSUME(Kw.set);
    this.CONSUME(Name, { LABEL: 'variable' });
    this.CONSUME(Assign);
    this.CONSUME(StringLit, { LABEL: 'value' });
  });

  private fromClauseAlts: IOrAlt<unknown>[] = [
        { ALT: () => { this.head(0, Kw.title); this.SUBRULE(this.textBlock, { LABEL: 'title' }); } },
        { ALT: () => { this.head(1, Kw.description); this.SUBRULE1(this.textBlock, { LABEL: 'description' }); } },
        { ALT: () => { this.head(2, Kw.timeout); this.CONSUME(DurationLit, { LABEL: 'timeout' }); } },
        { ALT: () => {
          this.CONSUME(Kw.fallback);
          this.CONSUME1(Arrow);
          this.CONSUME3(Name, { LABEL: 'fallback' });
        } },
      ];

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
      this.OR(this.fromClauseAlts),
    );
  });

  public sourceParam = this.RULE('sourceParam', () => {
    this.CONSUME(Name, { LABEL: 'name' });
    this.CONSUME(Assign);
    this.CONSUME(StringLit, { LABEL: 'value' });
  });

  // -- page ------------------------------------------------------------------

  private pageDeclAlts: IOrAlt<unknown>[] = [
          { ALT: () => this.SUBRULE(this.textClause, { LABEL: 'block' }) },
          { ALT: () => this.SUBRULE(this.pageBlock, { LABEL: 'block' }) },
          { ALT: () => this.SUBRULE(this.linkBlock, { LABEL: 'block' }) },
          { ALT: () => this.SUBRULE(this.wayOn) },
          this.strayAlt,
        ];

  public pageDecl = this.RULE('pageDecl', () => {
    this.CONSUME(Kw.page);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR({ DEF: this.pageDeclAlts, MAX_LOOKAHEAD: 1 }),
    });
  });

  /** `bullet:`, `fee:` or `time:` followed by a text block. */
  private pageBlockAlts: IOrAlt<unknown>[] = [
      { ALT: () => this.CONSUME(Kw.bullet, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(Kw.fee, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(Kw.time, { LABEL: 'keyword' }) },
    ];

  public pageBlock = this.RULE('pageBlock', () => {
    this.OR(this.pageBlockAlts);
    this.CONSUME(Colon);
    this.SUBRULE(this.textBlock);
  });

  public linkBlock = this.RULE('linkBlock', () => {
    this.CONSUME(Kw.link);
    this.CONSUME(StringLit, { LABEL: 'url' });
    this.OPTION(() => this.SUBRULE(this.textBlock, { LABEL: 'label' }));
  });

  private wayOnAlts: IOrAlt<unknown>[] = [
      { ALT: () => this.CONSUME(Kw.back, { LABEL: 'back' }) },
      { ALT: () => this.CONSUME(Kw.home, { LABEL: 'home' }) },
      { ALT: () => this.CONSUME(Kw.end, { LABEL: 'end' }) },
      { ALT: () => { this.CONSUME(Arrow); this.CONSUME(Name, { LABEL: 'target' }); } },
    ];

  public wayOn = this.RULE('wayOn', () => {
    this.CONSUME(Kw.then);
    this.OR(this.wayOnAlts);
  });

  // -- input -----------------------------------------------------------------

  private inputDeclAlts: IOrAlt<unknown>[] = [
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
        ];

  public inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(Kw.input);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR({ DEF: this.inputDeclAlts, MAX_LOOKAHEAD: 1 }),
    });
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
    ];

  public expectation = this.RULE('expectation', () => {
    this.OR(this.expectationAlts);
  });

  // -- branch ------------------------------------------------------------------

  private branchDeclAlts: IOrAlt<unknown>[] = [
          { ALT: () => this.SUBRULE(this.whenClause) },
          { ALT: () => { this.CONSUME(Kw.else); this.CONSUME(Arrow); this.CONSUME1(Name, { LABEL: 'otherwise' }); } },
          this.strayAlt,
        ];

  public branchDecl = this.RULE('branchDecl', () => {
    this.CONSUME(Kw.branch);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR({ DEF: this.branchDeclAlts, MAX_LOOKAHEAD: 1 }),
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

  private notConditionAlts: IOrAlt<unknown>[] = [
      { ALT: () => { this.CONSUME(Kw.not); this.SUBRULE(this.notCondition, { LABEL: 'operand' }); } },
      { ALT: () => { this.CONSUME(LParen); this.SUBRULE(this.orCondition, { LABEL: 'group' }); this.CONSUME(RParen); } },
      { ALT: () => this.SUBRULE(this.comparison), IGNORE_AMBIGUITIES: true },
    ];

  public notCondition = this.RULE('notCondition', () => {
    this.OR(this.notConditionAlts);
  });

  private comparisonAlts: IOrAlt<unknown>[] = [
      { ALT: () => this.CONSUME(Name, { LABEL: 'variable' }) },
      { ALT: () => this.CONSUME(DottedName, { LABEL: 'variable' }) },
    ];

  private comparisonAlts1: IOrAlt<unknown>[] = [
        { ALT: () => this.CONSUME(EqEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(NotEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(LtEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(GtEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(Lt, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(Gt, { LABEL: 'op' }) },
      ];

  private comparisonAlts2: IOrAlt<unknown>[] = [
        { ALT: () => this.CONSUME(StringLit, { LABEL: 'value' }) },
        { ALT: () => this.CONSUME(NumberLit, { LABEL: 'value' }) },
      ];

  public comparison = this.RULE('comparison', () => {
    this.OR(this.comparisonAlts);
    this.OPTION(() => {
      this.OR1(this.comparisonAlts1);
      this.OR2(this.comparisonAlts2);
    });
  });

  // -- goto, end, source, include ------------------------------------------------

  public gotoDecl = this.RULE('gotoDecl', () => {
    this.CONSUME(Kw.goto);
    this.CONSUME(Name, { LABEL: 'id' });
    this.CONSUME(Arrow);
    this.CONSUME1(Name, { LABEL: 'target' });
  });

  private endDeclAlts: IOrAlt<unknown>[] = [{ ALT: () => this.SUBRULE(this.textClause) }, this.strayAlt];

  public endDecl = this.RULE('endDecl', () => {
    this.CONSUME(Kw.end);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({ GATE: this.notAtDecl, DEF: () => this.OR({ DEF: this.endDeclAlts, MAX_LOOKAHEAD: 1 }) });
  });

  private sourceDeclAlts: IOrAlt<unknown>[] = [
          { ALT: () => { this.head(0, Kw.timeout); this.CONSUME(DurationLit, { LABEL: 'timeout' }); } },
          this.strayAlt,
        ];

  public sourceDecl = this.RULE('sourceDecl', () => {
    this.CONSUME(Kw.source);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY({
      GATE: this.notAtDecl,
      DEF: () =>
        this.OR({ DEF: this.sourceDeclAlts, MAX_LOOKAHEAD: 1 }),
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
