/**
 * The typed AST of a `.flow` file, as produced by `parse()` in `parser/parse.ts`.
 * Every element carries a source span; line and column are computed only when rendering.
 * Comments are kept so that the formatter can write each back where it was: with the element
 * written below it (`comments`, a clause's `clauseComments`, a neutral label's `comments`), at
 * the end of a declaration (`endComments`), or as the file's header and end.
 *
 * Contract with the compiler:
 * - An optional field means "may be missing in the source; the compiler checks it"
 *   (e.g. `MenuDecl.text`, `PageDecl.then`, `BranchDecl.otherwise`).
 * - After a parse error (the file has FLOW1xxx errors) a required `Ident` may have the
 *   empty name `''` and a zero-length span, and a required `Text` may be a
 *   `translations` text with no entries. Compilers should not report on those twice.
 * - A translated text with no entries also stands for a label the author left out
 *   (`option a -> b` with no language lines): the compiler reports the missing languages.
 */

/** A region of a source file, in UTF-16 offsets as JavaScript strings index them. */
export interface Span {
  readonly file: string;
  readonly offset: number;
  readonly length: number;
}

/** A name as written in the source (node id, option id, variable, language code). */
export interface Ident {
  readonly name: string;
  readonly span: Span;
}

/** Full-line comments written directly above an element, without the leading `#`. */
export type Comments = readonly string[];

/**
 * The comments written above the clauses of a declaration, an option or a `from` that are no
 * element of their own (`start:`, `words:`, `then -> x` …), by clause keyword. A clause written
 * on several lines (a long `words:` list) also gathers the comments between its lines; a clause
 * written twice (`words:`) gathers the comments above each. A key (and the whole field) is
 * present only when a comment was written there.
 */
export type ClauseComments<K extends string> = { readonly [clause in K]?: Comments };

/** One `lang: "text"` line. `value` is the decoded string (escapes resolved). */
export interface Translation {
  readonly lang: Ident;
  readonly value: string;
  /** Span of the string literal including its quotes. */
  readonly valueSpan: Span;
  readonly comments: Comments;
  /** True when written as a `"""` string; the formatter keeps that form. Absent otherwise. */
  readonly multiline?: boolean;
}

/** A text a citizen reads: one line per language, or one neutral string. */
export type Text =
  | { readonly kind: 'translations'; readonly entries: readonly Translation[]; readonly span: Span }
  | {
      readonly kind: 'neutral';
      readonly value: string;
      readonly span: Span;
      /** True when written as a `"""` string; the formatter keeps that form. Absent otherwise. */
      readonly multiline?: boolean;
      /**
       * Comments written above a label or caption given as one string on its own line (under an
       * option, a link, a button or a media block). Absent when there are none.
       */
      readonly comments?: Comments;
    };

/** A string literal used as data (a word, a URL, a parameter value). */
export interface StringLit {
  readonly value: string;
  readonly span: Span;
}

/** A duration literal (`800ms`, `4s`, `30m`, `2h`). */
export interface Duration {
  /** Milliseconds. */
  readonly ms: number;
  /** As written, e.g. `4s`. */
  readonly raw: string;
  readonly span: Span;
}

/** A whole number as written (`3`, `120`). */
export interface NumberLit {
  readonly value: number;
  readonly span: Span;
}

/** `-> target` */
export interface TargetRef {
  readonly target: Ident;
}

// ---------------------------------------------------------------------------
// bot header

/** One entry of `languages:` — `mr "मराठी"`. */
export interface LanguageDecl {
  readonly code: Ident;
  /** Display name, e.g. "मराठी". */
  readonly name: StringLit;
}

/** The five global commands of `commands:`. Other keys are FLOW1104 and never reach the AST. */
export type CommandKind = 'home' | 'back' | 'help' | 'language' | 'restart';

/** One line under `commands:` — `home: "0", "menu"`. `span` covers the line. */
export interface CommandDecl {
  readonly command: CommandKind;
  readonly span: Span;
  readonly words: readonly StringLit[];
  readonly comments: Comments;
}

/**
 * One key under `messages:` with its language lines. The key is not checked by the parser
 * (the compiler reports unknown keys); a key without language lines is FLOW1103 and left out.
 */
export interface MessageDecl {
  readonly key: Ident;
  readonly text: Text;
  readonly comments: Comments;
}

/**
 * What every declaration may carry besides its own clauses: `endComments` are the comments written
 * after its last line and before the next declaration, indented (or after code on that last line),
 * which the formatter keeps at the end of the declaration. Absent when there are none.
 */
export interface EndComments {
  readonly endComments?: Comments;
}

/** `bot <id>` and its clauses; `start`, `retries`, `idle` are absent when not written. */
export interface BotDecl extends EndComments {
  readonly kind: 'bot';
  readonly id: Ident;
  readonly languages: readonly LanguageDecl[];
  readonly start?: Ident;
  readonly retries?: NumberLit;
  readonly idle?: Duration;
  readonly commands: readonly CommandDecl[];
  readonly messages: readonly MessageDecl[];
  readonly span: Span;
  readonly comments: Comments;
  readonly clauseComments?: ClauseComments<'languages' | 'start' | 'retries' | 'idle' | 'commands' | 'messages'>;
}

// ---------------------------------------------------------------------------
// menu

/** `set <variable> = "value"` under an option. */
export interface SetClause {
  readonly variable: Ident;
  readonly value: StringLit;
  /** Comments written above the `set` line. Absent when there are none. */
  readonly comments?: Comments;
}

/** `option <id> -> <target>` with its label and sub-clauses. */
export interface OptionDecl {
  readonly id: Ident;
  readonly target: Ident;
  /** The label: language lines (or a neutral string) written under the option. */
  readonly label: Text;
  readonly description?: Text;
  readonly words: readonly StringLit[];
  readonly number?: NumberLit;
  readonly sets: readonly SetClause[];
  /** `language: hi` — choosing the option switches the citizen's language. */
  readonly language?: Ident;
  readonly span: Span;
  readonly comments: Comments;
  /** Comments above `description:`, `words:`, `number:` and `language:` (a `set` keeps its own). */
  readonly clauseComments?: ClauseComments<'description' | 'words' | 'number' | 'language'>;
}

/** `<name> = "value"` in `from source(…)`. */
export interface SourceParam {
  readonly name: Ident;
  readonly value: StringLit;
}

/** `from source(params) into item -> target` — a dynamic menu built from a data source. */
export interface FromClause {
  readonly source: Ident;
  readonly params: readonly SourceParam[];
  readonly into: Ident;
  readonly target: Ident;
  readonly title: Text;
  readonly description?: Text;
  readonly timeout?: Duration;
  readonly fallback?: Ident;
  readonly span: Span;
  readonly comments: Comments;
  readonly clauseComments?: ClauseComments<'title' | 'description' | 'timeout' | 'fallback'>;
}

/** `menu <id>`: `text` may be missing (the compiler reports it); options keep source order. */
export interface MenuDecl extends EndComments {
  readonly kind: 'menu';
  readonly id: Ident;
  readonly text?: Text;
  readonly options: readonly OptionDecl[];
  readonly from?: FromClause;
  readonly span: Span;
  readonly comments: Comments;
  readonly clauseComments?: ClauseComments<'text'>;
}

// ---------------------------------------------------------------------------
// page

/** One block of a page, in source order. `text` may repeat; a link's label may be empty (compiler checks). */
export type PageBlock =
  | { readonly kind: 'text'; readonly text: Text; readonly span: Span; readonly comments: Comments }
  | { readonly kind: 'bullet'; readonly text: Text; readonly span: Span; readonly comments: Comments }
  | {
      readonly kind: 'link';
      readonly url: StringLit;
      readonly label: Text;
      readonly span: Span;
      readonly comments: Comments;
    }
  | { readonly kind: 'fee'; readonly text: Text; readonly span: Span; readonly comments: Comments }
  | { readonly kind: 'time'; readonly text: Text; readonly span: Span; readonly comments: Comments }
  /** `button "url":` — always a tappable cta_url; its label (≤ 20 characters) per language. */
  | { readonly kind: 'button'; readonly url: StringLit; readonly label: Text; readonly span: Span; readonly comments: Comments }
  /** `image|document|video "url" [name "file.pdf"]:` — a media message; `caption` with no entries means none. */
  | {
      readonly kind: 'media';
      readonly mediaType: 'image' | 'document' | 'video';
      readonly url: StringLit;
      readonly filename?: StringLit;
      readonly caption: Text;
      readonly span: Span;
      readonly comments: Comments;
    };

/**
 * A page's `then`: `back`, `home`, `end`, or `-> target` (`next`). `comments` are the comments
 * written above the `then` line (absent when the parser did not read them).
 */
export type WayOn = (
  | { readonly kind: 'back'; readonly span: Span }
  | { readonly kind: 'home'; readonly span: Span }
  | { readonly kind: 'end'; readonly span: Span }
  | { readonly kind: 'next'; readonly target: Ident; readonly span: Span }
) & { readonly comments?: Comments };

/** `page <id>`: blocks in order, then the way on (`then` missing is the compiler's FLOW4002). */
export interface PageDecl extends EndComments {
  readonly kind: 'page';
  readonly id: Ident;
  readonly blocks: readonly PageBlock[];
  readonly then?: WayOn;
  readonly span: Span;
  readonly comments: Comments;
}

// ---------------------------------------------------------------------------
// input

/** What an input accepts (`expect:`); `number` may have either bound or none. */
export type Expectation =
  | { readonly kind: 'number'; readonly min?: NumberLit; readonly max?: NumberLit; readonly span: Span }
  | { readonly kind: 'digits'; readonly length?: NumberLit; readonly span: Span }
  | { readonly kind: 'pattern'; readonly pattern: StringLit; readonly span: Span }
  | { readonly kind: 'oneOf'; readonly values: readonly StringLit[]; readonly span: Span }
  | { readonly kind: 'any'; readonly span: Span }
  /** A photo, a document, a shared location or a shared contact (bound as `<var>.id`, `<var>.latitude`, …). */
  | { readonly kind: 'photo' | 'document' | 'location' | 'contact'; readonly span: Span };

/** `input <id>`: every clause optional in the AST; the compiler checks what is required. */
export interface InputDecl extends EndComments {
  readonly kind: 'input';
  readonly id: Ident;
  readonly text?: Text;
  readonly variable?: Ident;
  readonly expect?: Expectation;
  readonly retry?: Text;
  readonly retries?: { readonly count: NumberLit; readonly target: Ident };
  readonly then?: Ident;
  readonly span: Span;
  readonly comments: Comments;
  readonly clauseComments?: ClauseComments<'text' | 'var' | 'expect' | 'retry' | 'retries' | 'then'>;
}

// ---------------------------------------------------------------------------
// branch

/** Comparison operators of a condition. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * A branch condition. `and`/`or` group to the left (`a or b or c` is `or(or(a, b), c)`);
 * a compare value is a `NumberLit` when written as a number (`value` is a number).
 */
export type Condition =
  | { readonly kind: 'compare'; readonly variable: Ident; readonly op: CompareOp; readonly value: StringLit | NumberLit; readonly span: Span }
  | { readonly kind: 'isSet'; readonly variable: Ident; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: Condition; readonly span: Span }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition; readonly span: Span };

/** `when <condition> -> <target>`. */
export interface WhenClause {
  readonly condition: Condition;
  readonly target: Ident;
  readonly span: Span;
  readonly comments: Comments;
}

/** `branch <id>`: `when` clauses in order and `else` (missing is the compiler's FLOW4004). */
export interface BranchDecl extends EndComments {
  readonly kind: 'branch';
  readonly id: Ident;
  readonly cases: readonly WhenClause[];
  readonly otherwise?: Ident;
  readonly span: Span;
  readonly comments: Comments;
  readonly clauseComments?: ClauseComments<'else'>;
}

// ---------------------------------------------------------------------------
// goto, end, source, include

/** `goto <id> -> <target>`; `target` is absent only after a parse error. */
export interface GotoDecl extends EndComments {
  readonly kind: 'goto';
  readonly id: Ident;
  readonly target?: Ident;
  readonly span: Span;
  readonly comments: Comments;
}

/** `end <id>` with an optional farewell text. */
export interface EndDecl extends EndComments {
  readonly kind: 'end';
  readonly id: Ident;
  readonly text?: Text;
  readonly span: Span;
  readonly comments: Comments;
  readonly clauseComments?: ClauseComments<'text'>;
}

/** `source <id>` with an optional default timeout. */
export interface SourceDecl extends EndComments {
  readonly kind: 'source';
  readonly id: Ident;
  readonly timeout?: Duration;
  readonly span: Span;
  readonly comments: Comments;
  readonly clauseComments?: ClauseComments<'timeout'>;
}

/** `endpoint <id>`: where a `call` sends; its address and secret come from the environment. */
export interface EndpointDecl extends EndComments {
  readonly kind: 'endpoint';
  readonly id: Ident;
  /** `url: env NAME` — the environment variable's name. */
  readonly urlEnv?: Ident;
  /** `secret: env NAME` — the environment variable holding the HMAC-SHA256 key. */
  readonly secretEnv?: Ident;
  /** Per attempt. */
  readonly timeout?: Duration;
  /** `sends: a, b` — the JSON fields the endpoint takes. */
  readonly sends: readonly Ident[];
  /** `answers: x, y` — the fields of its JSON answer a flow may read. */
  readonly answers: readonly Ident[];
  readonly span: Span;
  readonly comments: Comments;
  readonly clauseComments?: ClauseComments<'url' | 'secret' | 'timeout' | 'sends' | 'answers'>;
}

/** `field: "template"` under a call's `send:`. */
export interface CallSend {
  readonly field: Ident;
  readonly value: StringLit;
  readonly comments: Comments;
}

/** `path -> variable` under a call's `receive:`; `path.value` is the dotted answer path (`data.ref`). */
export interface CallReceive {
  readonly path: StringLit;
  readonly variable: Ident;
  readonly comments: Comments;
}

/** `call <id>`: sends variables to an endpoint, then `then` (success) or `fallback` (failure). */
export interface CallDecl extends EndComments {
  readonly kind: 'call';
  readonly id: Ident;
  readonly endpoint?: Ident;
  readonly send: readonly CallSend[];
  readonly receive: readonly CallReceive[];
  readonly then?: Ident;
  readonly fallback?: Ident;
  readonly span: Span;
  readonly comments: Comments;
  readonly clauseComments?: ClauseComments<'endpoint' | 'send' | 'receive' | 'then' | 'fallback'>;
}

/** `include "path.flow"`, relative to the including file. */
export interface IncludeDecl extends EndComments {
  readonly kind: 'include';
  readonly path: StringLit;
  readonly span: Span;
  readonly comments: Comments;
}

/** A node of the conversation graph, as declared. */
export type NodeDecl = MenuDecl | PageDecl | InputDecl | BranchDecl | GotoDecl | EndDecl | CallDecl;

/** Any top-level declaration. */
export type Decl = BotDecl | NodeDecl | SourceDecl | EndpointDecl | IncludeDecl;

/** One parsed file. `decls` keeps source order (the formatter relies on it). */
export interface FlowFile {
  readonly kind: 'file';
  readonly file: string;
  readonly decls: readonly Decl[];
  /** Comments after the last declaration. */
  readonly trailingComments: Comments;
  /**
   * The file's header: comments at the top that a blank line separates from the first
   * declaration (the formatter keeps the blank line). Absent when there are none.
   */
  readonly leadingComments?: Comments;
}
