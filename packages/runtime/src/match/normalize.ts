/**
 * Text normalisation for matching what a citizen typed: NFC, case-folded, zero-width characters
 * removed, spaces collapsed, digits of every Indic script folded to ASCII (`०` → `0`), punctuation
 * trimmed from the ends (`1.` → `1`, `"help!"` → `help`).
 */

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const SPACES = /\s+/gu;
const EDGE_PUNCTUATION = /^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu;

/**
 * Normalises text for comparison. When trimming punctuation would leave nothing (`#`, `?`),
 * the untrimmed text is kept so that punctuation-only command words still match.
 */
export function normalize(text: string): string {
  // Fast path: lower-case ASCII letters/digits, or ASCII punctuation alone (`#`), are already normal.
  if (text.length <= 16 && alreadyNormal(text)) return text;
  const base = foldDigits(text.normalize('NFC').toLowerCase().replace(ZERO_WIDTH, '').replace(SPACES, ' ').trim());
  const trimmed = base.replace(EDGE_PUNCTUATION, '');
  return trimmed === '' ? base : trimmed;
}

/**
 * True for short text that is only lower-case ASCII letters and digits, or only ASCII punctuation
 * (`1`, `help`, `#`): normalising it would change nothing. A loop, cheaper than a regex here.
 */
function alreadyNormal(text: string): boolean {
  const length = text.length;
  if (length === 0) return false;
  const alphanumeric = isAsciiAlphanumeric(text.charCodeAt(0));
  for (let i = 0; i < length; i += 1) {
    const c = text.charCodeAt(i);
    if (alphanumeric ? !isAsciiAlphanumeric(c) : !isAsciiPunctuation(c)) return false;
  }
  return true;
}

function isAsciiAlphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);
}

/** `!`–`/`, `:`–`@`, `[`–`` ` ``, `{`–`~`. */
function isAsciiPunctuation(c: number): boolean {
  return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

/** Code points of the zero of each decimal digit set a citizen in India might type. */
const DIGIT_ZEROS: readonly number[] = [
  0x0030, // ASCII
  0x0660, // Arabic-Indic
  0x06f0, // Extended Arabic-Indic (Urdu)
  0x0966, // Devanagari
  0x09e6, // Bengali
  0x0a66, // Gurmukhi
  0x0ae6, // Gujarati
  0x0b66, // Oriya
  0x0be6, // Tamil
  0x0c66, // Telugu
  0x0ce6, // Kannada
  0x0d66, // Malayalam
  0x0de6, // Sinhala
  0x0e50, // Thai
  0x1c50, // Ol Chiki
  0x1946, // Limbu
  0xabf0, // Meetei Mayek
  0xff10, // Fullwidth
];

/** The value of a decimal digit in any supported script, or -1. */
export function digitValue(codePoint: number): number {
  if (codePoint <= 0x39) return codePoint >= 0x30 ? codePoint - 0x30 : -1;
  if (codePoint < 0x0660) return -1;
  for (const zero of DIGIT_ZEROS) {
    if (codePoint >= zero && codePoint <= zero + 9) return codePoint - zero;
  }
  return -1;
}

/**
 * Reads a whole non-negative integer written in any supported digit set (`12`, `१२`, `১২`),
 * or returns undefined. Expects normalised text (so `1.` and `1)` have already lost their dot).
 */
export function parseNumber(text: string): number | undefined {
  if (text.length === 0 || text.length > 9) return undefined;
  let value = 0;
  for (let i = 0; i < text.length; i += 1) {
    const digit = digitValue(text.charCodeAt(i));
    if (digit < 0) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

const NON_ASCII_DIGIT = /[\u0660-\u0669\u06F0-\u06F9\u0966-\u096F\u09E6-\u09EF\u0A66-\u0A6F\u0AE6-\u0AEF\u0B66-\u0B6F\u0BE6-\u0BEF\u0C66-\u0C6F\u0CE6-\u0CEF\u0D66-\u0D6F\u0DE6-\u0DEF\u0E50-\u0E59\u1C50-\u1C59\u1946-\u194F\uABF0-\uABF9\uFF10-\uFF19]/g;

/** Rewrites the digits of every supported script as ASCII digits. */
export function foldDigits(text: string): string {
  return text.replace(NON_ASCII_DIGIT, (d) => String(digitValue(d.charCodeAt(0))));
}
