/**
 * How long a text is, two ways. WhatsApp's documentation gives its limits in "characters"; Samvad
 * counts them as Unicode code points (the runtime's `codePointLength`, used by `serve`'s layout
 * and the compiler's FLOW600x checks: the stricter reading for Devanagari). Devanagari is in the
 * Basic Multilingual Plane, so for Marathi and Hindi code points and UTF-16 code units agree;
 * they differ only for emoji and other astral characters (🙏 is 1 code point, 2 UTF-16 units).
 * Authors see "letters": grapheme clusters (`Intl.Segmenter`), so `क्षे` is 1 letter of 4 characters.
 */

/** The lengths of one text. */
export interface TextLength {
  /** Unicode code points: what WhatsApp's limits are checked against. */
  readonly characters: number;
  /** Visible letters (extended grapheme clusters). */
  readonly letters: number;
  /** UTF-16 code units (JavaScript's `length`), for reference. */
  readonly utf16: number;
}

let segmenter: Intl.Segmenter | undefined;

/** The lengths of `text`. */
export function textLength(text: string): TextLength {
  let characters = 0;
  for (const _ of text) characters += 1;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let letters = 0;
  for (const _ of segmenter.segment(text)) letters += 1;
  return { characters, letters, utf16: text.length };
}

/**
 * `15 letters (25 characters)`; just `12 letters` when the two agree (plain Latin text).
 * Singular forms for 1.
 */
export function describeLength(length: TextLength): string {
  const letters = `${length.letters} ${length.letters === 1 ? 'letter' : 'letters'}`;
  if (length.letters === length.characters) return letters;
  return `${letters} (${length.characters} ${length.characters === 1 ? 'character' : 'characters'})`;
}

/** `27 of 24 characters` style: the WhatsApp-counted length against a limit. */
export function describeAgainst(length: TextLength, limit: number): string {
  return `${length.characters} of ${limit} characters`;
}
