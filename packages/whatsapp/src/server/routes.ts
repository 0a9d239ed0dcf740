/**
 * The HTTP side of `samvad serve`, whatever the store: the routes (`GET/POST /webhook`, `/healthz`,
 * `/metrics`), their answers and headers, and listening/closing. The SQLite server (server.ts) and
 * the PostgreSQL server (pg/pg-server.ts) both serve through this one implementation; they differ
 * only in the functions they pass in (how a delivery is stored, how health and metrics are read).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServeConfig } from '../config.js';
import type { Logger } from '../ops/log.js';
import { answerHandshake } from './handshake.js';
import { bearerMatches, metricsExposure } from './metrics-access.js';
import { readBody } from './read-body.js';
import { MAX_WEBHOOK_BYTES, handleWebhook } from './webhook.js';
import type { WebhookDeps, WebhookReply } from './webhook.js';

const TEXT = { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' } as const;
const JSON_TYPE = { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' } as const;

/** What the routes need from a server. */
export interface RouteHandlers {
  /** `hub.verify_token` of the GET handshake. */
  readonly verifyToken: string;
  /** When set, `/metrics` needs `Authorization: Bearer <token>`. */
  readonly metricsToken?: string;
  readonly log: Logger;
  /** Verifies, stores and answers one delivery (see `handleWebhook`). */
  readonly webhook: (raw: Buffer, signature: string | undefined) => Promise<WebhookReply>;
  /** The `/healthz` body: 200 when `ok`, else 503. */
  readonly health: () => Promise<{ readonly ok: boolean }>;
  /** The `/metrics` text, and its content type. */
  readonly metrics: () => Promise<string>;
  readonly metricsContentType: string;
}

/** The request handler for `handlers`: every route, with the answers docs/serve.md lists. */
export function routeRequests(handlers: RouteHandlers): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { log } = handlers;
  return async (req, res) => {
    const target = req.url ?? '/';
    const query = target.indexOf('?');
    const pathname = query < 0 ? target : target.slice(0, query);
    if (pathname === '/webhook' && req.method === 'GET') {
      const reply = answerHandshake(new URL(target, 'http://localhost').searchParams, handlers.verifyToken);
      return void res.writeHead(reply.status, TEXT).end(reply.body);
    }
    if (pathname === '/webhook' && req.method === 'POST') {
      const body = await readBody(req, MAX_WEBHOOK_BYTES);
      if (!body.ok) {
        if (body.reason === 'too-large') {
          log.log('warn', 'webhook.too_large', { limit: MAX_WEBHOOK_BYTES });
          res.writeHead(413, { ...TEXT, connection: 'close' }).end('Payload Too Large: webhooks are at most 3 MB');
        }
        return;
      }
      const signature = req.headers['x-hub-signature-256'];
      const reply = await handlers.webhook(body.body, typeof signature === 'string' ? signature : undefined);
      return void res.writeHead(reply.status, TEXT).end(reply.body);
    }
    if (pathname === '/healthz' && req.method === 'GET') {
      const health = await handlers.health();
      return void res.writeHead(health.ok ? 200 : 503, JSON_TYPE).end(JSON.stringify(health));
    }
    if (pathname === '/metrics' && req.method === 'GET') {
      if (handlers.metricsToken !== undefined && !bearerMatches(req.headers.authorization, handlers.metricsToken)) {
        return void res
          .writeHead(401, { ...TEXT, 'www-authenticate': 'Bearer realm="metrics"' })
          .end('Unauthorized: /metrics needs "Authorization: Bearer <SAMVAD_METRICS_TOKEN>"');
      }
      const text = await handlers.metrics();
      return void res.writeHead(200, { 'content-type': handlers.metricsContentType, 'x-content-type-options': 'nosniff' }).end(text);
    }
    res.writeHead(404, TEXT).end('Not Found: routes are GET/POST /webhook, GET /healthz, GET /metrics');
  };
}

/** A listening HTTP server. */
export interface Listening {
  readonly server: Server;
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  /** Stops accepting, lets requests in progress finish, closes idle keep-alive connections. */
  close(): Promise<void>;
}

/**
 * Listens on `host:port` with `handlers`' routes; an unexpected error in a route answers 500 and is
 * logged (`http.failed`). Warns (`metrics.unprotected`) when `/metrics` is reachable off-host
 * without a token.
 */
export async function listen(handlers: RouteHandlers, host: string, port: number): Promise<Listening> {
  const route = routeRequests(handlers);
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      handlers.log.log('error', 'http.failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(500, TEXT).end('Internal Server Error');
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const exposure = metricsExposure(host, handlers.metricsToken);
  if (exposure !== undefined) handlers.log.log('warn', 'metrics.unprotected', { host, hint: exposure });
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/**
 * Listens on the configured host and port with the webhook routes: deliveries handled with `deps`
 * (`handleWebhook`), `/healthz` from `health`, `/metrics` from `metrics` — the wiring the SQLite
 * and the PostgreSQL server share.
 */
export function listenForWebhooks(
  config: Pick<ServeConfig, 'verifyToken' | 'metricsToken' | 'host' | 'port'>,
  deps: WebhookDeps,
  health: RouteHandlers['health'],
  metrics: RouteHandlers['metrics'],
): Promise<Listening> {
  return listen(
    {
      verifyToken: config.verifyToken,
      ...(config.metricsToken !== undefined ? { metricsToken: config.metricsToken } : {}),
      log: deps.log,
      webhook: (raw, signature) => handleWebhook(deps, raw, signature),
      health,
      metrics,
      metricsContentType: deps.metrics.registry.contentType,
    },
    config.host,
    config.port,
  );
}
