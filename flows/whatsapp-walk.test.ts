/**
 * Walks every menu path of the Jalna Mitra bot in every language, the way a citizen taps through
 * it on WhatsApp, and checks each message the production adapter would send against WhatsApp's
 * limits. The GR branch is walked twice: with canned listings and with the site unreachable.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, nodeHost } from '@samvad/compiler';
import { WHATSAPP_LIMITS, codePointLength, runTurn } from '@samvad/runtime';
import type { DataItem, DataSourceProvider, Graph, Outbound, Session } from '@samvad/runtime';
import { renderWhatsApp } from '@samvad/whatsapp';
import type { WhatsAppBody } from '@samvad/whatsapp';
import { beforeAll, describe, expect, it } from 'vitest';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const canned = JSON.parse(readFileSync(here('./tests/gr-canned.json'), 'utf8')) as { maharashtra_gr: DataItem[] };

let graph: Graph;
beforeAll(() => {
  const result = compile(here('./jalna-mitra.flow'), nodeHost());
  if (result.graph === undefined) throw new Error('the flow did not compile');
  graph = result.graph;
});

const len = codePointLength;

/** Every way WhatsApp would refuse or cut a body, as readable strings (empty when it fits). */
function problems(body: WhatsAppBody): string[] {
  const found: string[] = [];
  const over = (what: string, text: string, limit: number) => {
    if (len(text) > limit) found.push(`${what} is ${len(text)} > ${limit}: ${text.slice(0, 40)}…`);
  };
  if (body.type === 'text') {
    over('text body', body.text.body, WHATSAPP_LIMITS.textBody);
    return found;
  }
  if (body.type !== 'interactive') return found;
  const interactive = body.interactive;
  over('interactive body', interactive.body.text, WHATSAPP_LIMITS.interactiveBody);
  switch (interactive.type) {
    case 'button': {
      const buttons = interactive.action.buttons;
      if (buttons.length < 1 || buttons.length > WHATSAPP_LIMITS.buttonCount) found.push(`${buttons.length} buttons`);
      for (const b of buttons) over('button title', b.reply.title, WHATSAPP_LIMITS.buttonTitle);
      if (new Set(buttons.map((b) => b.reply.title)).size !== buttons.length) found.push('repeated button titles');
      break;
    }
    case 'list': {
      over('list button', interactive.action.button, WHATSAPP_LIMITS.listButtonLabel);
      const rows = interactive.action.sections.flatMap((s) => s.rows);
      if (rows.length < 1 || rows.length > WHATSAPP_LIMITS.listRows) found.push(`${rows.length} list rows`);
      for (const row of rows) {
        over('row title', row.title, WHATSAPP_LIMITS.listRowTitle);
        if (row.description !== undefined) over('row description', row.description, WHATSAPP_LIMITS.listRowDescription);
        over('row id', row.id, WHATSAPP_LIMITS.replyId);
      }
      break;
    }
    case 'cta_url':
      over('link button', interactive.action.parameters.display_text, WHATSAPP_LIMITS.ctaDisplayText);
      if (!interactive.action.parameters.url.startsWith('https://')) found.push(`link ${interactive.action.parameters.url}`);
      break;
    default: {
      const never: never = interactive;
      throw new Error(`unknown interactive ${JSON.stringify(never)}`);
    }
  }
  return found;
}

interface Walk {
  readonly visited: Set<string>;
  readonly messages: number;
  readonly problems: string[];
}

/** Breadth-first over (node, what is on screen): every choice the bot offers is tapped once. */
async function walk(lang: string, provider: DataSourceProvider): Promise<Walk> {
  const providers = { maharashtra_gr: provider };
  const visited = new Set<string>();
  const seen = new Set<string>();
  const found: string[] = [];
  let messages = 0;
  let now = 1_700_000_000_000;
  const turn = async (session: Session | undefined, inbound: Parameters<typeof runTurn>[2]) => {
    const result = await runTurn(graph, session, inbound, { now: (now += 1_000), providers });
    for (const outbound of result.outbound) {
      for (const body of renderWhatsApp(outbound, '919800000000', result.session.lang)) {
        messages += 1;
        for (const p of problems(body)) found.push(`${lang} at ${result.session.node}: ${p}`);
      }
    }
    visited.add(result.session.node);
    return result;
  };
  const first = await turn(undefined, { kind: 'reply', id: `~lang:${lang}` });
  const queue: { session: Session; outbound: readonly Outbound[] }[] = [first];
  while (queue.length > 0) {
    const state = queue.shift();
    if (state === undefined) break;
    const choices = state.outbound.flatMap((o) => (o.kind === 'menu' ? o.options.map((option) => option.id) : []));
    for (const id of choices) {
      const next = await turn(state.session, { kind: 'reply', id });
      const key = `${next.session.node}|${next.session.lang}|${next.session.pending?.kind ?? ''}`;
      if (seen.has(key) || next.session.lang !== lang) continue;
      seen.add(key);
      queue.push(next);
    }
  }
  return { visited, messages, problems: found };
}

const listing: DataSourceProvider = async () => canned.maharashtra_gr;
const unreachable: DataSourceProvider = async () => {
  throw new Error('the GR site did not answer');
};

describe('every message of flows/jalna-mitra.flow fits WhatsApp', () => {
  for (const lang of ['mr', 'hi', 'en']) {
    it(`tapping through every menu in ${lang}, with GR listings`, async () => {
      const result = await walk(lang, listing);
      expect(result.problems).toEqual([]);
      const unvisited = Object.keys(graph.nodes).filter((id) => !result.visited.has(id) && id !== 'gr_unavailable');
      expect(unvisited).toEqual([]);
      expect(result.messages).toBeGreaterThan(Object.keys(graph.nodes).length);
    });

    it(`tapping through the GR branch in ${lang} while the site is down`, async () => {
      const result = await walk(lang, unreachable);
      expect(result.problems).toEqual([]);
      expect(result.visited.has('gr_unavailable')).toBe(true);
    });
  }
});
