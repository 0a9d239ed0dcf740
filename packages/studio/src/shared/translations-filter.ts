/** The translations view's filters (no imports beyond types: the page bundles it as is). */
import type { TranslationFilter, TranslationRow } from './translations-types.js';

/** The rows a filter keeps: with both filters on, rows that are missing a language or too long. */
export function filterRows(rows: readonly TranslationRow[], filter: TranslationFilter): TranslationRow[] {
  const missingOnly = filter.missingOnly === true;
  const tooLongOnly = filter.tooLongOnly === true;
  if (!missingOnly && !tooLongOnly) return rows.slice();
  return rows.filter((r) => (missingOnly && r.missing) || (tooLongOnly && r.tooLong));
}
