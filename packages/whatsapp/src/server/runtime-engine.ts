/** The `TurnEngine` backed by `@samvad/runtime`: `runTurn` plus the SQLite session store. */
import { prepareGraph, runTurn } from '@samvad/runtime';
import { SqliteSessionStore } from '@samvad/runtime/sqlite';
import type { CallRequest, DataSourceProvider, Graph, Inbound, Session } from '@samvad/runtime';
import { newCall } from '../calls/call-request.js';
import type { MediaDownloader } from '../media/downloader.js';
import { isFileWanted } from '../media/wanted.js';
import { labelsOf } from '../render/labels.js';
import type { RenderLabels } from '../render/labels.js';
import type { Db } from '../store/db.js';
import type { TurnEngine } from './processor.js';
import { SessionCache } from './session-cache.js';

/**
 * Sessions live in the same database as the inbound and outbox tables, so the processor writes
 * the session, the replies and the "processed" mark in one transaction. Sessions just committed
 * are kept in `cache` (shared across graph reloads) and read from SQLite only on a miss. The
 * graph is prepared (its word index built) before the engine is returned. With `media`, the file
 * of a media message is downloaded before its turn (`SAMVAD_MEDIA_DIR`).
 */
export function runtimeEngine(
  graph: Graph,
  db: Db,
  providers: Readonly<Record<string, DataSourceProvider>>,
  cache: SessionCache = new SessionCache(),
  media?: MediaDownloader,
): TurnEngine {
  // The word index is built here, when the graph is loaded or reloaded (before the worker swaps
  // this engine in), not on the first citizen's message.
  prepareGraph(graph);
  const sessions = new SqliteSessionStore(db);
  return {
    async prepare(user, inbound, now) {
      const session = cache.get(user) ?? sessions.getSync(user);
      const result = await botTurn(graph, session, inbound, now, providers, user, media);
      return {
        outbound: result.outbound,
        lang: result.lang,
        labels: result.labels,
        ...(result.call !== undefined ? { call: newCall(result.call, graph.bot, user) } : {}),
        commit: () => {
          cache.delete(user); // until the transaction is known to have committed
          sessions.putSync(user, result.session);
        },
        committed: () => cache.set(user, result.session),
      };
    },
  };
}

/** One turn's outcome: the replies, their language and labels, the session to store, and the call to make. */
export interface BotTurn {
  readonly outbound: Awaited<ReturnType<typeof runTurn>>['outbound'];
  readonly lang: string;
  readonly labels: RenderLabels;
  readonly session: Session;
  /** The `call` the turn stopped at: made durable by the processor (stored with the turn). */
  readonly call?: CallRequest;
}

/**
 * Runs `inbound` through `graph` from `session` (data sources awaited; a `call` is not made here
 * but returned, `deferCalls`): what both stores' engines do per message. A media message's file
 * is downloaded first when `media` is given and the session waits for that file (media/wanted.ts),
 * and the turn sees its `path` (not on failure).
 */
export async function botTurn(
  graph: Graph,
  session: Session | undefined,
  inbound: Inbound,
  now: number,
  providers: Readonly<Record<string, DataSourceProvider>>,
  user: string,
  media?: MediaDownloader,
): Promise<BotTurn> {
  const seen = media !== undefined && inbound.kind === 'media' && isFileWanted(graph, session, inbound, now) ? await media.attach(inbound) : inbound;
  const result = await runTurn(graph, session, seen, { now, providers, userId: user, deferCalls: true });
  return {
    outbound: result.outbound,
    lang: result.session.lang,
    labels: labelsOf(graph.messages, result.session.lang),
    session: result.session,
    ...(result.call !== undefined ? { call: result.call } : {}),
  };
}
