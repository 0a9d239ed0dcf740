/**
 * Reading one cell of the GR grid: its text, a date as shown, a unique code, a PDF link.
 * Pure functions on strings; the HTML structure is walked by `parse-listing.ts`.
 */

/** Collapse runs of whitespace (newlines, tabs, no-break spaces) to one space and trim. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** A GR date: ISO `yyyy-mm-dd` and the text as the site showed it (`dd-mm-yyyy`). */
export interface GrDate {
  readonly iso: string;
  readonly shown: string;
}

/**
 * Read a `dd-mm-yyyy` date (also `dd/mm/yyyy`, `dd.mm.yyyy`, one-digit day or month).
 * Returns undefined for anything else, or for a day that does not exist (31-02-2025).
 */
export function readGrDate(text: string): GrDate | undefined {
  const shown = cleanText(text);
  const match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/u.exec(shown);
  if (match === null) return undefined;
  const [, d = '', m = '', y = ''] = match;
  const day = Number(d);
  const month = Number(m);
  const year = Number(y);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return undefined;
  }
  return { iso: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`, shown };
}

/**
 * A unique code: the cell's digits (public scrapers strip stray dots and spaces), or failing that
 * the PDF's file name, which the site names after the code.
 */
export function readCode(cellText: string, pdfUrl: string): string | undefined {
  const fromCell = cleanText(cellText).replace(/[.\s]/gu, '');
  if (/^\d{6,}$/u.test(fromCell)) return fromCell;
  const fileName = new URL(pdfUrl).pathname.split('/').pop() ?? '';
  const fromFile = /^(\d{6,})\.pdf$/iu.exec(fileName);
  return fromFile?.[1];
}

/**
 * Resolve a link against the page URL; returns an absolute https URL, or undefined for
 * postback (`javascript:`), `mailto:` and other non-web links. An `http:` link is upgraded to
 * `https:` (citizens get a secure link; the official site serves https).
 */
export function resolvePdfLink(href: string, baseUrl: string): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '') return undefined;
  let url: URL;
  try {
    url = new URL(trimmed, baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol === 'http:') url.protocol = 'https:';
  return url.protocol === 'https:' ? url.href : undefined;
}

/** Does the link point at a PDF (by its path, ignoring any query)? */
export function isPdfUrl(url: string): boolean {
  return new URL(url).pathname.toLowerCase().endsWith('.pdf');
}
