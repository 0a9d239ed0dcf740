/** `X-Hub-Signature-256` — HMAC-SHA256 of the raw request bytes, keyed with the app secret. */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';

/** The header value Meta would send for `body`. */
export function signBody(body: Buffer | string, appSecret: string): string {
  return PREFIX + createHmac('sha256', appSecret).update(body).digest('hex');
}

/**
 * True when `header` is a valid signature of the exact bytes `body`. Compares in constant time;
 * a missing, malformed or wrong-length header is simply invalid.
 */
export function verifySignature(body: Buffer, header: string | undefined, appSecret: string): boolean {
  if (header === undefined || !header.startsWith(PREFIX)) return false;
  const hex = header.slice(PREFIX.length);
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  const given = Buffer.from(hex.toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
