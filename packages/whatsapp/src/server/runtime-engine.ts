/** The `TurnEngine` backed by `@samvad/runtime`: `runTurn` plus the SQLite session store. */
import { prepareGraph, runTurn } from '@samvad/runtime';
import { SqliteSessionStore } from '@samvad/runtime/sqlite';
import type { DataSourceProvider, Graph, Inbound, Session } from '@samvad/runtime';
import { labelsOf } from '../render/labels.js';
import type { RenderLabels } from '../render/labels.js';
import type { Db } from '../store/db.js';
import type { TurnEngine } from './processor.js';
import { SessionCache } from './session-cache.js';

/**
 * Sessions live in the same database as the inbound and outbox tables, so the processor writes
 * the session, the replies and the "processed" mark in one transaction. Sessions just committed
 * are kept in `cache` (shared across graph reloads) and read from SQLite only on a miss. The
 * graph is prepared (its word index built) before the engine is returned.
 */
export function runtimeEngine(
  graph: Graph,
  db: Db,
  providers: Readonly<Record<string, DataSourceProvider>>,
  cache: SessionCache = new SessionCache(),
): TurnEngine {
  // The word index is built here, when the graph is loaded or reloaded (before the worker swaps
  // this engine in), not on the first citizen's message.
  prepareGraph(graph);
  const sessions = new SqliteSessionStore(db);
  return {
    async prepare(user, inbound, now) {
      const session = cache.get(user) ?? sessions.getSync(user);
      const result = await botTurn(graph, session, inbound, now, providers, user);
      return {
        outbound: result.outbound,
        lang: result.lang,
        labels: result.labels,
        commit: () => {
          cache.delete(user); // until the transaction is known to have committed
          sessions.putSync(user, result.session);
        },
        committed: () => cache.set(user, result.session),
      };
    },
  };
}

/** One turn's outcome: the replies, their language and labels, and the session to store. */
export interface BotTurn {
  readonly outbound: Awaited<ReturnType<typeof runTurn>>['outbound'];
  readonly lang: string;
  readonly labels: RenderLabels;
  readonly session: Session;
}

/** Runs `inbound` through `graph` from `session` (data sources awaited): what both stores' engines do per message. */
export async function botTurn(
  graph: Graph,
  session: Session | undefined,
  inbound: Inbound,
  now: number,
  providers: Readonly<Record<string, DataSourceProvider>>,
  user: string,
): Promise<BotTurn> {
  const result = await runTurn(graph, session, inbound, { now, providers, userId: user });
  return { outbound: result.outbound, lang: result.session.lang, labels: labelsOf(graph.messages, result.session.lang), session: result.session };
}
