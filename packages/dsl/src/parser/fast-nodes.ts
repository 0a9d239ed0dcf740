import type { IToken } from 'chevrotain';
import type { BotDecl, CommandDecl, CommandKind, Duration, FromClause, Ident, MenuDecl, NumberLit, OptionDecl, PageBlock, PageDecl, StringLit, Text } from '../ast.js';
import { Arrow, Assign, Colon, Comma, Identifier, Kw, LParen, RParen } from '../lexer/tokens.js';
import { commentsAt } from './cst.js';
import { emptyText } from './visit-text.js';
import { BAIL, FastReaderBase } from './fast-reader.js';

const COMMANDS: ReadonlySet<string> = new Set(['home', 'back', 'help', 'language', 'restart']);

/** The second layer of the one-pass reader: the bot header, menus and pages. */
export class FastReaderNodes extends FastReaderBase {
  protected bot(first: IToken, comments: readonly string[]): BotDecl {
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

  protected menu(first: IToken, comments: readonly string[]): MenuDecl {
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

  protected option(): OptionDecl {
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

  protected fromClause(): FromClause {
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

  protected page(first: IToken, comments: readonly string[]): PageDecl {
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

}
