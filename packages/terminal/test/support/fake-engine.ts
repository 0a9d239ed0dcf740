/**
 * A tiny hand-written bot behind the `ChatEngine` interface, for UI tests that must not depend
 * on the compiler or runtime: home (3 buttons) → services (a list) or all (11 numbered lines) → a
 * page; `mr` and `en`.
 */
import type { Graph, Inbound, Outbound } from '@samvad/runtime';
import type { ChatEngine, ChatSnapshot, ChatTurn } from '../../src/chat/engine.js';

type Lang = 'mr' | 'en';
const T = {
  home: { mr: 'नमस्कार 🙏 पर्याय निवडा:', en: 'Welcome 🙏 Choose an option:' },
  services: { mr: 'विभाग निवडा:', en: 'Choose a department:' },
  gr: { mr: 'शासन निर्णय लवकरच', en: 'Government resolutions soon' },
  revenue: { mr: 'महसूल विभाग', en: 'Revenue department' },
  health: { mr: 'आरोग्य विभाग', en: 'Health department' },
} as const;

function screen(node: string, lang: Lang, reloaded: number): Outbound {
  switch (node) {
    case 'home':
      return {
        kind: 'menu',
        body: T.home[lang] + (reloaded > 0 ? ` (v${reloaded + 1})` : ''),
        options: [
          { id: 'services', number: 1, title: lang === 'mr' ? 'जालना मित्र' : 'Jalna Mitra' },
          { id: 'gr', number: 2, title: lang === 'mr' ? 'शासन निर्णय' : 'GRs' },
          { id: 'all', number: 3, title: lang === 'mr' ? 'सर्व सेवा' : 'All services' },
        ],
      };
    case 'all':
      return {
        kind: 'menu',
        body: lang === 'mr' ? 'सर्व सेवा:' : 'All services:',
        options: Array.from({ length: 11 }, (_, i) => ({ id: `s${i + 1}`, number: i + 1, title: `${lang === 'mr' ? 'सेवा' : 'Service'} ${i + 1}` })),
      };
    case 'services':
      return {
        kind: 'menu',
        body: T.services[lang],
        options: [
          { id: 'revenue', number: 1, title: lang === 'mr' ? 'महसूल' : 'Revenue', description: lang === 'mr' ? 'दाखले' : 'Certificates' },
          { id: 'health', number: 2, title: lang === 'mr' ? 'आरोग्य' : 'Health', description: lang === 'mr' ? 'रुग्णालये' : 'Hospitals' },
        ],
      };
    case 'gr':
    case 'revenue':
    case 'health':
      return { kind: 'page', text: T[node][lang], bullets: [], links: [] };
    default:
      throw new Error(`fake bot has no node ${node}`);
  }
}

const NEXT: Record<string, Record<string, string>> = {
  home: { '1': 'services', services: 'services', '2': 'gr', gr: 'gr', '3': 'all', all: 'all' },
  services: { '1': 'revenue', revenue: 'revenue', '2': 'health', health: 'health' },
};

/** A fresh fake engine; `inbounds` records what the UI sent. */
export function fakeEngine(): ChatEngine & { readonly inbounds: Inbound[] } {
  let node = 'home';
  let lang: Lang = 'mr';
  let history: string[] = [];
  let reloads = 0;
  const inbounds: Inbound[] = [];
  const snapshot = (): ChatSnapshot => ({ node, language: lang, variables: { last: inbounds.length > 0 ? node : '' }, history });
  const turn = (notices: string[] = []): ChatTurn => ({ outbound: [screen(node, lang, reloads)], snapshot: snapshot(), notices });
  return {
    inbounds,
    languages: () => ['mr', 'en'],
    snapshot,
    open: async () => turn(),
    send: async (inbound) => {
      inbounds.push(inbound);
      const key = inbound.kind === 'text' ? inbound.text.trim() : inbound.kind === 'reply' ? inbound.id : '';
      const next = NEXT[node]?.[key];
      if (next === undefined) return { outbound: [{ kind: 'text', text: 'invalid choice' }], snapshot: snapshot(), notices: [] };
      history = [...history, node];
      node = next;
      return turn();
    },
    setLanguage: async (code) => {
      if (code !== 'mr' && code !== 'en') throw new Error(`unknown language \`${code}\`; this bot speaks mr, en`);
      lang = code;
      return turn([`language: ${code}`]);
    },
    reset: async () => {
      node = 'home';
      history = [];
      return turn(['session reset']);
    },
    replaceGraph: (_graph: Graph) => {
      reloads += 1;
    },
  };
}
