/**
 * Canned data-source results, read from JSON so simulations and tests need no network:
 * `{ "<source>": [ { "id": "…", "fields": { "title": "…" } } ] }` for rows, or
 * `{ "<source>": { "error": "timeout" } }` (or `"error"`) for a failing source.
 */
import type { DataItem, DataResult, DataSourceProvider } from '@samvad/runtime';

/** Canned results by source name. */
export type CannedData = Readonly<Record<string, DataResult>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseItem(source: string, index: number, value: unknown): DataItem | string {
  const where = `"${source}"[${index}]`;
  if (!isRecord(value)) return `${where} must be an object { "id": …, "fields": { … } }`;
  const { id, fields } = value;
  if (typeof id !== 'string' || id === '') return `${where}.id must be a non-empty string`;
  if (!isRecord(fields)) return `${where}.fields must be an object of strings`;
  const out: Record<string, string> = {};
  for (const [key, field] of Object.entries(fields)) {
    if (typeof field !== 'string') return `${where}.fields.${key} must be a string`;
    out[key] = field;
  }
  return { id, fields: out };
}

/** Reads canned results from parsed JSON; returns a message naming the first bad entry otherwise. */
export function parseCannedData(json: unknown): { data: CannedData } | { error: string } {
  if (!isRecord(json)) return { error: 'expected an object mapping source names to rows or { "error": … }' };
  const data: Record<string, DataResult> = {};
  for (const [source, value] of Object.entries(json)) {
    if (Array.isArray(value)) {
      const items: DataItem[] = [];
      for (const [index, raw] of value.entries()) {
        const item = parseItem(source, index, raw);
        if (typeof item === 'string') return { error: item };
        items.push(item);
      }
      data[source] = { ok: true, items };
    } else if (isRecord(value) && (value['error'] === 'timeout' || value['error'] === 'error')) {
      const detail = value['detail'];
      data[source] = { ok: false, reason: value['error'], ...(typeof detail === 'string' ? { detail } : {}) };
    } else {
      return { error: `"${source}" must be an array of rows or { "error": "timeout" | "error" }` };
    }
  }
  return { data };
}

/** The result a canned source gives (a failure naming the source when it has none). */
export function cannedResult(data: CannedData, source: string): DataResult {
  return data[source] ?? { ok: false, reason: 'error', detail: `no canned data for source "${source}"` };
}

/**
 * A provider that answers from a canned result: rows at once, an error at once, or — for a
 * timeout — nothing until the caller's timeout aborts it, as a slow source would.
 */
export function cannedProvider(result: DataResult): DataSourceProvider {
  return (_params, signal) => {
    if (result.ok) return Promise.resolve(result.items);
    if (result.reason === 'error') return Promise.reject(new Error(result.detail ?? 'canned error'));
    return new Promise((_resolve, reject) => {
      const fail = () => reject(new Error('canned timeout'));
      if (signal.aborted) fail();
      else signal.addEventListener('abort', fail, { once: true });
    });
  };
}
