/**
 * What a processed turn leaves behind, whatever the store: the rendered WhatsApp bodies to put in
 * the outbox (none for a stale message: see `SAMVAD_REPLY_MAX_AGE`), and the log lines of messages
 * that get no reply. Shared by the SQLite `Processor` and the PostgreSQL `PgProcessor`. Pure but
 * for the logger.
 */
import type { Outbound } from '@samvad/runtime';
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import type { RenderLabels } from '../render/labels.js';
import { renderJson } from '../render/render-json.js';
import { CUSTOMER_SERVICE_WINDOW_MS } from '../send/windows.js';
import type { InboundMessage } from '../webhook/types.js';

/** The part of a turn's result that decides its replies. */
export interface TurnReplies {
  readonly outbound: readonly Outbound[];
  readonly lang: string;
  readonly labels?: RenderLabels;
}

/** The bodies to store for one turn, and whether the message was too old to answer. */
export interface RenderedTurn {
  /** Cloud API bodies (JSON), in order; empty when `stale`. */
  readonly bodies: readonly string[];
  readonly stale: boolean;
  /** How old the message was by WhatsApp's own timestamp (ms; 0 when it had none). */
  readonly ageMs: number;
  /** The message carried a call's result (calls/call-message.ts): its age is the window's. */
  readonly call: boolean;
}

/**
 * Renders `turn`'s replies to `message`, unless the message is older than `replyMaxAgeMs` by
 * WhatsApp's `timestamp` (seconds; 0 when absent: the age is unknown and the reply goes out).
 *
 * A call's result (its timestamp is the one of the citizen's message that made the call) is not
 * held to `replyMaxAgeMs`: the citizen is waiting for that answer, however long the department's
 * system took. It goes out while WhatsApp's 24-hour customer-service window is open; after that a
 * free-form message cannot reach the citizen, and it is logged (`call.reply_window_closed`).
 */
export function renderTurn(message: InboundMessage, turn: TurnReplies, now: number, replyMaxAgeMs: number): RenderedTurn {
  const ageMs = message.timestamp > 0 ? now - message.timestamp * 1000 : 0;
  const call = message.inbound?.kind === 'call';
  const stale = ageMs > (call ? CUSTOMER_SERVICE_WINDOW_MS : replyMaxAgeMs);
  const bodies = stale ? [] : turn.outbound.flatMap((o) => renderJson(o, message.from, turn.lang, turn.labels));
  return { bodies, stale, ageMs, call };
}

/** Counts and logs a stale message once its turn committed (`process.stale_no_reply`). */
export function reportStale(log: Logger, metrics: ServeMetrics, message: InboundMessage, rendered: RenderedTurn, replies: number): void {
  if (!rendered.stale) return;
  if (rendered.call) {
    log.log('warn', 'call.reply_window_closed', {
      user: message.from,
      wamid: message.wamid,
      ageSeconds: Math.round(rendered.ageMs / 1000),
      replies,
      note: "the call finished more than 24 h after the citizen's message: the session moved on, but WhatsApp accepts no free-form reply now",
    });
    return;
  }
  metrics.staleInbound.inc();
  log.log('warn', 'process.stale_no_reply', { user: message.from, wamid: message.wamid, ageSeconds: Math.round(rendered.ageMs / 1000), replies });
}

/** Reactions and system notices get no reply; they are logged (once: after their mark commits). */
export function logNoReply(log: Logger, message: InboundMessage): void {
  if (message.reaction !== undefined) {
    log.log('info', 'inbound.reaction', { user: message.from, wamid: message.wamid, reactedTo: message.reaction.messageId, emoji: message.reaction.emoji });
  } else if (message.system !== undefined) {
    log.log('info', 'inbound.system', { user: message.from, wamid: message.wamid, type: message.system.type, newWaId: message.system.newWaId });
  } else {
    log.log('info', 'inbound.no_reply', { user: message.from, wamid: message.wamid, type: message.type });
  }
}
