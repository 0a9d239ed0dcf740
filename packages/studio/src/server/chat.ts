/**
 * A phone-preview conversation: the runtime's `runTurn` (as `serve` and `samvad chat` run it) with
 * the host's data-source providers and call answers (canned with `--data`), and each reply rendered to the
 * Cloud API bodies by `renderWhatsApp` with the graph's labels — the renderer `serve` uses — through
 * the preview's `bodiesFor`, then to the bubbles the phone draws (`previewsOf`).
 */
import { runTurn } from '@samvad/runtime';
import type { CallProvider, DataSourceProvider, Graph, Inbound, Session } from '@samvad/runtime';
import type { WhatsAppBody } from '@samvad/whatsapp';
import type { ChatAction, ChatResponse } from '../shared/api.js';
import { previewsOf } from '../shared/preview.js';
import { bodiesFor } from '../shared/preview-serve.js';

/** The reply id of the runtime's language menu rows: what a citizen's tap on a language sends. */
const languageReply = (code: string): Inbound => ({ kind: 'reply', id: `~lang:${code}` });

/** One page's conversation with the bot. */
export class ChatSession {
  private session: Session | undefined;
  private path: string[] = [];

  constructor(
    private readonly providers: Readonly<Record<string, DataSourceProvider>>,
    private readonly callers: Readonly<Record<string, CallProvider>> = {},
  ) {}

  /** Plays the citizen's action on `graph` and returns what the phone shows next. */
  async act(graph: Graph, action: ChatAction, notice?: string): Promise<ChatResponse> {
    const bodies: WhatsAppBody[] = [];
    const turn = async (inbound: Inbound) => {
      const result = await runTurn(graph, this.session, inbound, {
        now: Date.now(),
        providers: this.providers,
        callers: this.callers,
        onStep: (event) => {
          if (this.path.at(-1) !== event.node) this.path.push(event.node);
        },
      });
      this.session = result.session;
      bodies.push(...bodiesFor(graph, result.outbound, result.session.lang));
    };
    switch (action.kind) {
      case 'restart': {
        // A restart keeps the language the author chose (as the simulator's reset does).
        const lang = this.session?.lang;
        this.session = undefined;
        this.path = [];
        await turn({ kind: 'text', text: '' });
        if (lang !== undefined && lang !== (this.session as Session | undefined)?.lang && graph.languages.some((l) => l.code === lang)) {
          bodies.length = 0;
          this.path = [];
          await turn(languageReply(lang));
        }
        break;
      }
      case 'text':
        await turn({ kind: 'text', text: action.text });
        break;
      case 'reply':
        await turn({ kind: 'reply', id: action.id, title: action.title });
        break;
      case 'language': {
        const known = graph.languages.map((l) => l.code);
        if (!known.includes(action.code)) throw new ChatError(`unknown language \`${action.code}\`; this bot speaks ${known.join(', ')}`);
        if (this.session === undefined) await turn({ kind: 'text', text: '' });
        bodies.length = 0;
        await turn(languageReply(action.code));
        break;
      }
      default: {
        const never: never = action;
        throw new ChatError(`unknown action ${JSON.stringify(never)}`);
      }
    }
    const node = this.session?.node ?? graph.start;
    const where = graph.sourceMap[node];
    return {
      bodies,
      bubbles: previewsOf(bodies),
      node,
      path: [...this.path],
      language: this.session?.lang ?? graph.languages[0]?.code ?? 'en',
      languages: graph.languages.map((l) => ({ code: l.code, name: l.name ?? l.code })),
      ...(where === undefined ? {} : { source: { path: where.file, line: where.line } }),
      ...(notice === undefined ? {} : { notice }),
    };
  }
}

/** A preview action the bot cannot take (shown to the author as is). */
export class ChatError extends Error {}
