/** The webhook verification handshake (`GET /webhook`), and constant-time secret comparison. */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface HandshakeReply {
  readonly status: 200 | 400 | 403;
  readonly body: string;
}

/**
 * What `hub.challenge` may be to be echoed: Meta sends a number; anything beyond a short token of
 * letters, digits and `-._~` is refused rather than reflected back to whoever asked.
 */
const SANE_CHALLENGE = /^[A-Za-z0-9._~-]{1,256}$/;

/**
 * True when `given` equals `expected`, in time that does not depend on where they differ (both are
 * hashed to 32 bytes first, so their lengths leak nothing either).
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Echoes `hub.challenge` only when `hub.mode` is `subscribe` and `hub.verify_token` matches
 * (compared in constant time); anything else is refused with 403, and a matching request whose
 * challenge is not a short plain token with 400.
 */
export function answerHandshake(query: URLSearchParams, verifyToken: string): HandshakeReply {
  const mode = query.get('hub.mode');
  const token = query.get('hub.verify_token');
  const challenge = query.get('hub.challenge');
  if (mode !== 'subscribe' || token === null || !sameSecret(token, verifyToken) || challenge === null) {
    return { status: 403, body: 'Forbidden: hub.mode must be "subscribe" and hub.verify_token must match' };
  }
  if (!SANE_CHALLENGE.test(challenge)) {
    return { status: 400, body: 'Bad Request: hub.challenge must be 1–256 letters, digits or -._~' };
  }
  return { status: 200, body: challenge };
}
