/** The translations table: every text of a bot, by language, with its WhatsApp limit. */
import type { TextLength } from './text-length.js';

/**
 * Where on WhatsApp a text appears, which decides its limit:
 * - `text-message`: a text body (4096; longer ones are split into several messages);
 * - `interactive-body`: the body of a buttons / list / link message (1024);
 * - `button-title`: a reply button (20);
 * - `row-title`, `row-description`: a list row (24, 72);
 * - `list-button`: the button that opens a list (20); `section-title`: a list section (24);
 * - `link-label`: a call-to-action URL button (20); `media-caption`: an image's, document's or video's caption (1024);
 * - `numbered-line`: a line of a numbered-text menu (no limit of its own: part of a 4096 text).
 */
export type TextUse =
  | 'text-message'
  | 'interactive-body'
  | 'button-title'
  | 'row-title'
  | 'row-description'
  | 'list-button'
  | 'section-title'
  | 'link-label'
  | 'media-caption'
  | 'numbered-line';

/** One language's text of a row. */
export interface TranslationCell {
  readonly lang: string;
  /** The text, or undefined when the language has none (missing). */
  readonly text?: string;
  readonly missing: boolean;
  /** Lengths of `text` (absent when missing). */
  readonly length?: TextLength;
  /** True when the length (in Unicode code points, as WhatsApp counts) is over the row's limit. */
  readonly tooLong: boolean;
  /** True when a non-default language repeats the default language's text word for word (untranslated?). */
  readonly sameAsDefault: boolean;
}

/** One text of the bot (one field of one node, or one system message) in every language. */
export interface TranslationRow {
  /** Node id, or `messages` for the bot's system messages. */
  readonly node: string;
  /** e.g. `text`, `option caste`, `description caste`, `bullet 2`, `link 1`, `retry`, `list_button`. */
  readonly field: string;
  /** A stable key: `<node>.<field>` with spaces as `.` (e.g. `home.option.services`). */
  readonly key: string;
  readonly use: TextUse;
  /** The WhatsApp limit for `use`, in Unicode code points. */
  readonly limit: number;
  /** What happens when the text is over the limit, in an author's words. */
  readonly consequence: string;
  /** True when the text contains `{placeholders}`: its sent length depends on the data. */
  readonly template: boolean;
  readonly cells: readonly TranslationCell[];
  readonly missing: boolean;
  readonly tooLong: boolean;
  /** Where the node is defined (absent for system messages). */
  readonly source?: { readonly file: string; readonly line: number; readonly column: number };
}

/** The whole table: the bot's languages (default first) and its rows in graph order. */
export interface TranslationTable {
  readonly languages: readonly { readonly code: string; readonly name: string }[];
  readonly rows: readonly TranslationRow[];
  /** Counts for the filters' labels. */
  readonly missingCount: number;
  readonly tooLongCount: number;
}

/** The filters of the translations view. */
export interface TranslationFilter {
  readonly missingOnly?: boolean;
  readonly tooLongOnly?: boolean;
}
