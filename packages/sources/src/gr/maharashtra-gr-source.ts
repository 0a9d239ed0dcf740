/**
 * The `maharashtra_gr` data source: the latest Government Resolutions from the state's public
 * listing page, for a flow's `from maharashtra_gr(...)` menu.
 *
 * It reads only the default listing (a plain GET, no CAPTCHA). The site's department/date search
 * and its pager are ASP.NET postbacks behind a CAPTCHA; this source never touches them.
 */
import type { DataSourceProvider } from '@samvad/runtime';
import { SharedCache } from '../cache/shared-cache.js';
import { SourceError } from '../errors.js';
import { fetchText } from '../http/fetch-text.js';
import type { FetchFunction } from '../http/fetch-text.js';
import { COLUMN_NAMES } from './columns.js';
import { parseGrListing } from './parse-listing.js';
import type { GrItem } from './parse-listing.js';
import { readGrQuery, selectGrItems, toDataItem } from './select.js';

/** The official listing page. */
export const MAHARASHTRA_GR_URL = 'https://gr.maharashtra.gov.in/1145/Government-Resolutions';

/** The name flows use for this source (`source maharashtra_gr`). */
export const MAHARASHTRA_GR_SOURCE = 'maharashtra_gr';

export interface MaharashtraGrSourceOptions {
  /** The listing page (default: the official one). */
  readonly url?: string;
  /** The `fetch` to use (default: the global one). */
  readonly fetch?: FetchFunction;
  /** The source's own limit on one page fetch, in ms (default 4000). */
  readonly timeoutMs?: number;
  /** How long a fetched listing is reused without asking the site again, in ms (default 15 min). */
  readonly ttlMs?: number;
  /** After a failed fetch, how long to answer from the cache (or fail) without a new fetch, in ms (default 30 s). */
  readonly retryAfterMs?: number;
  /** The clock in ms since the epoch (default `Date.now`); tests inject one. */
  readonly now?: () => number;
  /** Told when a call was answered with an older listing because the site failed (for logs/metrics). */
  readonly onStale?: (error: SourceError) => void;
}

/** Default limit on one fetch of the listing, in ms. */
export const GR_DEFAULT_TIMEOUT_MS = 4_000;
/** Default time a fetched listing is reused, in ms (15 min). */
export const GR_DEFAULT_TTL_MS = 15 * 60_000;
/** Default pause after a failed fetch before the site is asked again, in ms. */
export const GR_DEFAULT_RETRY_AFTER_MS = 30_000;

/**
 * Create the `maharashtra_gr` provider. Parameters: `department` (optional; a case-insensitive
 * part of the department's Marathi or English name) and `limit` (default 5, at most 10).
 * Each `DataItem` has `id` = the GR's unique code and fields `title`, `department`, `date`
 * (dd-mm-yyyy), `url` (the PDF), `code` and `size`; newest first.
 *
 * The listing is cached for `ttlMs`; concurrent calls share one fetch. When the site times out,
 * answers non-2xx, cannot be reached or has changed its layout, the last good listing is used
 * (stale); with none, the call throws a `SourceError` saying what happened, and the runtime
 * takes the flow's fallback.
 */
export function createMaharashtraGrSource(options: MaharashtraGrSourceOptions = {}): DataSourceProvider {
  const url = options.url ?? MAHARASHTRA_GR_URL;
  if (!URL.canParse(url)) throw new TypeError(`${MAHARASHTRA_GR_SOURCE}: \`url\` is not a valid URL: ${url}`);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? GR_DEFAULT_TIMEOUT_MS;
  const label = MAHARASHTRA_GR_SOURCE;
  const cache = new SharedCache<readonly GrItem[]>({
    ttlMs: options.ttlMs ?? GR_DEFAULT_TTL_MS,
    retryAfterMs: options.retryAfterMs ?? GR_DEFAULT_RETRY_AFTER_MS,
    now: options.now ?? Date.now,
    label,
  });

  const loadListing = async (signal: AbortSignal): Promise<readonly GrItem[]> => {
    const html = await fetchText(url, { fetch: fetchImpl, timeoutMs, signal, label });
    const listing = parseGrListing(html, url);
    if (listing.ok) return listing.items;
    if (listing.reason === 'missing-columns') {
      const names = listing.missing.map((column) => `"${COLUMN_NAMES[column]}"`).join(', ');
      const headers = listing.headers.map((h) => `"${h}"`).join(', ');
      throw new SourceError(
        'layout-changed',
        `${label}: the GR table at ${url} has no ${names} column${listing.missing.length === 1 ? '' : 's'} (its headers: ${headers}); the site's layout has changed`,
      );
    }
    throw new SourceError(
      'layout-changed',
      `${label}: the page at ${url} no longer has the GR table (#SitePH_dgvDocuments with a header row, dated rows and PDF links); the site's layout has changed`,
    );
  };

  return async (params, signal) => {
    const query = readGrQuery(params, label);
    const lookup = await cache.get(url, loadListing, signal);
    if (lookup.staleBecause !== undefined) options.onStale?.(lookup.staleBecause);
    return selectGrItems(lookup.value, query).map(toDataItem);
  };
}
