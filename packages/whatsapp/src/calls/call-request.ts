/**
 * What a durable call posts: the exact body bytes (made once, when the turn commits, and stored)
 * and the headers of every attempt. The idempotency key is a random UUID made with the body and
 * stored with it, so every retry and every restart sends the same key. Pure but for the UUID.
 */
import { randomUUID } from 'node:crypto';
import type { CallRequest } from '@samvad/runtime';
import { signBody } from '../server/signature.js';

/** The samvad version in `User-Agent` (kept equal to package.json's by calls-request.test.ts). */
export const SAMVAD_VERSION = '0.1.0';

/** The prefix of the wamid of the inbound row a finished call leaves (`samvad-call:<key>`). */
export const CALL_WAMID_PREFIX = 'samvad-call:';

/** A call to insert with the turn that asked for it. */
export interface NewCall {
  /** The idempotency key (a random UUID). */
  readonly key: string;
  /** The graph's bot id. */
  readonly bot: string;
  readonly endpoint: string;
  readonly node: string;
  /** The runtime's request id (fed back with the result). */
  readonly requestId: string;
  /** The JSON posted, exactly. */
  readonly body: string;
  /** Per attempt. */
  readonly timeoutMs: number;
}

/** The JSON a call posts. */
export interface CallBody {
  readonly bot: string;
  readonly node: string;
  /** The citizen's WhatsApp id. */
  readonly citizen: string;
  /** The runtime's request id of this call (unique per call within the citizen's session). */
  readonly call: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** The call `request` of `bot` for `citizen`, with a new idempotency key and its body. */
export function newCall(request: CallRequest, bot: string, citizen: string): NewCall {
  const body: CallBody = { bot, node: request.node, citizen, call: request.id, fields: request.fields };
  return {
    key: randomUUID(),
    bot,
    endpoint: request.endpoint,
    node: request.node,
    requestId: request.id,
    body: JSON.stringify(body),
    timeoutMs: request.timeoutMs,
  };
}

/** The headers of one attempt: JSON, the idempotency key, the signature of the exact body. */
export function callHeaders(key: string, body: string, secret: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'idempotency-key': key,
    'x-samvad-signature': signBody(body, secret),
    'user-agent': `samvad/${SAMVAD_VERSION}`,
  };
}
