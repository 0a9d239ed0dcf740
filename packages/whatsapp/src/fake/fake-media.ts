/**
 * The fake Graph API's media routes, as Meta's (`retrieveMediaUrl`, `downloadMedia` in the v23
 * spec): `GET /{version}/{media-id}` answers the file's download `url`, `mime_type`, `sha256` and
 * `file_size` (a string, as in Meta's example); `GET /_download/{media-id}` serves the bytes. Both
 * need the bearer token, like Meta's. Tests put files in with `POST /_media/{media-id}` (the body is
 * the file, `Content-Type` its MIME type; `?file_size=N` makes the lookup announce N bytes and the
 * download go out without a length, like a server that under-reports) and take them away with
 * `DELETE /_media/{media-id}` (the media has expired: both routes answer 404).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorEnvelope } from './errors.js';

/** A file the fake serves. */
export interface FakeMediaFile {
  readonly bytes: Buffer;
  readonly mime: string;
  /** What the lookup announces instead of the real size (the download is then sent without a length). */
  readonly declaredSize?: number;
}

/** How many media requests the fake answered with a file (or its address). */
export interface FakeMediaCounts {
  readonly lookups: number;
  readonly downloads: number;
}

const LOOKUP_PATH = /^\/v\d+\.\d+\/([A-Za-z0-9_.-]+)$/;
const DOWNLOAD_PATH = /^\/_download\/([A-Za-z0-9_.-]+)$/;
const ADMIN_PATH = /^\/_media\/([A-Za-z0-9_.-]+)$/;

/** The media files of one fake and its routes. */
export class FakeMedia {
  private readonly files = new Map<string, FakeMediaFile>();
  private lookups = 0;
  private downloads = 0;

  constructor(
    /** `true` when the request carries an accepted bearer token. */
    private readonly authorized: (req: IncomingMessage) => boolean,
  ) {}

  /** Serves `bytes` as media `id`. */
  put(id: string, file: FakeMediaFile): void {
    this.files.set(id, file);
  }

  counts(): FakeMediaCounts {
    return { lookups: this.lookups, downloads: this.downloads };
  }

  /** Answers `req` when it is a media route; `false` when it is not one. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const admin = ADMIN_PATH.exec(path);
    if (admin !== null && (req.method === 'POST' || req.method === 'PUT')) {
      await this.register(admin[1] as string, req, res);
      return true;
    }
    if (admin !== null && req.method === 'DELETE') {
      const removed = this.files.delete(admin[1] as string);
      json(res, 200, { removed });
      return true;
    }
    if (req.method !== 'GET') return false;
    const download = DOWNLOAD_PATH.exec(path);
    const lookup = download === null ? LOOKUP_PATH.exec(path) : null;
    if (download === null && lookup === null) return false;
    if (!this.authorized(req)) {
      json(res, 401, errorEnvelope(190, 'Error validating access token: the bearer token is missing or wrong.'));
      return true;
    }
    const id = (download ?? lookup)?.[1] as string;
    const file = this.files.get(id);
    if (file === undefined) {
      json(res, 404, errorEnvelope(100, `Unsupported get request. Object with ID '${id}' does not exist.`));
      return true;
    }
    if (lookup !== null) {
      this.lookups += 1;
      json(res, 200, {
        messaging_product: 'whatsapp',
        url: `http://${req.headers.host ?? '127.0.0.1'}/_download/${id}`,
        mime_type: file.mime,
        sha256: createHash('sha256').update(file.bytes).digest('base64'),
        file_size: String(file.declaredSize ?? file.bytes.length),
        id,
      });
      return true;
    }
    this.downloads += 1;
    if (file.declaredSize === undefined) {
      res.writeHead(200, { 'content-type': file.mime, 'content-length': file.bytes.length }).end(file.bytes);
    } else {
      res.writeHead(200, { 'content-type': file.mime }); // chunked: no length to check up front
      for (let at = 0; at < file.bytes.length; at += 64 * 1024) res.write(file.bytes.subarray(at, at + 64 * 1024));
      res.end();
    }
    return true;
  }

  private async register(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const declared = new URL(req.url ?? '/', 'http://fake').searchParams.get('file_size');
    const declaredSize = declared === null ? undefined : Number(declared);
    if (declaredSize !== undefined && (!Number.isInteger(declaredSize) || declaredSize < 0)) {
      return json(res, 400, { error: '"file_size" must be a whole number of bytes' });
    }
    const mime = req.headers['content-type'] ?? 'application/octet-stream';
    const bytes = Buffer.concat(chunks);
    this.put(id, { bytes, mime, ...(declaredSize !== undefined ? { declaredSize } : {}) });
    json(res, 200, { id, bytes: bytes.length, mime });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
