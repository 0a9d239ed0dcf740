/**
 * The GR grid's columns, found by their header labels (Marathi or English) rather than by
 * position: a site that reorders its columns is read right, and one that drops a column the
 * source needs is reported by name instead of being read with its fields swapped.
 */
import { looseKey } from './fold.js';

/** What a column holds. */
export type GrColumn = 'department' | 'title' | 'code' | 'date' | 'size' | 'download';

/** Columns a row cannot be read without (the code falls back to the PDF's name; size may be blank). */
export const REQUIRED_COLUMNS: readonly GrColumn[] = ['department', 'title', 'date'];

/** The column names as an author or operator would recognise them (for messages). */
export const COLUMN_NAMES: Readonly<Record<GrColumn, string>> = {
  department: 'Department Name (विभागाचे नाव)',
  title: 'Title (शीर्षक)',
  code: 'Unique Code (युनिक क्रमांक)',
  date: 'G.R. Date (शासन निर्णय दिनांक)',
  size: 'File Size (फाईल साईज)',
  download: 'Download (डाउनलोड)',
};

/**
 * Words that name each column, Marathi and English, normalised by `labelKey`. A header names a
 * column when it contains one of them as whole words; the first column in this order wins, so
 * "File Size (KB)" is the size and "शासन निर्णय दिनांक" the date, not a title.
 * Confirmed: the English labels (orgpedia's records) and `विभागाचे नाव`, `युनिक क्रमांक` (a
 * scraper matches on them); the other Marathi labels are the usual words (docs/sources.md).
 */
const LABELS: readonly (readonly [GrColumn, readonly string[]])[] = [
  ['code', ['unique code', 'unique no', 'code', 'युनिक क्रमांक', 'युनिक कोड', 'सांकेतांक', 'संकेतांक']],
  ['size', ['file size', 'size', 'फाईल साईज', 'फाइल साइज', 'फाईलचा आकार', 'आकार']],
  ['date', ['g r date', 'gr date', 'date', 'शासन निर्णय दिनांक', 'दिनांक', 'तारीख']],
  ['department', ['department name', 'department', 'विभागाचे नाव', 'विभाग']],
  ['title', ['title', 'subject', 'शीर्षक', 'विषय']],
  ['download', ['download', 'pdf', 'डाउनलोड', 'डाऊनलोड']],
];

/** A header label as compared (`fold.ts`), padded with spaces so that words match whole. */
export function labelKey(text: string): string {
  return ` ${looseKey(text)} `;
}

const KEYED: readonly (readonly [GrColumn, readonly string[]])[] = LABELS.map(([column, words]) => [column, words.map(labelKey)]);

/** The column a header label names, if any. */
export function columnOf(label: string): GrColumn | undefined {
  const key = labelKey(label);
  for (const [column, words] of KEYED) if (words.some((word) => key.includes(word))) return column;
  return undefined;
}

/** Where each column is, by the header row's labels (the first header naming a column wins). */
export type ColumnMap = Readonly<Partial<Record<GrColumn, number>>>;

/** Maps header labels to columns; lists the required columns no header names. */
export function mapColumns(labels: readonly string[]): { readonly columns: ColumnMap; readonly missing: readonly GrColumn[] } {
  const columns: Partial<Record<GrColumn, number>> = {};
  labels.forEach((label, index) => {
    const column = columnOf(label);
    if (column !== undefined && columns[column] === undefined) columns[column] = index;
  });
  return { columns, missing: REQUIRED_COLUMNS.filter((c) => columns[c] === undefined) };
}
