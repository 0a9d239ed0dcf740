/**
 * One attempt of a call: POST the stored body to the endpoint with its headers, within the
 * endpoint's timeout (from the request's start to the end of the answer). Redirects are not
 * followed (a 3xx is an answer like any other). Never throws: every failure is an outcome.
 */
import type { AttemptOutcome } from './policy.js';

/** The answer body is read up to this size; a longer one is cut (it is judged as JSON or not). */
const MAX_ANSWER_BYTES = 1_048_576;

/** Posts `body` to `url`; resolves with what happened. `stop`: ends the attempt early (the server stopping). */
export async function postOnce(url: string, headers: Readonly<Record<string, string>>, body: string, timeoutMs: number, stop?: AbortSignal): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onStop = () => controller.abort();
  stop?.addEventListener('abort', onStop);
  try {
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: controller.signal });
    const text = await readCapped(response);
    const retryAfter = response.headers.get('retry-after');
    return { kind: 'response', status: response.status, text, ...(retryAfter !== null ? { retryAfter } : {}) };
  } catch (error) {
    if (stop?.aborted === true) return { kind: 'network', detail: 'stopped before the answer came' };
    if (controller.signal.aborted) return { kind: 'timeout', afterMs: timeoutMs };
    return { kind: 'network', detail: describeNetworkError(error) };
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', onStop);
  }
}

async function readCapped(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** fetch's "fetch failed" names the real cause (ECONNREFUSED, ENOTFOUND, a reset) only in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code !== undefined ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}
