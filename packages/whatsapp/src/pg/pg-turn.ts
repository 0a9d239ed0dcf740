/**
 * One claimed message's turn, in memory: the engine (data sources and media downloads awaited),
 * rendering, the call it stopped at — and what to report once the batch that carries its writes
 * has committed (pg/batch-lane.ts). Nothing here touches the database.
 */
import type { DataSourceProvider, Graph } from '@samvad/runtime';
import { newCall } from '../calls/call-request.js';
import type { MediaDownloader } from '../media/downloader.js';
import type { Logger } from '../ops/log.js';
import type { ServeMetrics } from '../ops/metrics.js';
import { botTurn } from '../server/runtime-engine.js';
import { logNoReply, renderTurn, reportStale } from '../server/turn-output.js';
import type { Claimed, TurnWrites } from './turn-transaction.js';

/** What processing needs of the bot serving a number: its (prepared) graph and data sources (and its media downloader, when on). */
export interface ServedBot {
  readonly graph: Graph;
  readonly providers: Readonly<Record<string, DataSourceProvider>>;
  readonly media?: MediaDownloader;
}

/** What a turn needs from the processor. */
export interface TurnContext {
  /** The bot of a number (its current graph: reloads take effect on the next message). */
  readonly bot: (numberId: string) => ServedBot | undefined;
  /** A message older than this (WhatsApp's `timestamp`) updates the session but gets no reply. */
  readonly replyMaxAgeMs: number;
  /** Called after a commit that created outbox rows for `citizen` (the sender's `notify`). */
  readonly onOutbox: (numberId: string, citizen: string) => void;
  /** Called after a commit that stored a call (the call worker's `notify`). */
  readonly onCall?: () => void;
  readonly log: Logger;
  readonly metrics: ServeMetrics;
}

/** A turn's writes, and what to report once they are committed (`marked`: the commit marked its message). */
export interface FinishedTurn {
  readonly writes: TurnWrites;
  readonly committed: (marked: boolean) => void;
}

/**
 * Runs the turn of a claimed message. Never rejects: an engine error becomes writes that record it
 * (`inbound.error`, no session, no reply), so that one bad turn cannot block its citizen — or the
 * other citizens of its batch.
 */
export async function runTurn(context: TurnContext, numberId: string, citizen: string, claimed: Claimed & { kind: 'message' }): Promise<FinishedTurn> {
  const { seq, message, session } = claimed;
  const { log, metrics } = context;
  const bot = context.bot(numberId);
  if (message.inbound === null || bot === undefined) {
    return {
      writes: { seq, now: Date.now(), bodies: [], ...(bot === undefined ? { error: `no bot serves number ${numberId}` } : {}) },
      committed: (marked) => {
        if (marked && bot !== undefined) logNoReply(log, message);
      },
    };
  }
  const started = performance.now();
  let turn: Awaited<ReturnType<typeof botTurn>>;
  try {
    turn = await botTurn(bot.graph, session, message.inbound, Date.now(), bot.providers, citizen, bot.media);
  } catch (error) {
    // A bug in the engine must not block this citizen forever: record it and move on.
    return failedTurn(log, citizen, claimed, error);
  }
  metrics.stepSeconds.observe((performance.now() - started) / 1000);
  const now = Date.now();
  const rendered = renderTurn(message, turn, now, context.replyMaxAgeMs);
  const call = turn.call === undefined ? undefined : { ...newCall(turn.call, bot.graph.bot, citizen), windowStart: message.timestamp > 0 ? message.timestamp * 1000 : now };
  return {
    writes: { seq, now, session: turn.session, bodies: rendered.bodies, ...(call !== undefined ? { call } : {}) },
    committed: (marked) => {
      if (!marked) return;
      reportStale(log, metrics, message, rendered, turn.outbound.length);
      if (rendered.bodies.length > 0) context.onOutbox(numberId, citizen);
      if (call !== undefined) context.onCall?.();
    },
  };
}

/**
 * The writes of a turn that threw (the engine, or anything past it such as rendering): the error
 * recorded on its message (`inbound.error`, no session, no reply), logged once committed.
 */
export function failedTurn(log: Logger, citizen: string, claimed: Claimed & { kind: 'message' }, error: unknown): FinishedTurn {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    writes: { seq: claimed.seq, now: Date.now(), error: detail, bodies: [] },
    committed: () => log.log('error', 'turn.failed', { user: citizen, wamid: claimed.message.wamid, error: detail }),
  };
}
