/**
 * Canned data-source results and call answers, read from JSON so simulations and tests need no
 * network. One file holds both, keyed by name:
 * - `{ "<source>": [ { "id": "…", "fields": { "title": "…" } } ] }`: a data source's rows;
 * - `{ "<endpoint>": { "answer": { "reference": "GRV-1" } } }`: what a `call` to the endpoint gets back;
 * - `{ "<name>": { "error": "timeout" } }` (or `"error"`): a failing source or endpoint;
 *   `{ "error": "rejected" }` (an endpoint that refuses the request) applies to endpoints only.
 */
import type { CallProvider, CallResult, DataItem, DataResult, DataSourceProvider } from '@samvad/runtime';

/** Canned results by source name. */
export type CannedData = Readonly<Record<string, DataResult>>;

/** Canned answers by endpoint name. */
export type CannedCalls = Readonly<Record<string, CallResult>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ENTRY_SHAPES = 'an array of rows, { "answer": { … } } or { "error": "timeout" | "error" | "rejected" }';

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

/**
 * Reads canned results from parsed JSON: source rows into `data`, endpoint answers into `calls`
 * (an `{ "error": "timeout" | "error" }` entry goes to both: it fails whichever uses the name).
 * Returns a message naming the first bad entry otherwise.
 */
export function parseCannedData(json: unknown): { data: CannedData; calls: CannedCalls } | { error: string } {
  if (!isRecord(json)) return { error: 'expected an object mapping source and endpoint names to rows, { "answer": … } or { "error": … }' };
  const data: Record<string, DataResult> = {};
  const calls: Record<string, CallResult> = {};
  for (const [name, value] of Object.entries(json)) {
    if (Array.isArray(value)) {
      const items: DataItem[] = [];
      for (const [index, raw] of value.entries()) {
        const item = parseItem(name, index, raw);
        if (typeof item === 'string') return { error: item };
        items.push(item);
      }
      data[name] = { ok: true, items };
    } else if (isRecord(value) && 'answer' in value) {
      const answer = value['answer'];
      if (!isRecord(answer)) return { error: `"${name}".answer must be a JSON object, e.g. { "reference": "GRV-1" } (the endpoint's answer)` };
      if ('error' in value) return { error: `"${name}" has both "answer" and "error"; keep one` };
      calls[name] = { ok: true, answer };
    } else if (isRecord(value) && (value['error'] === 'timeout' || value['error'] === 'error' || value['error'] === 'rejected')) {
      const detail = value['detail'];
      const failure = { ...(typeof detail === 'string' ? { detail } : {}) };
      if (value['error'] !== 'rejected') data[name] = { ok: false, reason: value['error'], ...failure };
      calls[name] = { ok: false, reason: value['error'], ...failure };
    } else {
      return { error: `"${name}" must be ${ENTRY_SHAPES}` };
    }
  }
  return { data, calls };
}

/** The result a canned source gives (a failure naming the source when it has none). */
export function cannedResult(data: CannedData, source: string): DataResult {
  return data[source] ?? { ok: false, reason: 'error', detail: `no canned data for source "${source}"` };
}

/** Why a call failed when the canned file has no answer for its endpoint. */
export function noCannedAnswer(endpoint: string): string {
  return `no canned answer for endpoint "${endpoint}" (add "${endpoint}": { "answer": { … } } to the data file)`;
}

/** The answer a canned endpoint gives (a failure naming the endpoint when it has none). */
export function cannedCall(calls: CannedCalls, endpoint: string): CallResult {
  return Object.hasOwn(calls, endpoint) ? (calls[endpoint] as CallResult) : { ok: false, reason: 'error', detail: noCannedAnswer(endpoint) };
}

/**
 * Call providers answering from canned answers, one per endpoint that has one. A canned timeout
 * is reported at once (the simulator does not make the author wait out the endpoint's timeout).
 */
export function cannedCallers(calls: CannedCalls): Record<string, CallProvider> {
  const callers: Record<string, CallProvider> = {};
  for (const [endpoint, result] of Object.entries(calls)) callers[endpoint] = () => Promise.resolve(result);
  return callers;
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
