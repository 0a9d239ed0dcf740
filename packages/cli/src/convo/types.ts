/**
 * A conversation test file (`*.convo`), parsed: a header naming the flow and its starting state,
 * then cases of citizen messages and what the bot must answer. See `docs/testing.md`.
 */
import type { Inbound } from '@samvad/runtime';

/** A value written in the file, with the 1-based line it came from. */
export interface Located<T> {
  readonly value: T;
  readonly line: number;
}

/** One thing the bot must have done, checked against the replies to the latest `user` line. */
export type Expectation =
  /** `bot: text` (+ indented lines): the next reply, as plain text, is exactly this. */
  | { readonly kind: 'exact'; readonly text: string; readonly line: number }
  /** `bot contains: text`: the next reply contains this. */
  | { readonly kind: 'contains'; readonly text: string; readonly line: number }
  /** `bot options: a | b`: the reply just checked if it is a menu (else the next one) offers exactly these options, in order. */
  | { readonly kind: 'options'; readonly titles: readonly string[]; readonly line: number }
  /** `node: id`: after this turn the conversation is at node `id`. */
  | { readonly kind: 'node'; readonly node: string; readonly line: number }
  /** `bot called: endpoint` (+ indented `field: value` lines): the next call went to `endpoint` and sent exactly these values. */
  | { readonly kind: 'called'; readonly endpoint: string; readonly fields: readonly CalledField[]; readonly line: number };

/** One `field: value` line under `bot called:`. */
export interface CalledField {
  readonly field: string;
  readonly value: string;
  readonly line: number;
}

/** What the citizen sends (`user: …`, or `user sends: photo "caption"` and the like) and what must come back. */
export interface Turn {
  readonly inbound: Inbound;
  /** The line as the author wrote it, e.g. `user: 2`, for failure messages. */
  readonly source: string;
  readonly line: number;
  readonly expect: readonly Expectation[];
}

/** Starting state shared by the header and each case (a case's own settings win). */
export interface ConvoSettings {
  /** Starting language code; absent: the bot's default. */
  readonly language?: Located<string>;
  /** Starting variables. */
  readonly vars: Readonly<Record<string, string>>;
  /** Path of a canned data-source file, as written (relative to the test file). */
  readonly data?: Located<string>;
}

/** One case: `case: <name>`, its own settings and its turns. */
export interface ConvoCase {
  readonly name: string;
  readonly line: number;
  readonly settings: ConvoSettings;
  readonly turns: readonly Turn[];
}

/** A whole test file. */
export interface ConvoFile {
  /** The test file's path as shown to the user. */
  readonly file: string;
  /** The flow or compiled graph under test, as written (relative to the test file). */
  readonly flow?: Located<string>;
  readonly settings: ConvoSettings;
  readonly cases: readonly ConvoCase[];
}

/** A mistake in the test file itself. */
export interface ConvoProblem {
  readonly line: number;
  readonly message: string;
}
