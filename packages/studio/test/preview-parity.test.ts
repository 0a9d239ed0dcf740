/**
 * The phone preview shows what `samvad serve` sends: every page and menu of Jalna Mitra, in every
 * language, is walked by tapping each choice; each runtime outbound goes through serve's own
 * renderer (`renderJson`, the JSON the outbox stores) and through the preview, and the preview must
 * show exactly the texts, buttons and rows of those bodies.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, memoryHost, nodeHost } from '@samvad/compiler';
import { runTurn } from '@samvad/runtime';
import type { DataItem, DataSourceProvider, Graph, Outbound, Session } from '@samvad/runtime';
import { labelsOf } from '@samvad/whatsapp';
import type { WhatsAppBody } from '@samvad/whatsapp';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderJson } from '../../whatsapp/src/render/render-json.js';
import { plainText } from '../src/shared/preview-format.js';
import { bubbleTexts, previewOf } from '../src/shared/preview.js';
import { PREVIEW_RECIPIENT, previewTurn } from '../src/shared/preview-serve.js';
import type { Bubble, BubbleTexts } from '../src/shared/preview-types.js';

const repo = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const canned = JSON.parse(readFileSync(repo('flows/tests/gr-canned.json'), 'utf8')) as { maharashtra_gr: DataItem[] };

let graph: Graph;
beforeAll(() => {
  const result = compile(repo('flows/jalna-mitra.flow'), nodeHost());
  if (result.graph === undefined) throw new Error('flows/jalna-mitra.flow did not compile');
  graph = result.graph;
});

/** What a body carries, read straight from the Cloud API JSON (independently of the preview). */
function sentTexts(body: WhatsAppBody): BubbleTexts {
  switch (body.type) {
    case 'text':
      return { texts: [body.text.body], buttons: [], rows: [] };
    case 'image':
    case 'document':
    case 'video': {
      const caption = (body.type === 'image' ? body.image : body.type === 'video' ? body.video : body.document).caption;
      return { texts: caption === undefined ? [] : [caption], buttons: [], rows: [] };
    }
    case 'interactive': {
      const i = body.interactive;
      if (i.type === 'button') return { texts: [i.body.text], buttons: i.action.buttons.map((b) => b.reply.title), rows: [] };
      if (i.type === 'list') {
        const rows = i.action.sections.flatMap((s) => s.rows.map((r) => (r.description === undefined ? r.title : `${r.title} — ${r.description}`)));
        return { texts: [i.body.text], buttons: [i.action.button], rows };
      }
      return { texts: [i.body.text], buttons: [i.action.parameters.display_text], rows: [] };
    }
    default: {
      const never: never = body;
      throw new Error(`unknown body ${JSON.stringify(never)}`);
    }
  }
}

interface Seen {
  readonly nodes: Set<string>;
  readonly kinds: Map<Bubble['kind'], number>;
  bodies: number;
  formatted: number;
}

/** Compares serve's bodies and the preview for one turn's outbound. */
function compareTurn(outbound: readonly Outbound[], lang: string, seen: Seen, bot: Graph = graph): void {
  const served = outbound.flatMap((o) => renderJson(o, PREVIEW_RECIPIENT, lang, labelsOf(bot.messages, lang)));
  const bodies = served.map((json) => JSON.parse(json) as WhatsAppBody);
  const bubbles = previewTurn(bot, outbound, lang);
  expect(bubbles.length).toBe(bodies.length);
  bodies.forEach((body, i) => {
    const bubble = bubbles[i];
    if (bubble === undefined) throw new Error('a body has no bubble');
    expect(bubble).toEqual(previewOf(body));
    expect(bubbleTexts(bubble)).toEqual(sentTexts(body));
    seen.bodies += 1;
    seen.kinds.set(bubble.kind, (seen.kinds.get(bubble.kind) ?? 0) + 1);
    const shown = bubble.kind === 'text' ? bubble.text : bubble.kind === 'media' ? bubble.caption : bubble.body;
    if (shown !== undefined && plainText(shown) !== shown.raw) seen.formatted += 1;
  });
}

/** Breadth-first over (node, what is on screen), tapping every choice once, as a citizen would. */
async function walk(lang: string, provider: DataSourceProvider): Promise<Seen> {
  const seen: Seen = { nodes: new Set(), kinds: new Map(), bodies: 0, formatted: 0 };
  const states = new Set<string>();
  let now = 1_700_000_000_000;
  const turn = async (session: Session | undefined, inbound: Parameters<typeof runTurn>[2]) => {
    const result = await runTurn(graph, session, inbound, { now: (now += 1_000), providers: { maharashtra_gr: provider } });
    compareTurn(result.outbound, result.session.lang, seen);
    seen.nodes.add(result.session.node);
    return result;
  };
  const queue = [await turn(undefined, { kind: 'reply', id: `~lang:${lang}` })];
  // A typed number and a word that matches nothing also show what the citizen would see.
  await turn(queue[0]?.session, { kind: 'text', text: '1' });
  await turn(queue[0]?.session, { kind: 'text', text: 'zzzz qqqq' });
  while (queue.length > 0) {
    const state = queue.shift();
    if (state === undefined) break;
    const ids = state.outbound.flatMap((o) => (o.kind === 'menu' ? o.options.map((option) => option.id) : []));
    for (const id of ids) {
      const next = await turn(state.session, { kind: 'reply', id });
      const key = `${next.session.node}|${next.session.lang}|${next.session.pending?.kind ?? ''}`;
      if (states.has(key) || next.session.lang !== lang) continue;
      states.add(key);
      queue.push(next);
    }
  }
  return seen;
}

const listing: DataSourceProvider = async () => canned.maharashtra_gr;
const unreachable: DataSourceProvider = async () => {
  throw new Error('the GR site did not answer');
};

describe('the phone preview shows what serve sends (flows/jalna-mitra.flow)', () => {
  for (const lang of ['mr', 'hi', 'en']) {
    it(`every page and menu in ${lang}: the same texts, buttons and rows`, async () => {
      const seen = await walk(lang, listing);
      const unvisited = Object.keys(graph.nodes).filter((id) => !seen.nodes.has(id) && id !== 'gr_unavailable');
      expect(unvisited).toEqual([]);
      // Every kind of bubble this bot sends was compared, and formatting was drawn somewhere.
      expect([...seen.kinds.keys()].sort()).toEqual(['buttons', 'link', 'list', 'text']);
      expect(seen.bodies).toBeGreaterThan(Object.keys(graph.nodes).length);
      expect(seen.formatted).toBeGreaterThan(0);
    });
  }

  it('the GR branch while the site is down, in en', async () => {
    const seen = await walk('en', unreachable);
    expect(seen.nodes.has('gr_unavailable')).toBe(true);
  });

  it('a menu too long for a list arrives as numbered text, and the preview shows that text', () => {
    const options = Array.from({ length: 12 }, (_, i) => ({ id: `o${i + 1}`, number: i + 1, title: `Service number ${i + 1}` }));
    const outbound: Outbound = { kind: 'menu', body: 'Choose a *service*:', options };
    const [bubble, ...rest] = previewTurn(graph, [outbound], 'en');
    expect(rest).toEqual([]);
    expect(bubble?.kind).toBe('text');
    if (bubble?.kind !== 'text') return;
    expect(bubble.text.raw).toContain('12. Service number 12');
    expect(bubble.text.spans[1]).toEqual({ text: 'service', styles: ['bold'] });
  });

  it('a media outbound shows a placeholder with its file name and caption', () => {
    const outbound: Outbound = { kind: 'media', mediaType: 'document', url: 'https://example.org/gr/2025%20rain.pdf', caption: 'GR _2025_' };
    const [bubble] = previewTurn(graph, [outbound], 'en');
    expect(bubble).toEqual({
      kind: 'media',
      mediaType: 'document',
      url: 'https://example.org/gr/2025%20rain.pdf',
      filename: '2025 rain.pdf',
      caption: { raw: 'GR _2025_', spans: [{ text: 'GR ', styles: [] }, { text: '2025', styles: ['italic'] }] },
    });
  });

  it('a page of media and a link button: image and video placeholders, a document chip, the cta button — as serve sends them', async () => {
    const flow = `bot media
  languages: mr "मराठी", en "English"
  start: home

menu home
  text:
    mr: "पर्याय निवडा:"
    en: "Choose:"
  option forms -> forms
    mr: "अर्ज"
    en: "Forms"

page forms
  text:
    mr: "पाणीपुरवठा योजनेचा अर्ज खाली आहे."
    en: "The water scheme's form is below."
  image "https://example.gov.in/img/office.jpg":
    mr: "जिल्हाधिकारी कार्यालय, *जालना*"
    en: "Collector's office, *Jalna*"
  document "https://example.gov.in/forms/arj.pdf" name "अर्ज.pdf":
    mr: "अर्जाचा नमुना"
    en: "Application form"
  video "https://example.gov.in/how-to.mp4":
  button "https://example.gov.in/gr/2026-water.pdf":
    mr: "GR उघडा (PDF)"
    en: "Open GR (PDF)"
  then back
`;
    const compiled = compile('media.flow', memoryHost({ 'media.flow': flow }));
    if (compiled.graph === undefined) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
    const mediaGraph = compiled.graph;
    for (const lang of ['mr', 'en']) {
      const started = await runTurn(mediaGraph, undefined, { kind: 'text', text: 'hi' }, { now: 1_700_000_000_000, providers: {} });
      const opened = await runTurn(mediaGraph, started.session, { kind: 'reply', id: `~lang:${lang}` }, { now: 1_700_000_000_500, providers: {} });
      const page = await runTurn(mediaGraph, opened.session, { kind: 'reply', id: 'forms' }, { now: 1_700_000_001_000, providers: {} });
      const seen: Seen = { nodes: new Set(), kinds: new Map(), bodies: 0, formatted: 0 };
      compareTurn(page.outbound, lang, seen, mediaGraph);
      expect([...seen.kinds.keys()].sort()).toEqual(['buttons', 'link', 'media', 'text']);
      const bubbles = previewTurn(mediaGraph, page.outbound, lang);
      const media = bubbles.filter((b) => b.kind === 'media');
      expect(media.map((b) => (b.kind === 'media' ? [b.mediaType, b.filename ?? null, b.caption?.raw ?? null] : []))).toEqual([
        ['image', null, lang === 'mr' ? 'जिल्हाधिकारी कार्यालय, *जालना*' : "Collector's office, *Jalna*"],
        ['document', 'अर्ज.pdf', lang === 'mr' ? 'अर्जाचा नमुना' : 'Application form'],
        ['video', null, null],
      ]);
      const link = bubbles.find((b) => b.kind === 'link');
      expect(link).toMatchObject({ kind: 'link', label: lang === 'mr' ? 'GR उघडा (PDF)' : 'Open GR (PDF)', url: 'https://example.gov.in/gr/2026-water.pdf' });
      expect(seen.formatted).toBeGreaterThan(0);
    }
  });
});
