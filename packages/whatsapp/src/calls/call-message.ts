/**
 * The inbound message a finished call leaves for the citizen's conversation: wamid
 * `samvad-call:<key>` (so it is stored once), from the citizen, carrying `{ kind: 'call',
 * requestId, result }`. Its `timestamp` is the one of the citizen's message whose turn made the
 * call: the reply's 24-hour window is counted from it (conservatively: a later message of the
 * citizen would have reopened it). Pure.
 */
import type { CallResult } from '@samvad/runtime';
import type { InboundMessage } from '../webhook/types.js';
import { CALL_WAMID_PREFIX } from './call-request.js';

/** What the message is made of. */
export interface CallMessageParts {
  readonly key: string;
  readonly numberId: string;
  readonly citizen: string;
  readonly requestId: string;
  /** WhatsApp's timestamp (ms) of the message whose turn made the call. */
  readonly windowStart: number;
  readonly result: CallResult;
}

/** The WhatsApp `type` the message is stored with. */
export const CALL_MESSAGE_TYPE = 'samvad_call';

/** The message, as stored (JSON). */
export function callMessage(parts: CallMessageParts): InboundMessage {
  return {
    wamid: `${CALL_WAMID_PREFIX}${parts.key}`,
    from: parts.citizen,
    phoneNumberId: parts.numberId,
    timestamp: Math.floor(parts.windowStart / 1000),
    type: CALL_MESSAGE_TYPE,
    inbound: { kind: 'call', requestId: parts.requestId, result: parts.result },
    errors: [],
  };
}

/** Whether `message` carries a call's result (it was not sent by the citizen). */
export function isCallMessage(message: InboundMessage): boolean {
  return message.inbound?.kind === 'call';
}
