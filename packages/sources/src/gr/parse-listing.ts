/**
 * Parse the Maharashtra Government Resolutions listing page
 * (https://gr.maharashtra.gov.in/1145/Government-Resolutions) into rows.
 *
 * The page is ASP.NET WebForms; the listing is a GridView rendered as `table#SitePH_dgvDocuments`:
 * a header row, then one `tr` per GR with 7 cells — serial number, department, title, unique code,
 * G.R. date (dd-mm-yyyy), file size (KB), download link (a relative `../Site/Upload/…pdf`).
 * See docs/sources.md for which parts of that shape are confirmed and which are assumed.
 */
import { load } from 'cheerio';
import { cleanText, isPdfUrl, readCode, readGrDate, resolvePdfLink } from './cells.js';

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

/** The parse result: rows (possibly none), or the page no longer looks like the GR listing. */
export type GrListingResult =
  | { readonly ok: true; readonly items: GrItem[] }
  | { readonly ok: false; readonly reason: 'layout-changed' };

/** The GridView's client id on the live site. */
export const GR_GRID_SELECTOR = 'table#SitePH_dgvDocuments';

/** Cells per data row: SN, department, title, unique code, date, size, download. */
const COLUMN = { department: 1, title: 2, code: 3, date: 4, size: 5, download: 6 } as const;
const CELLS_PER_ROW = 7;

const LAYOUT_CHANGED = { ok: false, reason: 'layout-changed' } as const;

/**
 * Read every GR row of the listing page `html`, fetched from `baseUrl` (relative PDF links are
 * resolved against it). An empty grid gives `{ ok: true, items: [] }`; a page without the grid,
 * or whose grid rows no longer carry a date and a PDF link where expected, gives
 * `{ ok: false, reason: 'layout-changed' }`. Rows keep the page's order.
 */
export function parseGrListing(html: string, baseUrl: string): GrListingResult {
  const $ = load(html);
  const grid = $(GR_GRID_SELECTOR).first();
  const gridElement = grid.get(0);
  if (gridElement === undefined) return LAYOUT_CHANGED;

  const items: GrItem[] = [];
  let dataRows = 0;
  // `find('tr')` would also walk a table nested in a cell; keep only the grid's own rows.
  const rows = grid.find('tr').filter((_, tr) => $(tr).closest('table').get(0) === gridElement);
  for (const tr of rows.toArray()) {
    const cells = $(tr).children('td');
    // Header rows use `th`; a "no records" row or a pager row is one spanning cell.
    if (cells.length <= 1) continue;
    dataRows += 1;
    if (cells.length < CELLS_PER_ROW) continue;
    const cellText = (index: number): string => {
      const cell = cells.eq(index);
      // `<br>` separates words visually; keep them apart in the text.
      cell.find('br').replaceWith(' ');
      return cleanText(cell.text());
    };
    // The download cell's links first, then any other link in the row.
    const anchors = [...cells.eq(COLUMN.download).find('a[href]').toArray(), ...cells.find('a[href]').toArray()];
    const hrefs = anchors.map((anchor) => $(anchor).attr('href') ?? '');
    const item = readRow(cellText, hrefs, baseUrl);
    if (item !== undefined) items.push(item);
  }
  if (dataRows > 0 && items.length === 0) return LAYOUT_CHANGED;
  return { ok: true, items };
}

function readRow(cellText: (index: number) => string, hrefs: readonly string[], baseUrl: string): GrItem | undefined {
  const date = readGrDate(cellText(COLUMN.date));
  const pdfUrl = hrefs.map((href) => resolvePdfLink(href, baseUrl)).find((url) => url !== undefined && isPdfUrl(url));
  if (date === undefined || pdfUrl === undefined) return undefined;
  const code = readCode(cellText(COLUMN.code), pdfUrl);
  if (code === undefined) return undefined;
  return {
    department: cellText(COLUMN.department),
    title: cellText(COLUMN.title),
    code,
    date: date.iso,
    dateShown: date.shown,
    size: cellText(COLUMN.size),
    pdfUrl,
  };
}
