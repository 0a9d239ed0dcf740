/**
 * Fetching one media file a citizen sent, through the Graph API (Meta's `retrieveMediaUrl`, then
 * `downloadMedia`): `GET {base}/{media-id}` with the bearer token answers `url`, `mime_type` and
 * `file_size`; a file over the cap is refused there; otherwise `GET url` with the same token is
 * streamed to `{dir}/.{id}.….part`, stopped as soon as it passes the cap, flushed to disk and
 * renamed to `{dir}/{media-id}.{ext}` — so the final name only ever holds a whole file. Never
 * throws: every failure is an outcome with a reason (a metric label) and a one-line detail.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { extensionFor } from './mime.js';

/** Why a file was not downloaded. */
export type MediaFailure =
  /** Its size (announced or streamed) is over the cap. */
  | 'too_big'
  /** The access token was refused (expired or revoked: HTTP 401, Meta code 190 or 0). */
  | 'expired_token'
  /** The media or its download address no longer exists (HTTP 404; the address lives 5 minutes). */
  | 'gone'
  | 'timeout'
  /** Anything else: network errors, other HTTP errors, a malformed answer. */
  | 'error';

export type MediaDownload =
  | { readonly ok: true; readonly path: string; readonly bytes: number; readonly mime: string }
  | { readonly ok: false; readonly reason: MediaFailure; readonly detail: string };

/** Where to download from and to. */
export interface MediaDownloadOptions {
  /** e.g. `https://graph.facebook.com/v23.0` (version included, no trailing slash). */
  readonly apiBaseUrl: string;
  readonly accessToken: string;
  /** When set, Meta checks the media belongs to this number (`?phone_number_id=`). */
  readonly phoneNumberId?: string;
  /** Existing, writable folder. */
  readonly dir: string;
  readonly maxBytes: number;
  /** Deadline of the URL lookup (default 10 s). */
  readonly lookupTimeoutMs?: number;
  /** Deadline of the whole file transfer (default 60 s). */
  readonly downloadTimeoutMs?: number;
}

/** Media ids are digits; anything that could step out of the folder is refused. */
const SAFE_ID = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

class Failure extends Error {
  constructor(
    readonly reason: MediaFailure,
    detail: string,
  ) {
    super(detail);
  }
}

/** Downloads media `id` (its MIME type from the webhook, used when the lookup gives none). */
export async function downloadMedia(id: string, mime: string, options: MediaDownloadOptions): Promise<MediaDownload> {
  try {
    if (!SAFE_ID.test(id)) throw new Failure('error', `media id ${JSON.stringify(id.slice(0, 40))} is not a Graph API id`);
    const found = await lookup(id, options);
    const type = found.mime ?? mime;
    const path = join(options.dir, `${id}.${extensionFor(type)}`);
    const bytes = await transfer(found.url, path, id, options);
    return { ok: true, path, bytes, mime: type };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, reason: error.reason, detail: error.message };
    if (isTimeout(error)) return { ok: false, reason: 'timeout', detail: 'no complete answer in time' };
    return { ok: false, reason: 'error', detail: describe(error) };
  }
}

/** `GET {base}/{id}` → the download address, MIME type and size; refuses a file over the cap. */
async function lookup(id: string, options: MediaDownloadOptions): Promise<{ url: string; mime?: string }> {
  const query = options.phoneNumberId !== undefined ? `?phone_number_id=${encodeURIComponent(options.phoneNumberId)}` : '';
  const res = await fetch(`${options.apiBaseUrl}/${id}${query}`, {
    headers: { authorization: `Bearer ${options.accessToken}` },
    signal: AbortSignal.timeout(options.lookupTimeoutMs ?? 10_000),
  });
  const text = await res.text();
  if (!res.ok) throw httpFailure('media lookup', res.status, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Failure('error', `media lookup answered HTTP ${res.status} with a body that is not JSON`);
  }
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (typeof o.url !== 'string' || o.url === '') throw new Failure('error', 'media lookup answered without a "url"');
  // Meta's example gives file_size as a string ("303833"); a number is accepted too.
  const size = typeof o.file_size === 'number' ? o.file_size : typeof o.file_size === 'string' ? Number(o.file_size) : NaN;
  if (Number.isFinite(size) && size > options.maxBytes) {
    throw new Failure('too_big', `the file is ${size} bytes, over the cap of ${options.maxBytes} (SAMVAD_MEDIA_MAX_MB)`);
  }
  checkAddress(o.url, options.apiBaseUrl);
  return { url: o.url, ...(typeof o.mime_type === 'string' && o.mime_type !== '' ? { mime: o.mime_type } : {}) };
}

/** The token goes only to an https address, or to the API's own origin (a local fake over http). */
function checkAddress(url: string, apiBaseUrl: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Failure('error', 'media lookup answered a "url" that is not an address');
  }
  if (parsed.protocol !== 'https:' && parsed.origin !== new URL(apiBaseUrl).origin) {
    throw new Failure('error', `refusing to send the access token to ${parsed.protocol}//${parsed.host} (not https)`);
  }
}

/** Streams `url` into a temporary file beside `path`, then renames it; returns the size. */
async function transfer(url: string, path: string, id: string, options: MediaDownloadOptions): Promise<number> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${options.accessToken}` },
    signal: AbortSignal.timeout(options.downloadTimeoutMs ?? 60_000),
  });
  if (!res.ok) throw httpFailure('media download', res.status, await res.text().catch(() => ''));
  const announced = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(announced) && announced > options.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new Failure('too_big', `the file is ${announced} bytes, over the cap of ${options.maxBytes} (SAMVAD_MEDIA_MAX_MB)`);
  }
  const temp = join(options.dir, `.${id}.${randomUUID()}.part`);
  const file = await open(temp, 'wx');
  let bytes = 0;
  let over = false;
  try {
    if (res.body !== null) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        if (bytes > options.maxBytes) {
          over = true;
          break; // ends the iteration, which cancels the rest of the answer
        }
        await file.write(chunk);
      }
    }
    if (!over) await file.sync();
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await file.close();
  if (over) {
    await rm(temp, { force: true });
    throw new Failure('too_big', `the download passed the cap of ${options.maxBytes} bytes (SAMVAD_MEDIA_MAX_MB) and was stopped`);
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return bytes;
}

/** An HTTP error answer as a failure: a refused token, a vanished file, or other. */
function httpFailure(what: string, status: number, body: string): Failure {
  let code: number | undefined;
  let message = '';
  try {
    const e = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof e?.code === 'number') code = e.code;
    if (typeof e?.message === 'string') message = e.message;
  } catch {
    // not Meta's envelope: the status says enough
  }
  const detail = `${what} answered HTTP ${status}${code !== undefined ? ` (code ${code})` : ''}${message !== '' ? `: ${message}` : ''}`;
  if (status === 401 || code === 190 || code === 0) return new Failure('expired_token', `${detail} — renew WHATSAPP_ACCESS_TOKEN`);
  if (status === 404) return new Failure('gone', detail);
  return new Failure('error', detail);
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** One line for a network or file error (fetch hides the cause one level down). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
