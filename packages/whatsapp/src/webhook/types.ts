/** What a webhook POST carries, after parsing: transport facts plus the runtime's `Inbound`. */
import type { Inbound } from '@samvad/runtime';

/** An error object as Meta sends it (message-level, status-level or value-level). */
export interface ApiErrorInfo {
  readonly code: number;
  readonly title: string;
  readonly details?: string;
}

/** One message a citizen sent. */
export interface InboundMessage {
  /** `wamid.…` — the idempotency key. */
  readonly wamid: string;
  /** The citizen's WhatsApp id (phone digits, or the business-scoped user id when the number is withheld). */
  readonly from: string;
  /** The business number the message was sent to. */
  readonly phoneNumberId: string;
  /** Unix seconds. */
  readonly timestamp: number;
  /** WhatsApp's `type` (`text`, `interactive`, `image`, …). */
  readonly type: string;
  readonly profileName?: string;
  /** wamid of our message the citizen replied to or tapped. */
  readonly contextId?: string;
  /** Click-to-WhatsApp ad the conversation started from. */
  readonly referral?: { readonly sourceType: string; readonly sourceId: string; readonly sourceUrl?: string };
  /** What the runtime sees; `null` when the bot should not answer (reactions, system notices). */
  readonly inbound: Inbound | null;
  /** Message-level errors (unsupported/unknown types). */
  readonly errors: readonly ApiErrorInfo[];
  /** For `system` messages: what happened, e.g. `user_changed_number`. */
  readonly system?: { readonly type: string; readonly newWaId?: string };
  /** For `reaction` messages: the message reacted to and the emoji (`''` when a reaction is removed). */
  readonly reaction?: { readonly messageId: string; readonly emoji: string };
}

/** Delivery state of one of our messages. */
export interface StatusUpdate {
  readonly wamid: string;
  readonly status: string;
  readonly recipient: string;
  readonly timestamp: number;
  readonly errors: readonly ApiErrorInfo[];
  /** The business number the status is about (`metadata.phone_number_id`; `''` when absent). */
  readonly phoneNumberId: string;
}

/**
 * Why one item of a delivery was dropped as malformed (a metric label, so a small fixed set):
 * the rest of the delivery is still stored.
 */
export type InvalidReason =
  | 'entry_shape'
  | 'change_shape'
  | 'message_shape'
  | 'message_id'
  | 'message_from'
  | 'message_type'
  | 'message_content'
  | 'status_shape';

export type WebhookEvent =
  | { readonly kind: 'message'; readonly message: InboundMessage }
  | { readonly kind: 'status'; readonly status: StatusUpdate }
  | { readonly kind: 'error'; readonly phoneNumberId: string; readonly errors: readonly ApiErrorInfo[] }
  /** A change of a field the bot does not handle (acknowledged, not processed). */
  | { readonly kind: 'ignored'; readonly field: string }
  /** One malformed item (entry, change, message or status), dropped; `detail` says what is wrong. */
  | { readonly kind: 'invalid'; readonly reason: InvalidReason; readonly detail: string };

export type ParseResult =
  | { readonly ok: true; readonly events: readonly WebhookEvent[] }
  | { readonly ok: false; readonly error: string };
