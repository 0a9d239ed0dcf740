/**
 * The bounds that keep reading a `.flow` file safe on any input (docs/language.md, "Limits"):
 * beyond them a file gets a diagnostic, never a stack overflow or megabytes of output.
 */

/** Levels of parentheses and `not` one `when` condition may nest (FLOW1106). */
export const MAX_CONDITION_DEPTH = 32;

/** Comparisons (terms joined by `and` / `or`) one `when` condition may have (FLOW1106). */
export const MAX_CONDITION_TERMS = 100;

/** Diagnostics reported per file; the rest are counted in one FLOW1900. */
export const MAX_DIAGNOSTICS_PER_FILE = 100;

/** A count for a message: `10,000`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
