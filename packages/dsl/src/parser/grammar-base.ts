import type { IOrAlt, DSLMethodOpts, OrMethodOpts, TokenType } from 'chevrotain';
import { CstParser, tokenMatcher } from '../chevrotain.js';
import {
  AnyToken, Colon, DECL_KEYWORDS, DottedName, EqEq, Gt, GtEq, Identifier, Kw, LParen, Lt, LtEq, Name, NotEq,
  NumberLit, RParen, StringLit, allTokens,
} from '../lexer/tokens.js';
import { errorMessages } from './error-messages.js';

const STRAY = { LABEL: 'stray' } as const;
const declStarts: ReadonlySet<TokenType> = new Set(DECL_KEYWORDS.map((w) => Kw[w]));

/**
 * The first layer of the `.flow` grammar (a pure `CstParser`): helpers shared by every
 * declaration, texts and conditions. `grammar-nodes.ts` and `grammar.ts` add the
 * declarations; `visit-*.ts` turn the CST into the AST.
 *
 * Alternatives and loop options are built once per parser, not on every call
 * (Chevrotain's main performance advice): the parser is a module-level singleton.
 */
export class FlowGrammarBase extends CstParser {
  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: errorMessages,
    });
  }

  /** `endpoint: …` inside a call is a clause: a keyword followed by `:` never starts a declaration. */
  private notAtDecl = (): boolean => !declStarts.has(this.LA(1).tokenType) || this.LA(2).tokenType === Colon;

  private strayAlt: IOrAlt<unknown> = { ALT: () => this.CONSUME(AnyToken, STRAY), IGNORE_AMBIGUITIES: true };

  /**
   * The loop of a declaration's body: its clauses, one token of lookahead each, and any
   * other token consumed as `stray` (reported once per run by the visitor), until the
   * next declaration keyword (or, with `continues`, where it says the body goes on).
   */
  protected body(clauses: IOrAlt<unknown>[], continues?: () => boolean): DSLMethodOpts<unknown> {
    const options: OrMethodOpts<unknown> = { DEF: [...clauses, this.strayAlt], MAX_LOOKAHEAD: 1 };
    const gate = continues ? () => this.notAtDecl() || continues() : this.notAtDecl;
    return { GATE: gate, DEF: () => this.OR(options) };
  }

  /** The top-level loop: declarations and stray tokens. */
  protected topLevel(declarations: IOrAlt<unknown>[]): () => void {
    const options: OrMethodOpts<unknown> = { DEF: [...declarations, this.strayAlt], MAX_LOOKAHEAD: 1 };
    return () => this.OR(options);
  }

  /** `<keyword> :` (idx keeps occurrences apart within one rule). */
  protected head(idx: number, keyword: TokenType): void {
    this.consume(idx, keyword);
    this.consume(idx, Colon);
  }

  // -- texts ---------------------------------------------------------------

  /**
   * A language line is `code: "…"`. A longer word followed by `:` and no text is more
   * likely a misspelt clause (`bulet:`), reported once by the enclosing declaration.
   * (Valid input always passes: this only shapes error reports.)
   */
  private translationLoop: DSLMethodOpts<unknown> = {
    GATE: () => tokenMatcher(this.LA(3), StringLit) || this.LA(1).image.length <= 3,
    DEF: () => this.SUBRULE(this.translation),
  };

  private textBlockAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(StringLit, { LABEL: 'neutral' }) },
    { ALT: () => this.AT_LEAST_ONE(this.translationLoop) },
  ];

  /** A neutral string or one or more `lang: "…"` lines. */
  public textBlock = this.RULE('textBlock', () => {
    this.OR(this.textBlockAlts);
  });

  private messageLoop: DSLMethodOpts<unknown> = {
    GATE: () => this.LA(2).tokenType === Colon && tokenMatcher(this.LA(3), StringLit),
    DEF: () => this.SUBRULE(this.translation),
  };

  /** Language lines only (under `messages:`, where a key and a language line look alike). */
  public translations = this.RULE('translations', () => {
    this.AT_LEAST_ONE(this.messageLoop);
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

  // -- conditions ---------------------------------------------------------------

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
    // `not` is also a name: a variable called `not` is read only where `not …` cannot be.
    { ALT: () => this.SUBRULE(this.comparison), IGNORE_AMBIGUITIES: true },
  ];

  public notCondition = this.RULE('notCondition', () => {
    this.OR(this.notConditionAlts);
  });

  private variableAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(Name, { LABEL: 'variable' }) },
    { ALT: () => this.CONSUME(DottedName, { LABEL: 'variable' }) },
  ];

  private operatorAlts: IOrAlt<unknown>[] = [EqEq, NotEq, LtEq, GtEq, Lt, Gt].map((op) => ({
    ALT: () => this.CONSUME(op, { LABEL: 'op' }),
  }));

  private valueAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(StringLit, { LABEL: 'value' }) },
    { ALT: () => this.CONSUME(NumberLit, { LABEL: 'value' }) },
  ];

  public comparison = this.RULE('comparison', () => {
    this.OR(this.variableAlts);
    this.OPTION(() => {
      this.OR1(this.operatorAlts);
      this.OR2(this.valueAlts);
    });
  });
}
