/**
 * A department's system for the calls tests: a real HTTP server on 127.0.0.1 that checks each
 * request's signature (HMAC-SHA256 of the raw body) and records it, deduplicates on the
 * Idempotency-Key (a key seen before gets its first answer again, and counts no second
 * submission), and answers by a script the test sets: fail the first requests with a status,
 * hold answers until released (or for ever), or never answer (a timeout).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@samvad/whatsapp';

/** One request as received. */
export interface ReceivedCall {
  readonly key: string;
  readonly signatureValid: boolean;
  readonly userAgent: string;
  readonly contentType: string;
  readonly raw: string;
  readonly body: { bot: string; node: string; citizen: string; call: string; fields: Record<string, string> };
}

/** What the receiver does with the next requests. */
export interface ReceiverScript {
  /** Answer the first `n` requests with `status` (default 500), recording no submission. */
  failFirst?: { n: number; status?: number; body?: string; retryAfter?: string };
  /** Answer every new submission with this status and body instead of 200 + a reference. */
  answerWith?: { status: number; body: string };
  /** Record new submissions but hold their answers until `release()` (a crash window). */
  hold?: boolean;
  /** Never answer (the caller times out). */
  silent?: boolean;
}

export interface CallReceiver {
  /** e.g. `http://127.0.0.1:41234/grievances` */
  readonly url: string;
  /** Every request, in order (repeats included). */
  readonly requests: ReceivedCall[];
  /** Submissions registered (one per new key): key → reference. */
  readonly submissions: Map<string, string>;
  script(script: ReceiverScript): void;
  /** Resolves when `n` requests have arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  /** Answers the held requests. */
  release(): void;
  close(): Promise<void>;
}

/** Starts a receiver that verifies signatures with `secret`. */
export async function startCallReceiver(secret: string): Promise<CallReceiver> {
  const requests: ReceivedCall[] = [];
  const submissions = new Map<string, string>();
  const answers = new Map<string, { status: number; body: string }>();
  let script: ReceiverScript = {};
  let failed = 0;
  const held: (() => void)[] = [];
  const open = new Set<ServerResponse>();
  const waiters: { n: number; resolve: () => void }[] = [];

  const answer = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  };
  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const key = String(req.headers['idempotency-key'] ?? '');
    const signatureValid = verifySignature(raw, req.headers['x-samvad-signature'] as string | undefined, secret);
    requests.push({
      key,
      signatureValid,
      userAgent: String(req.headers['user-agent'] ?? ''),
      contentType: String(req.headers['content-type'] ?? ''),
      raw: raw.toString('utf8'),
      body: JSON.parse(raw.toString('utf8')) as ReceivedCall['body'],
    });
    for (const w of waiters.filter((w) => requests.length >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    if (!signatureValid) return answer(res, 401, '{"error":"bad signature"}');
    const seen = answers.get(key);
    if (seen !== undefined) return answer(res, seen.status, seen.body);
    if (script.silent === true) return; // never answers
    const fail = script.failFirst;
    if (fail !== undefined && failed < fail.n) {
      failed += 1;
      return answer(res, fail.status ?? 500, fail.body ?? '{"error":"failing on purpose"}', fail.retryAfter !== undefined ? { 'retry-after': fail.retryAfter } : {});
    }
    let result = script.answerWith;
    if (result === undefined) {
      const reference = `REF-${String(submissions.size + 1).padStart(4, '0')}`;
      submissions.set(key, reference);
      result = { status: 200, body: JSON.stringify({ reference, status: 'registered' }) };
    }
    answers.set(key, result);
    const send = () => answer(res, result.status, result.body);
    if (script.hold === true) held.push(send);
    else send();
  };
  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/grievances`,
    requests,
    submissions,
    script: (next) => {
      script = next;
      failed = 0;
    },
    waitForRequests: (n, timeoutMs = 30_000) =>
      requests.length >= n
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`the receiver got ${requests.length} request(s), not ${n}, within ${timeoutMs} ms`)), timeoutMs);
            waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
          }),
    release: () => held.splice(0).forEach((send) => send()),
    close: async () => {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
