/**
 * A local stand-in for the Graph API send endpoint, for tests, demos and benchmarks:
 * `POST /{version}/{phone-number-id}/messages` checks the bearer token and the body, answers like
 * Meta, and records the send. `GET /_sent`, `DELETE /_sent`, `POST /_inject` and `POST /_mode`
 * drive it: `_mode` plays an outage — `down` (503, code 2, to every send), `hang` (accept the
 * request, never answer), `reset` (drop the connection without an answer), `up` (normal again).
 * Media lookups and downloads, and `POST /_media/{id}` to put a file in: see `fake-media.ts`.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSendBody } from './body-shape.js';
import { errorEnvelope } from './errors.js';
import { FakeMedia } from './fake-media.js';
import type { FakeMediaCounts, FakeMediaFile } from './fake-media.js';

export interface FakeGraphApiOptions {
  readonly port?: number;
  readonly host?: string;
  /** When set, only this bearer token is accepted; otherwise any non-empty one. */
  readonly accessToken?: string;
  /** Keep each accepted send for `GET /_sent` (default true); false only counts them (benchmarks). */
  readonly record?: boolean;
}

/** A send the fake accepted. */
export interface RecordedSend {
  readonly wamid: string;
  readonly phoneNumberId: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

/** How the fake answers sends (see `POST /_mode`). */
export type FakeMode = 'up' | 'down' | 'hang' | 'reset';
const MODES: readonly FakeMode[] = ['up', 'down', 'hang', 'reset'];

/** A failure to serve to the next `count` sends. */
export interface Injection {
  readonly status: number;
  readonly code?: number;
  readonly count: number;
}

export interface FakeGraphApi {
  /** e.g. `http://127.0.0.1:4010/v23.0` — use as `WHATSAPP_API_BASE_URL`. */
  readonly url: string;
  /** Accepted sends, in arrival order (none kept when `record` is false). */
  sent(): readonly RecordedSend[];
  /** How many sends were accepted (kept or not). */
  sentCount(): number;
  /** Failures served so far (injected or refused), by code. */
  failures(): Readonly<Record<string, number>>;
  /** Plays an outage (`down`, `hang`, `reset`) or ends it (`up`); `count` limits it to the next sends. */
  setMode(mode: FakeMode, count?: number): void;
  /** Send requests received (answered or not), and those left hanging so far. */
  requests(): { readonly received: number; readonly hung: number };
  /** Serves `file` as media `id` (what `POST /_media/{id}` does). */
  putMedia(id: string, file: FakeMediaFile): void;
  /** Media lookups and downloads answered with the file so far. */
  mediaRequests(): FakeMediaCounts;
  close(): Promise<void>;
}

const SEND_PATH = /^\/(v\d+\.\d+)\/(\d+)\/messages$/;

/** Starts the fake on `host:port` (default 127.0.0.1, a free port). */
export async function startFakeGraphApi(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
  const sent: RecordedSend[] = [];
  const failures: Record<string, number> = {};
  const injections: { status: number; code?: number; left: number }[] = [];
  /** The outage being played; `left` sends to go (Infinity: until `up`). */
  let mode: { mode: FakeMode; left: number } = { mode: 'up', left: Infinity };
  let received = 0;
  let hung = 0;
  let accepted = 0;
  const setMode = (next: FakeMode, count = Infinity) => {
    mode = { mode: next, left: count };
  };

  const reply = (res: ServerResponse, status: number, json: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  };
  const authorized = (req: IncomingMessage) => {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    return token !== '' && (options.accessToken === undefined || token === options.accessToken);
  };
  const media = new FakeMedia(authorized);
  const fail = (res: ServerResponse, status: number, code: number, details?: string) => {
    failures[String(code)] = (failures[String(code)] ?? 0) + 1;
    reply(res, status, errorEnvelope(code, details));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/_sent' && req.method === 'GET') return reply(res, 200, sent);
    if (path === '/_sent' && req.method === 'DELETE') {
      sent.length = 0;
      accepted = 0;
      for (const key of Object.keys(failures)) delete failures[key];
      injections.length = 0;
      setMode('up');
      return reply(res, 200, { cleared: true });
    }
    if (path === '/_failures' && req.method === 'GET') return reply(res, 200, failures);
    if (path === '/_count' && req.method === 'GET') return reply(res, 200, { sent: accepted, received, hung, failures, media: media.counts() });
    if (await media.handle(req, res, path)) return;
    const raw = await readBody(req);
    if (path === '/_mode' && req.method === 'POST') {
      const parsed = parseMode(raw);
      if (typeof parsed === 'string') return reply(res, 400, { error: parsed });
      setMode(parsed.mode, parsed.count);
      return reply(res, 200, { mode: parsed.mode, ...(parsed.count !== undefined ? { count: parsed.count } : {}) });
    }
    if (path === '/_inject' && req.method === 'POST') {
      const injection = parseInjection(raw);
      if (typeof injection === 'string') return reply(res, 400, { error: injection });
      injections.push({ status: injection.status, left: injection.count, ...(injection.code !== undefined ? { code: injection.code } : {}) });
      return reply(res, 200, { injected: injection });
    }
    const match = SEND_PATH.exec(path);
    if (match === null || req.method !== 'POST') {
      return reply(res, 404, { error: `no route ${req.method} ${path}; sends go to POST /{version}/{phone-number-id}/messages, media lookups to GET /{version}/{media-id}` });
    }
    received += 1;
    if (mode.mode !== 'up') {
      const playing = mode.mode;
      mode.left -= 1;
      if (mode.left <= 0) setMode('up');
      switch (playing) {
        case 'down':
          return fail(res, 503, 2, 'WhatsApp Business API service is temporarily unavailable');
        case 'hang':
          hung += 1;
          return; // never answered: the client's deadline ends it
        case 'reset':
          failures.reset = (failures.reset ?? 0) + 1;
          req.socket.destroy();
          return;
        default: {
          const never: never = playing;
          throw new Error(`unknown mode ${String(never)}`);
        }
      }
    }
    if (!authorized(req)) {
      return fail(res, 401, 190, 'Error validating access token: the bearer token is missing or wrong.');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return fail(res, 400, 100, 'The request body is not valid JSON.');
    }
    const problem = checkSendBody(body);
    if (problem !== undefined) return fail(res, 400, 100, problem);
    const injection = injections[0];
    if (injection !== undefined) {
      injection.left -= 1;
      if (injection.left <= 0) injections.shift();
      return fail(res, injection.status, injection.code ?? injection.status);
    }
    const b = body as Record<string, unknown>;
    if (b.status === 'read') return reply(res, 200, { success: true });
    const wamid = `wamid.${randomBytes(24).toString('base64')}`;
    accepted += 1;
    if (options.record !== false) sent.push({ wamid, phoneNumberId: match[2] ?? '', body: b, at: Date.now() });
    const to = String(b.to);
    return reply(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
      messages: [{ id: wamid }],
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reply(res, 500, { error: String(error) }));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}/v23.0`,
    sent: () => sent,
    sentCount: () => accepted,
    failures: () => failures,
    setMode,
    requests: () => ({ received, hung }),
    putMedia: (id, file) => media.put(id, file),
    mediaRequests: () => media.counts(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseInjection(raw: string): Injection | string {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return 'body must be JSON like {"status": 429, "code": 130429, "count": 3}';
  }
  const { status, code, count } = (json ?? {}) as { status?: unknown; code?: unknown; count?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 599) return '"status" must be an HTTP error status (400–599)';
  if (code !== undefined && typeof code !== 'number') return '"code" must be a number';
  const n = count === undefined ? 1 : count;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return '"count" must be a positive whole number';
  return { status, count: n, ...(typeof code === 'number' ? { code } : {}) };
}

function parseMode(raw: string): { mode: FakeMode; count?: number } | string {
  const usage = `body must be JSON like {"mode": "down"} or {"mode": "hang", "count": 5}; modes: ${MODES.join(', ')}`;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return usage;
  }
  const { mode, count } = (json ?? {}) as { mode?: unknown; count?: unknown };
  const known = MODES.find((m) => m === mode);
  if (known === undefined) return usage;
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) return '"count" must be a positive whole number';
  return { mode: known, ...(typeof count === 'number' ? { count } : {}) };
}
