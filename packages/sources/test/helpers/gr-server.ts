/**
 * A real HTTP server on 127.0.0.1 (random port) standing in for gr.maharashtra.gov.in in tests.
 * It serves a saved page, an error status, or never answers; it counts the requests it gets.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers the next requests. */
export type ServerMode =
  /** 200 with a fixture file from `test/fixtures/`. */
  | { readonly kind: 'page'; readonly fixture: string }
  /** The fixture, but only once `release()` is called (to hold a fetch in flight). */
  | { readonly kind: 'held'; readonly fixture: string }
  /** This status with a short HTML error body. */
  | { readonly kind: 'status'; readonly status: number }
  /** Accept the request and never answer. */
  | { readonly kind: 'hang' }
  /** 200 with this body and content type (`null`: no content-type header), e.g. a proxy's JSON. */
  | { readonly kind: 'body'; readonly contentType: string | null; readonly body: string | Buffer };

export interface GrTestServer {
  /** The listing page's URL on this server. */
  readonly url: string;
  /** Requests received so far. */
  readonly hits: () => number;
  /** The User-Agent header of the last request. */
  readonly lastUserAgent: () => string | undefined;
  setMode(mode: ServerMode): void;
  /** Resolves when the server has received its `count`-th request. */
  requestReceived(count: number): Promise<void>;
  /** Resolves when the client side of the `count`-th request has gone away. */
  requestClosed(count: number): Promise<void>;
  /** Answer the requests held by a `held` mode. */
  release(): void;
  /** Stop listening and drop every connection (safe to call twice). */
  close(): Promise<void>;
}

export const LISTING_PATH = '/1145/Government-Resolutions';

export function readFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

export async function startGrServer(initial: ServerMode): Promise<GrTestServer> {
  let mode = initial;
  let hits = 0;
  let userAgent: string | undefined;
  const held: Array<() => void> = [];
  const received = new Map<number, () => void>();
  const closed = new Map<number, () => void>();
  const closedCount = { value: 0 };
  const waiters = (map: Map<number, () => void>, count: number, reached: boolean): Promise<void> =>
    reached ? Promise.resolve() : new Promise((resolve) => map.set(count, resolve));

  const answer = (res: ServerResponse, fixture: string): void => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(readFixture(fixture));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits += 1;
    userAgent = req.headers['user-agent'];
    res.on('close', () => {
      closedCount.value += 1;
      closed.get(closedCount.value)?.();
    });
    received.get(hits)?.();
    if (req.url !== LISTING_PATH) {
      res.writeHead(404).end();
      return;
    }
    switch (mode.kind) {
      case 'page':
        answer(res, mode.fixture);
        return;
      case 'held': {
        const fixture = mode.fixture;
        held.push(() => answer(res, fixture));
        return;
      }
      case 'status':
        res.writeHead(mode.status, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><body><h1>Server Error in \'/\' Application.</h1></body></html>');
        return;
      case 'hang':
        return;
      case 'body':
        // `writeHead` with no content type sends none (Node adds none by itself).
        res.writeHead(200, mode.contentType === null ? {} : { 'content-type': mode.contentType });
        res.end(mode.body);
        return;
      default: {
        const never: never = mode;
        throw new Error(`unknown mode ${JSON.stringify(never)}`);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${LISTING_PATH}`,
    hits: () => hits,
    lastUserAgent: () => userAgent,
    setMode: (next) => {
      mode = next;
    },
    requestReceived: (count) => waiters(received, count, hits >= count),
    requestClosed: (count) => waiters(closed, count, closedCount.value >= count),
    release: () => {
      for (const send of held.splice(0)) send();
    },
    close: () => {
      if (!server.listening) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
  };
}
