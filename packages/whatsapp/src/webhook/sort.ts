/**
 * A parsed delivery sorted into what this server stores and what it only reports: messages and
 * statuses for its own phone number id, those for another number (ignored), malformed items
 * (dropped), value-level errors and fields it does not handle. Pure.
 */
import type { ApiErrorInfo, InboundMessage, InvalidReason, StatusUpdate, WebhookEvent } from './types.js';

/** One delivery, sorted. */
export interface SortedDelivery {
  /** Messages to this server's number: stored and processed. */
  readonly messages: readonly InboundMessage[];
  /** Statuses of this server's number: recorded. */
  readonly statuses: readonly StatusUpdate[];
  /** Items addressed to another phone number id (or none): not stored, not answered. */
  readonly otherNumber: {
    readonly messages: number;
    readonly statuses: number;
    /** The distinct phone number ids seen (`''` for a change without `metadata.phone_number_id`). */
    readonly numbers: readonly string[];
  };
  /** Malformed items dropped from the delivery. */
  readonly invalid: readonly { readonly reason: InvalidReason; readonly detail: string }[];
  /** Value-level errors Meta reported. */
  readonly errors: readonly { readonly phoneNumberId: string; readonly errors: readonly ApiErrorInfo[] }[];
  /** Webhook fields the bot does not handle. */
  readonly ignoredFields: readonly string[];
}

/** Sorts `events` for the server whose number is `phoneNumberId` (or whose numbers are those of the set). */
export function sortDelivery(events: readonly WebhookEvent[], phoneNumberId: string | ReadonlySet<string>): SortedDelivery {
  const ours = typeof phoneNumberId === 'string' ? (id: string) => id === phoneNumberId : (id: string) => phoneNumberId.has(id);
  const messages: InboundMessage[] = [];
  const statuses: StatusUpdate[] = [];
  const numbers = new Set<string>();
  let otherMessages = 0;
  let otherStatuses = 0;
  const invalid: { reason: InvalidReason; detail: string }[] = [];
  const errors: { phoneNumberId: string; errors: readonly ApiErrorInfo[] }[] = [];
  const ignoredFields: string[] = [];
  for (const event of events) {
    switch (event.kind) {
      case 'message':
        if (ours(event.message.phoneNumberId)) messages.push(event.message);
        else {
          otherMessages += 1;
          numbers.add(event.message.phoneNumberId);
        }
        break;
      case 'status':
        if (ours(event.status.phoneNumberId)) statuses.push(event.status);
        else {
          otherStatuses += 1;
          numbers.add(event.status.phoneNumberId);
        }
        break;
      case 'error':
        errors.push({ phoneNumberId: event.phoneNumberId, errors: event.errors });
        break;
      case 'ignored':
        ignoredFields.push(event.field);
        break;
      case 'invalid':
        invalid.push({ reason: event.reason, detail: event.detail });
        break;
      default: {
        const never: never = event;
        throw new Error(`unknown webhook event ${JSON.stringify(never)}`);
      }
    }
  }
  return {
    messages,
    statuses,
    otherNumber: { messages: otherMessages, statuses: otherStatuses, numbers: [...numbers] },
    invalid,
    errors,
    ignoredFields,
  };
}
