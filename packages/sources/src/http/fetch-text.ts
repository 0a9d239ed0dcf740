/**
 * One polite HTTP GET for a page of text: a timeout of its own, the caller's `AbortSignal`, a
 * size cap, and every failure turned into a `SourceError` whose message says what happened.
 */
import { SourceError } from '../errors.js';

/** The `fetch` function a source uses; tests and hosts may pass their own. */
export type FetchFunction = typeof globalThis.fetch;

/** Sent with every request so the site's operators can see who is asking, and how often. */
export const SAMVAD_USER_AGENT =
  'Samvad/0.1 (citizen WhatsApp bot toolkit; reads the public Government Resolutions listing at most once per cache period)';

/** Pages larger than this are refused (the GR listing, ViewState included, is far smaller). */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export interface FetchTextOptions {
  readonly fetch: FetchFunction;
  readonly timeoutMs: number;
  /** Aborts the request (the caller gave up). */
  readonly signal: AbortSignal;
  /** Names the source in error messages, e.g. `maharashtra_gr`. */
  readonly label: string;
  readonly maxBytes?: number;
}

/**
 * GET `url` and return its body as UTF-8 text. Throws a `SourceError` of kind `timeout`,
 * `aborted`, `http`, `network`, `too-large`, or `not-html` when the answer is not an HTML page
 * (see `checkHtml`: a proxy's JSON error, a plain-text notice, a PDF).
 */
export async function fetchText(url: string, options: FetchTextOptions): Promise<string> {
  const { label, timeoutMs, signal } = options;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = (): void => controller.abort();
  signal.addEventListener('abort', onCallerAbort, { once: true });
  if (signal.aborted) controller.abort();

  const failure = (error: unknown): SourceError => {
    if (error instanceof SourceError) return error;
    if (timedOut) {
      return new SourceError('timeout', `${label}: ${url} did not answer within ${timeoutMs} ms`, { cause: error });
    }
    if (signal.aborted) {
      return new SourceError('aborted', `${label}: the request to ${url} was cancelled by the caller`, { cause: error });
    }
    return new SourceError('network', `${label}: could not reach ${url} (${describeNetworkError(error)})`, {
      cause: error,
    });
  };

  try {
    const response = await options.fetch(url, {
      method: 'GET',
      redirect: 'follow',
      signal: controller.signal,
      headers: {
        'user-agent': SAMVAD_USER_AGENT,
        accept: 'text/html,application/xhtml+xml',
        'accept-language': 'mr,en;q=0.8',
      },
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const statusText = response.statusText === '' ? '' : ` ${response.statusText}`;
      throw new SourceError('http', `${label}: ${url} answered HTTP ${response.status}${statusText}`);
    }
    const contentType = response.headers.get('content-type');
    const declared = contentTypeProblem(contentType);
    if (declared !== undefined) {
      await response.body?.cancel().catch(() => undefined);
      throw new SourceError('not-html', `${label}: ${url} answered with ${declared}, not the HTML listing page`);
    }
    const text = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_BYTES, url, label);
    const sniffed = contentType === null ? sniffNotHtml(text) : undefined;
    if (sniffed !== undefined) throw new SourceError('not-html', `${label}: ${url} answered with ${sniffed} (no content type), not the HTML listing page`);
    return text;
  } catch (error) {
    throw failure(error);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onCallerAbort);
  }
}

async function readCapped(response: Response, maxBytes: number, url: string, label: string): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new SourceError('too-large', `${label}: ${url} sent more than ${maxBytes} bytes; refusing to read it`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

/** "ECONNREFUSED", "getaddrinfo ENOTFOUND gr.maharashtra.gov.in", … — whatever is most specific. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return error.message;
}

/** Media types read as an HTML page. */
const HTML_TYPES: readonly string[] = ['text/html', 'application/xhtml+xml'];

/** Plain words for the media types a misconfigured site, proxy or mirror tends to send. */
const KIND_OF: Readonly<Record<string, string>> = {
  'application/json': 'JSON',
  'application/problem+json': 'JSON',
  'text/plain': 'plain text',
  'application/pdf': 'a PDF document',
  'application/xml': 'XML',
  'text/xml': 'XML',
  'application/octet-stream': 'binary data',
  'text/csv': 'CSV',
};

/**
 * What is wrong with a declared content type, in words (`JSON (application/json)`), or
 * undefined when it is HTML or not declared at all (then the body is sniffed).
 */
export function contentTypeProblem(contentType: string | null): string | undefined {
  if (contentType === null || contentType.trim() === '') return undefined;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (HTML_TYPES.includes(type)) return undefined;
  const kind = KIND_OF[type] ?? (type.startsWith('image/') ? 'an image' : undefined);
  return kind === undefined ? `content type ${type}` : `${kind} (${type})`;
}

/** A body that is plainly not HTML, sent without a content type: JSON or a PDF. */
function sniffNotHtml(text: string): string | undefined {
  const start = text.trimStart();
  if (start.startsWith('%PDF-')) return 'a PDF document';
  if (start.startsWith('{') || start.startsWith('[')) return 'what looks like JSON';
  return undefined;
}
