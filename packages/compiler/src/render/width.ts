/**
 * Terminal display width, so that carets line up under Devanagari and emoji: combining marks
 * (Mn, Me), format characters such as ZWJ/ZWNJ (Cf) and variation selectors take no column;
 * wide East Asian characters and emoji take two; everything else (Devanagari letters and
 * spacing vowel signs included) takes one. Tabs count as four.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

const ZERO = /^[\p{Mn}\p{Me}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;

/** Display width of one code point. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code === 9) return 4;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (code < 0x300) return 1;
  if (ZERO.test(char)) return 0;
  if (EMOJI.test(char) || isWide(code)) return 2;
  return 1;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}
