/**
 * @samvad/sources — host-provided data sources for flows (`source <id>` in a `.flow` file).
 * Each source is a `DataSourceProvider` from `@samvad/runtime`.
 */
export { SourceError, isSourceError } from './errors.js';
export type { SourceErrorKind } from './errors.js';
export { fetchText, contentTypeProblem, SAMVAD_USER_AGENT, DEFAULT_MAX_BYTES } from './http/fetch-text.js';
export type { FetchFunction, FetchTextOptions } from './http/fetch-text.js';
export { SharedCache } from './cache/shared-cache.js';
export type { CacheLookup, Loader, SharedCacheOptions } from './cache/shared-cache.js';
export { parseGrListing, GR_GRID_SELECTOR } from './gr/parse-listing.js';
export { columnOf, mapColumns, COLUMN_NAMES, REQUIRED_COLUMNS } from './gr/columns.js';
export type { GrColumn, ColumnMap } from './gr/columns.js';
export type { GrItem, GrListingResult } from './gr/parse-listing.js';
export { GR_DEPARTMENTS, departmentMatches, findDepartment, normalizeName } from './gr/departments.js';
export type { GrDepartment } from './gr/departments.js';
export { readGrQuery, selectGrItems, toDataItem, GR_DEFAULT_LIMIT, GR_MAX_LIMIT } from './gr/select.js';
export type { GrQuery } from './gr/select.js';
export {
  createMaharashtraGrSource,
  MAHARASHTRA_GR_URL,
  MAHARASHTRA_GR_SOURCE,
  GR_DEFAULT_TIMEOUT_MS,
  GR_DEFAULT_TTL_MS,
  GR_DEFAULT_RETRY_AFTER_MS,
} from './gr/maharashtra-gr-source.js';
export type { MaharashtraGrSourceOptions } from './gr/maharashtra-gr-source.js';
