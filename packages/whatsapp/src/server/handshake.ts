/** The webhook verification handshake (`GET /webhook`). */

export interface HandshakeReply {
  readonly status: 200 | 403;
  readonly body: string;
}

/**
 * Echoes `hub.challenge` only when `hub.mode` is `subscribe` and `hub.verify_token` matches;
 * anything else is refused with 403.
 */
export function answerHandshake(query: URLSearchParams, verifyToken: string): HandshakeReply {
  const mode = query.get('hub.mode');
  const token = query.get('hub.verify_token');
  const challenge = query.get('hub.challenge');
  if (mode === 'subscribe' && token === verifyToken && challenge !== null) {
    return { status: 200, body: challenge };
  }
  return { status: 403, body: 'Forbidden: hub.mode must be "subscribe" and hub.verify_token must match' };
}
