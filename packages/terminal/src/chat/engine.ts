/**
 * The engine behind a simulated chat: one conversation with a bot, turn by turn.
 * `runtime-engine.ts` implements it over `@samvad/runtime`; the UI and the script mode only see this.
 */
import type { CallRequest, CallResult, Graph, Inbound, Outbound } from '@samvad/runtime';

/** Where the conversation stands: what the status line and the variables panel show. */
export interface ChatSnapshot {
  readonly node: string;
  readonly language: string;
  readonly variables: Readonly<Record<string, string>>;
  /** Nodes behind the current one, oldest first (what `back` walks). */
  readonly history: readonly string[];
}

/** A `call` the bot made during a turn, and what the (canned) endpoint answered. */
export interface ChatCall {
  readonly request: CallRequest;
  /** Absent when no answer came back before the call's timeout. */
  readonly result?: CallResult;
}

/** What one turn produced. */
export interface ChatTurn {
  readonly outbound: readonly Outbound[];
  readonly snapshot: ChatSnapshot;
  /** Simulator lines that are not messages. */
  readonly notices: readonly string[];
  /** The calls the bot made, in order (they come before the turn's replies: a call node says nothing). */
  readonly calls?: readonly ChatCall[];
  /** How the runtime read the last message (e.g. `navigated` matched by `number`), for the status line. */
  readonly step?: { readonly outcome: string; readonly matchedBy: string };
  /** The label of a list's button in the turn's language, from the graph (`list_button`), as WhatsApp shows it. */
  readonly listButton?: string;
}

export interface ChatEngine {
  /** The bot's language codes, default first. */
  readonly languages: () => readonly string[];
  /** Where the conversation stands now. */
  readonly snapshot: () => ChatSnapshot;
  /** Starts the conversation: the start node's messages. */
  readonly open: () => Promise<ChatTurn>;
  /** One message from the user, with any data-source calls it leads to. */
  readonly send: (inbound: Inbound) => Promise<ChatTurn>;
  /** Switches language and shows the current node again. Rejects an unknown code with a clear message. */
  readonly setLanguage: (code: string) => Promise<ChatTurn>;
  /** Forgets the session and starts again. */
  readonly reset: () => Promise<ChatTurn>;
  /** Runs a new version of the bot; the session carries over on the next message, as in production. */
  readonly replaceGraph: (graph: Graph) => void;
}
