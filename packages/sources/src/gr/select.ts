/**
 * From the parsed listing to what a flow shows: read the call's parameters, filter by department,
 * order newest first, cut to the limit, and shape each row as a `DataItem`.
 */
import type { DataItem } from '@samvad/runtime';
import { SourceError } from '../errors.js';
import { departmentMatches } from './departments.js';
import type { GrItem } from './parse-listing.js';

/** What a call asks for. */
export interface GrQuery {
  /** Keep rows whose department contains this (either language); undefined keeps all. */
  readonly department?: string;
  /** How many rows at most. */
  readonly limit: number;
}

/** Rows returned when the flow gives no `limit`. */
export const GR_DEFAULT_LIMIT = 5;
/** A WhatsApp list shows at most 10 rows. */
export const GR_MAX_LIMIT = 10;

const KNOWN_PARAMS = ['department', 'limit'] as const;

/**
 * Read `department` (optional) and `limit` (default 5; above 10 reads as 10). Throws a
 * `SourceError` of kind `bad-params` for an unknown parameter or a limit that is not a whole
 * number of at least 1, so a typo in a flow shows up when it is first tried.
 */
export function readGrQuery(params: Readonly<Record<string, string>>, label: string): GrQuery {
  for (const name of Object.keys(params)) {
    if (!(KNOWN_PARAMS as readonly string[]).includes(name)) {
      throw new SourceError(
        'bad-params',
        `${label}: unknown parameter \`${name}\` (this source takes ${KNOWN_PARAMS.map((p) => `\`${p}\``).join(' and ')})`,
      );
    }
  }
  const department = params['department']?.trim();
  const limitText = params['limit']?.trim();
  let limit = GR_DEFAULT_LIMIT;
  if (limitText !== undefined && limitText !== '') {
    if (!/^\d+$/u.test(limitText) || Number(limitText) < 1) {
      throw new SourceError('bad-params', `${label}: \`limit\` must be a whole number from 1 to ${GR_MAX_LIMIT}, got "${limitText}"`);
    }
    limit = Math.min(Number(limitText), GR_MAX_LIMIT);
  }
  return department === undefined || department === '' ? { limit } : { department, limit };
}

/** The rows a query asks for: filtered, newest G.R. date first (page order among equal dates), limited. */
export function selectGrItems(items: readonly GrItem[], query: GrQuery): GrItem[] {
  const { department } = query;
  const wanted = department === undefined ? [...items] : items.filter((item) => departmentMatches(item.department, department));
  // Array.prototype.sort is stable, so rows of one date keep the site's order.
  wanted.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return wanted.slice(0, query.limit);
}

/**
 * A row as a `DataItem`: `id` = unique code; fields `title`, `department`, `date` (dd-mm-yyyy as
 * shown), `url` (the PDF), `code`, `size` ("412 KB", or '' when the site shows none).
 */
export function toDataItem(item: GrItem): DataItem {
  return {
    id: item.code,
    fields: {
      title: item.title,
      department: item.department,
      date: item.dateShown,
      url: item.pdfUrl,
      code: item.code,
      size: item.size === '' || /kb/iu.test(item.size) ? item.size : `${item.size} KB`,
    },
  };
}
