import type { IOrAlt, DSLMethodOpts } from 'chevrotain';
import {
  Arrow, Assign, Colon, Comma, DurationLit, Identifier, Kw, LParen, Name, NumberLit, RParen, StringLit,
} from '../lexer/tokens.js';
import { FlowGrammarBase } from './grammar-base.js';

/** The second layer of the grammar: the bot header, menus and pages. */
export class FlowGrammarNodes extends FlowGrammarBase {
  // -- bot -------------------------------------------------------------------

  private botBody: DSLMethodOpts<unknown> = this.body([
    { ALT: () => this.SUBRULE(this.languagesClause) },
    { ALT: () => { this.head(0, Kw.start); this.CONSUME1(Name, { LABEL: 'start' }); } },
    { ALT: () => { this.head(1, Kw.retries); this.CONSUME(NumberLit, { LABEL: 'retries' }); } },
    { ALT: () => { this.head(2, Kw.idle); this.CONSUME(DurationLit, { LABEL: 'idle' }); } },
    { ALT: () => { this.head(3, Kw.commands); this.MANY1(() => this.SUBRULE(this.commandLine)); } },
    { ALT: () => { this.head(4, Kw.messages); this.MANY2(() => this.SUBRULE(this.messageEntry)); } },
  ]);

  public botDecl = this.RULE('botDecl', () => {
    this.CONSUME(Kw.bot);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY(this.botBody);
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

  /** `help` and `restart` are plain names; other names are reported by the visitor (FLOW1104). */
  private commandAlts: IOrAlt<unknown>[] = [Kw.home, Kw.back, Kw.language, Identifier].map((type) => ({
    ALT: () => this.CONSUME(type, { LABEL: 'command' }),
  }));

  public commandLine = this.RULE('commandLine', () => {
    this.OR(this.commandAlts);
    this.CONSUME(Colon);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(StringLit, { LABEL: 'word' }) });
  });

  public messageEntry = this.RULE('messageEntry', () => {
    this.CONSUME(Identifier, { LABEL: 'key' });
    this.CONSUME(Colon);
    this.SUBRULE(this.translations);
  });

  // -- menu ------------------------------------------------------------------

  private menuBody: DSLMethodOpts<unknown> = this.body([
    { ALT: () => this.SUBRULE(this.textClause) },
    { ALT: () => this.SUBRULE(this.optionClause) },
    { ALT: () => this.SUBRULE(this.fromClause) },
  ]);

  public menuDecl = this.RULE('menuDecl', () => {
    this.CONSUME(Kw.menu);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY(this.menuBody);
  });

  private optionAlts: IOrAlt<unknown>[] = [
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
    this.MANY(() => this.OR(this.optionAlts));
  });

  public setClause = this.RULE('setClause', () => {
    this.CONSUME(Kw.set);
    this.CONSUME(Name, { LABEL: 'variable' });
    this.CONSUME(Assign);
    this.CONSUME(StringLit, { LABEL: 'value' });
  });

  private fromAlts: IOrAlt<unknown>[] = [
    { ALT: () => { this.head(0, Kw.title); this.SUBRULE(this.textBlock, { LABEL: 'title' }); } },
    { ALT: () => { this.head(1, Kw.description); this.SUBRULE1(this.textBlock, { LABEL: 'description' }); } },
    { ALT: () => { this.head(2, Kw.timeout); this.CONSUME(DurationLit, { LABEL: 'timeout' }); } },
    { ALT: () => { this.CONSUME(Kw.fallback); this.CONSUME1(Arrow); this.CONSUME3(Name, { LABEL: 'fallback' }); } },
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
    this.MANY(() => this.OR(this.fromAlts));
  });

  public sourceParam = this.RULE('sourceParam', () => {
    this.CONSUME(Name, { LABEL: 'name' });
    this.CONSUME(Assign);
    this.CONSUME(StringLit, { LABEL: 'value' });
  });

  // -- page ------------------------------------------------------------------

  private pageBody: DSLMethodOpts<unknown> = this.body([
    { ALT: () => this.SUBRULE(this.textClause, { LABEL: 'block' }) },
    { ALT: () => this.SUBRULE(this.pageBlock, { LABEL: 'block' }) },
    { ALT: () => this.SUBRULE(this.linkBlock, { LABEL: 'block' }) },
    { ALT: () => this.SUBRULE(this.buttonBlock, { LABEL: 'block' }) },
    { ALT: () => this.SUBRULE(this.mediaBlock, { LABEL: 'block' }) },
    { ALT: () => this.SUBRULE(this.wayOn) },
  ]);

  public pageDecl = this.RULE('pageDecl', () => {
    this.CONSUME(Kw.page);
    this.CONSUME(Name, { LABEL: 'id' });
    this.MANY(this.pageBody);
  });

  private blockKeywordAlts: IOrAlt<unknown>[] = [Kw.bullet, Kw.fee, Kw.time].map((type) => ({
    ALT: () => this.CONSUME(type, { LABEL: 'keyword' }),
  }));

  /** `bullet:`, `fee:` or `time:` followed by a text block. */
  public pageBlock = this.RULE('pageBlock', () => {
    this.OR(this.blockKeywordAlts);
    this.CONSUME(Colon);
    this.SUBRULE(this.textBlock);
  });

  /** `link "url"` and its label; a `:` after the address is allowed (the formatter drops it). */
  public linkBlock = this.RULE('linkBlock', () => {
    this.CONSUME(Kw.link);
    this.CONSUME(StringLit, { LABEL: 'url' });
    this.OPTION1(() => this.CONSUME(Colon));
    this.OPTION(() => this.SUBRULE(this.textBlock, { LABEL: 'label' }));
  });

  /** `button "url"` and its label, one line per language: always a tappable cta_url. */
  public buttonBlock = this.RULE('buttonBlock', () => {
    this.CONSUME(Kw.button);
    this.CONSUME(StringLit, { LABEL: 'url' });
    this.OPTION1(() => this.CONSUME(Colon));
    this.OPTION(() => this.SUBRULE(this.textBlock, { LABEL: 'label' }));
  });

  private mediaKeywordAlts: IOrAlt<unknown>[] = [Kw.image, Kw.document, Kw.video].map((type) => ({
    ALT: () => this.CONSUME(type, { LABEL: 'mediaType' }),
  }));

  /** `image|document|video "url" [name "file.pdf"]` and its caption lines (none: no caption). */
  public mediaBlock = this.RULE('mediaBlock', () => {
    this.OR(this.mediaKeywordAlts);
    this.CONSUME(StringLit, { LABEL: 'url' });
    this.OPTION2(() => {
      this.CONSUME(Kw.name);
      this.CONSUME1(StringLit, { LABEL: 'filename' });
    });
    this.OPTION1(() => this.CONSUME(Colon));
    this.OPTION(() => this.SUBRULE(this.textBlock, { LABEL: 'caption' }));
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
}
