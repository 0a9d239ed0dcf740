import type { BotDecl, CommandDecl, CommandKind, Duration, FromClause, Ident, MenuDecl, NumberLit, OptionDecl, PageBlock, PageDecl, StringLit, Text } from '../ast.js';
import { Arrow, Assign } from '../lexer/tokens.js';
import { typeId } from '../lexer/compact.js';
import { commentsAt } from './cst.js';
import { emptyText } from './visit-text.js';
import { BAIL, FastReaderBase, K, NONE, T } from './fast-reader.js';

const ARROW = typeId(Arrow);
const ASSIGN = typeId(Assign);
const COMMANDS: ReadonlySet<string> = new Set(['home', 'back', 'help', 'language', 'restart']);

/** The second layer of the one-pass reader: the bot header, menus and pages. */
export class FastReaderNodes extends FastReaderBase {
  protected bot(first: number, comments: readonly string[]): BotDecl {
    this.take();
    const id = this.name();
    let languages: BotDecl['languages'] | undefined;
    let start: Ident | undefined;
    let retries: NumberLit | undefined;
    let idle: Duration | undefined;
    const commands: CommandDecl[] = [];
    const messages: BotDecl['messages'][number][] = [];
    while (!this.atBodyEnd()) {
      const t = this.peek();
      if (t === K.languages) {
        this.once(languages);
        this.head(K.languages);
        const list: { code: Ident; name: StringLit }[] = [];
        do {
          if (list.length > 0) this.take(T.comma);
          list.push({ code: this.code(), name: this.str() });
        } while (this.is(T.comma));
        languages = list;
      } else if (t === K.start) {
        this.once(start);
        this.head(K.start);
        start = this.name();
      } else if (t === K.retries) {
        this.once(retries);
        this.head(K.retries);
        retries = this.num();
      } else if (t === K.idle) {
        this.once(idle);
        this.head(K.idle);
        idle = this.dur();
      } else if (t === K.commands) {
        this.head(K.commands);
        while ((this.is(T.identifier) || this.is(K.home) || this.is(K.back) || this.is(K.language)) && this.is(T.colon, 1)) {
          const key = this.take();
          const command = this.image(key);
          if (!COMMANDS.has(command)) throw BAIL;
          const lineComments = commentsAt(this.ctx, this.start(key));
          this.take(T.colon);
          const words = this.list();
          commands.push({ command: command as CommandKind, span: this.from(key), words, comments: lineComments });
        }
      } else if (t === K.messages) {
        this.head(K.messages);
        while (this.is(T.identifier) && this.is(T.colon, 1) && !this.isString(2)) {
          const key = this.code();
          const messageComments = commentsAt(this.ctx, key.span.offset);
          this.take(T.colon);
          messages.push({ key, text: this.translations(), comments: messageComments });
        }
      } else throw BAIL;
    }
    return { kind: 'bot', id, languages: languages ?? [], start, retries, idle, commands, messages, span: this.from(first), comments };
  }

  protected menu(first: number, comments: readonly string[]): MenuDecl {
    this.take();
    const id = this.name();
    let text: Text | undefined;
    let from: FromClause | undefined;
    const options: OptionDecl[] = [];
    while (!this.atBodyEnd()) {
      if (this.is(K.text)) {
        this.once(text);
        this.head(K.text);
        text = this.text();
      } else if (this.is(K.option)) options.push(this.option());
      else if (this.is(K.from)) {
        this.once(from);
        from = this.fromClause();
      } else throw BAIL;
    }
    return { kind: 'menu', id, text, options, from, span: this.from(first), comments };
  }

  protected option(): OptionDecl {
    const first = this.take(K.option);
    const comments = commentsAt(this.ctx, this.start(first));
    const id = this.name();
    this.take(ARROW);
    const target = this.name();
    const label = this.optionalText(target.span);
    let description: Text | undefined;
    let number: NumberLit | undefined;
    let language: Ident | undefined;
    let words: StringLit[] | undefined;
    let sets: OptionDecl['sets'][number][] | undefined;
    for (;;) {
      if (this.is(K.description)) {
        this.once(description);
        this.head(K.description);
        description = this.text();
      } else if (this.is(K.words)) {
        this.head(K.words);
        (words ??= []).push(...this.list());
      } else if (this.is(K.number)) {
        this.once(number);
        this.head(K.number);
        number = this.num();
      } else if (this.is(K.set)) {
        this.take();
        const variable = this.name();
        this.take(ASSIGN);
        (sets ??= []).push({ variable, value: this.str() });
      } else if (this.is(K.language)) {
        this.once(language);
        this.head(K.language);
        language = this.code();
      } else break;
    }
    return { id, target, label, description, words: words ?? NONE, number, sets: sets ?? NONE, language, span: this.from(first), comments };
  }

  protected fromClause(): FromClause {
    const first = this.take(K.from);
    const comments = commentsAt(this.ctx, this.start(first));
    const source = this.name();
    const params: FromClause['params'][number][] = [];
    if (this.is(T.lParen)) {
      this.take();
      while (!this.is(T.rParen)) {
        if (params.length > 0) this.take(T.comma);
        const name = this.name();
        this.take(ASSIGN);
        params.push({ name, value: this.str() });
      }
      this.take(T.rParen);
    }
    this.take(K.into);
    const into = this.name();
    this.take(ARROW);
    const target = this.name();
    let title: Text | undefined;
    let description: Text | undefined;
    let timeout: Duration | undefined;
    let fallback: Ident | undefined;
    for (;;) {
      if (this.is(K.title)) {
        this.once(title);
        this.head(K.title);
        title = this.text();
      } else if (this.is(K.description)) {
        this.once(description);
        this.head(K.description);
        description = this.text();
      } else if (this.is(K.timeout)) {
        this.once(timeout);
        this.head(K.timeout);
        timeout = this.dur();
      } else if (this.is(K.fallback)) {
        this.once(fallback);
        this.take();
        this.take(ARROW);
        fallback = this.name();
      } else break;
    }
    return {
      source, params, into, target, title: title ?? emptyText(target.span), description, timeout, fallback,
      span: this.from(first), comments,
    };
  }

  protected page(first: number, comments: readonly string[]): PageDecl {
    this.take();
    const id = this.name();
    const blocks: PageBlock[] = [];
    let then: PageDecl['then'];
    while (!this.atBodyEnd()) {
      const t = this.i;
      const type = this.peek();
      if (type === K.then) {
        this.once(then);
        this.take();
        if (this.is(K.back) || this.is(K.home) || this.is(K.end)) {
          const kind = this.image(this.take()) as 'back' | 'home' | 'end';
          then = { kind, span: this.from(t) };
        } else {
          this.take(ARROW);
          const target = this.name();
          then = { kind: 'next', target, span: this.from(t) };
        }
        continue;
      }
      const blockComments = commentsAt(this.ctx, this.start(t));
      if (type === K.text || type === K.bullet || type === K.fee || type === K.time) {
        this.head(type);
        const text = this.text();
        blocks.push({ kind: this.image(t) as 'text' | 'bullet' | 'fee' | 'time', text, span: this.from(t), comments: blockComments });
      } else if (type === K.link) {
        this.take();
        const url = this.str();
        const label = this.optionalText(url.span);
        blocks.push({ kind: 'link', url, label, span: this.from(t), comments: blockComments });
      } else throw BAIL;
    }
    return { kind: 'page', id, blocks, then, span: this.from(first), comments };
  }

}
