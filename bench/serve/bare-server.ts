/**
 * The baseline for `bench/serve/run.ts`: a bare `node:http` server that reads the body, checks
 * the signature and answers 200 — no parsing, no storage, no processing.
 * Usage: tsx bench/serve/bare-server.ts <app-secret>  (prints "listening on <url>")
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@samvad/whatsapp';

const secret = process.argv[2] ?? '';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const header = req.headers['x-hub-signature-256'];
    const ok = verifySignature(Buffer.concat(chunks), typeof header === 'string' ? header : undefined, secret);
    res.writeHead(ok ? 200 : 401).end(ok ? 'EVENT_RECEIVED' : 'Unauthorized');
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare server listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
