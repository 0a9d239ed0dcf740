/**
 * A relay in front of the reference receiver (examples/grievance-receiver) for the calls
 * benchmark: it counts every attempt per `Idempotency-Key`, answers `500` to the first
 * `failFirst` attempts of EACH call without passing them on (the receiver's own `FAIL_FIRST`
 * counts requests over all calls, so it cannot make every call retry the same number of times),
 * and passes the others to the receiver unchanged — same method, path, headers that matter and
 * raw body bytes — answering with the receiver's status and body.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The relay, listening on 127.0.0.1. */
export interface CallsRelay {
  /** `http://127.0.0.1:<port>`: serve's endpoint URL is this plus the receiver's path. */
  readonly url: string;
  /** Attempts seen per `Idempotency-Key` (failed on purpose or passed on). */
  attempts(): ReadonlyMap<string, number>;
  /** Per `Idempotency-Key`: when its first attempt arrived and when the receiver's last answer went back (ms since the epoch). */
  times(): ReadonlyMap<string, CallTimes>;
  /** Requests the relay could not pass on (the receiver unreachable): 502s it answered. */
  relayErrors(): number;
  close(): Promise<void>;
}

/** When a call reached the relay first, and when its last answer left it. */
export interface CallTimes {
  readonly firstAt: number;
  readonly answeredAt: number;
}

/** The headers serve sends that the receiver reads (docs/receiver.md, "The request"). */
const PASSED = ['content-type', 'idempotency-key', 'x-samvad-signature', 'user-agent'] as const;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

/** Starts a relay to `receiverUrl` (e.g. `http://127.0.0.1:8787`) failing the first `failFirst` attempts of every call. */
export async function startCallsRelay(receiverUrl: string, failFirst: number): Promise<CallsRelay> {
  const attempts = new Map<string, number>();
  const times = new Map<string, CallTimes>();
  let relayErrors = 0;
  const answer = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const arrived = Date.now();
    const raw = await readBody(req);
    const key = req.headers['idempotency-key'];
    const seen = typeof key === 'string' ? (attempts.get(key) ?? 0) + 1 : 0;
    if (typeof key === 'string') attempts.set(key, seen);
    const answered = () => {
      if (typeof key === 'string') times.set(key, { firstAt: times.get(key)?.firstAt ?? arrived, answeredAt: Date.now() });
    };
    if (seen > 0 && seen <= failFirst) {
      answered();
      return answer(res, 500, JSON.stringify({ error: `failing on purpose (attempt ${seen} of --fail-first ${failFirst})` }));
    }
    const headers: Record<string, string> = {};
    for (const name of PASSED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      const response = await fetch(`${receiverUrl}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body: new Uint8Array(raw), redirect: 'manual' });
      const text = await response.text();
      answered();
      answer(res, response.status, text);
    } catch (error) {
      relayErrors += 1;
      answer(res, 502, JSON.stringify({ error: `the bench's relay could not reach the receiver: ${String(error)}` }));
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answer(res, 500, JSON.stringify({ error: String(error) })));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attempts: () => attempts,
    times: () => times,
    relayErrors: () => relayErrors,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
