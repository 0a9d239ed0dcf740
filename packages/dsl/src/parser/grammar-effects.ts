import type { IOrAlt, DSLMethodOpts } from 'chevrotain';
import { tokenMatcher } from '../chevrotain.js';
import { Arrow, Colon, Comma, DottedName, DurationLit, Kw, Name, StringLit } from '../lexer/tokens.js';
import { FlowGrammarNodes } from './grammar-nodes.js';

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
    { ALT: () => { this.CONSUME(Kw.env, { LABEL: 'env' }); this.CONSUME(Name, { LABEL: 'name' }); } },
    { ALT: () => this.CONSUME1(Name, { LABEL: 'bare' }) },
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

  /** A `field: "template"` line (a clause keyword is followed by a name or a new line, never a text). */
  private sendLoop: DSLMethodOpts<unknown> = {
    GATE: () => this.LA(2).tokenType === Colon && tokenMatcher(this.LA(3), StringLit),
    DEF: () => this.SUBRULE(this.callSend),
  };

  /** A `path -> variable` line; `then ->` and `fallback ->` end the list. */
  private receiveLoop: DSLMethodOpts<unknown> = {
    GATE: () => this.LA(2).tokenType === Arrow && this.LA(1).tokenType !== Kw.then && this.LA(1).tokenType !== Kw.fallback,
    DEF: () => this.SUBRULE(this.callReceive),
  };

  private callBody: DSLMethodOpts<unknown> = this.body([
    { ALT: () => { this.head(0, Kw.endpoint); this.CONSUME3(Name, { LABEL: 'endpoint' }); } },
    { ALT: () => { this.head(1, Kw.send); this.SUBRULE(this.sendBlock, { LABEL: 'send' }); } },
    { ALT: () => { this.head(2, Kw.receive); this.SUBRULE(this.receiveBlock, { LABEL: 'receive' }); } },
    { ALT: () => { this.CONSUME(Kw.then); this.CONSUME(Arrow); this.CONSUME1(Name, { LABEL: 'then' }); } },
    { ALT: () => { this.CONSUME(Kw.fallback); this.CONSUME1(Arrow); this.CONSUME2(Name, { LABEL: 'fallback' }); } },
  ]);

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
  ];

  public callReceive = this.RULE('callReceive', () => {
    this.OR(this.pathAlts);
    this.CONSUME(Arrow);
    this.CONSUME1(Name, { LABEL: 'variable' });
  });
}
