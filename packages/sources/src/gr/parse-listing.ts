/**
 * Parse the Maharashtra Government Resolutions listing page
 * (https://gr.maharashtra.gov.in/1145/Government-Resolutions) into rows.
 *
 * The page is ASP.NET WebForms; the listing is a GridView rendered as `table#SitePH_dgvDocuments`:
 * a header row, then one `tr` per GR with 7 cells — serial number, department, title, unique code,
 * G.R. date (dd-mm-yyyy), file size (KB), download link (a relative `../Site/Upload/…pdf`) — read
 * by their header labels, not their positions.
 * See docs/sources.md for which parts of that shape are confirmed and which are assumed.
 */
import { load } from 'cheerio';
import { cleanText, isPdfUrl, readCode, readGrDate, resolvePdfLink } from './cells.js';
import { mapColumns } from './columns.js';
import type { GrColumn } from './columns.js';

/** One Government Resolution as listed on the site. */
export interface GrItem {
  /** Department name, in the page's language (Marathi by default). */
  readonly department: string;
  /** Subject of the GR. */
  readonly title: string;
  /** The site's unique code (18 digits), which also names the PDF. */
  readonly code: string;
  /** G.R. date, ISO `yyyy-mm-dd`. */
  readonly date: string;
  /** G.R. date as the site shows it (`dd-mm-yyyy`). */
  readonly dateShown: string;
  /** File size in KB as shown (digits), or '' when the cell is empty. */
  readonly size: string;
  /** Absolute https link to the PDF. */
  readonly pdfUrl: string;
}

/** The parse result: rows (possibly none), or why the page cannot be read as the GR listing. */
export type GrListingResult =
  | { readonly ok: true; readonly items: GrItem[] }
  | { readonly ok: false; readonly reason: 'layout-changed' }
  /** The grid's header row names no column for `missing`; `headers` are the labels it has. */
  | { readonly ok: false; readonly reason: 'missing-columns'; readonly missing: readonly GrColumn[]; readonly headers: readonly string[] };

/** The GridView's client id on the live site. */
export const GR_GRID_SELECTOR = 'table#SitePH_dgvDocuments';

const LAYOUT_CHANGED = { ok: false, reason: 'layout-changed' } as const;

/**
 * Read every GR row of the listing page `html`, fetched from `baseUrl` (relative PDF links are
 * resolved against it). Columns are found by the header row's labels, in Marathi or English
 * (`columns.ts`), wherever they stand. An empty grid gives `{ ok: true, items: [] }`; a page
 * without the grid or its header row, or whose rows no longer carry a date and a PDF link, gives
 * `layout-changed`; a header row without a department, title or date column gives
 * `missing-columns` naming them. Rows keep the page's order.
 */
export function parseGrListing(html: string, baseUrl: string): GrListingResult {
  const $ = load(html);
  const grid = $(GR_GRID_SELECTOR).first();
  const gridElement = grid.get(0);
  if (gridElement === undefined) return LAYOUT_CHANGED;

  // `find('tr')` would also walk a table nested in a cell; keep only the grid's own rows.
  const rows = grid
    .find('tr')
    .filter((_, tr) => $(tr).closest('table').get(0) === gridElement)
    .toArray();
  const headerRow = rows.find((tr) => $(tr).children('th').length > 1);
  if (headerRow === undefined) return LAYOUT_CHANGED;
  const headers = $(headerRow)
    .children('th, td')
    .toArray()
    .map((cell) => cleanText($(cell).text()));
  const { columns, missing } = mapColumns(headers);
  if (missing.length > 0) return { ok: false, reason: 'missing-columns', missing, headers };

  const items: GrItem[] = [];
  let dataRows = 0;
  for (const tr of rows) {
    const cells = $(tr).children('td');
    // The header row uses `th`; a "no records" row or a pager row is one spanning cell.
    if (cells.length <= 1) continue;
    dataRows += 1;
    const cellText = (column: GrColumn): string => {
      const index = columns[column];
      if (index === undefined || index >= cells.length) return '';
      const cell = cells.eq(index);
      // `<br>` separates words visually; keep them apart in the text.
      cell.find('br').replaceWith(' ');
      return cleanText(cell.text());
    };
    // The download cell's links first, then any other link in the row.
    const download = columns.download === undefined ? [] : cells.eq(columns.download).find('a[href]').toArray();
    const hrefs = [...download, ...cells.find('a[href]').toArray()].map((anchor) => $(anchor).attr('href') ?? '');
    const item = readRow(cellText, hrefs, baseUrl);
    if (item !== undefined) items.push(item);
  }
  if (dataRows > 0 && items.length === 0) return LAYOUT_CHANGED;
  return { ok: true, items };
}

function readRow(cellText: (column: GrColumn) => string, hrefs: readonly string[], baseUrl: string): GrItem | undefined {
  const date = readGrDate(cellText('date'));
  const pdfUrl = hrefs.map((href) => resolvePdfLink(href, baseUrl)).find((url) => url !== undefined && isPdfUrl(url));
  if (date === undefined || pdfUrl === undefined) return undefined;
  const code = readCode(cellText('code'), pdfUrl);
  if (code === undefined) return undefined;
  return {
    department: cellText('department'),
    title: cellText('title'),
    code,
    date: date.iso,
    dateShown: date.shown,
    size: cellText('size'),
    pdfUrl,
  };
}
