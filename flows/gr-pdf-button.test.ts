/**
 * The GR detail page sends the GR's PDF as WhatsApp's tappable link button (an interactive
 * `cta_url`), in every language: the page's text is the button's body, the label fits 20
 * characters, the address is the GR's own, and the body validates against Meta's documented shape.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, nodeHost } from '@samvad/compiler';
import { runTurn } from '@samvad/runtime';
import type { DataItem, Graph, Inbound, Session } from '@samvad/runtime';
import { renderWhatsApp } from '@samvad/whatsapp';
import type { WhatsAppBody } from '@samvad/whatsapp';
import { beforeAll, describe, expect, it } from 'vitest';
import { outboundValidator } from '../packages/whatsapp/test/support/openapi.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const canned = JSON.parse(readFileSync(here('./tests/gr-canned.json'), 'utf8')) as { maharashtra_gr: DataItem[] };
const validate = outboundValidator();

let graph: Graph;
beforeAll(() => {
  const result = compile(here('./jalna-mitra.flow'), nodeHost());
  if (result.graph === undefined) throw new Error('the flow did not compile');
  graph = result.graph;
});

const LABELS: Readonly<Record<string, string>> = { mr: 'GR उघडा (PDF)', hi: 'GR खोलें (PDF)', en: 'Open GR (PDF)' };

/** The WhatsApp bodies the bot sends on opening the first of the latest GRs, in `lang`. */
async function openFirstGr(lang: string): Promise<{ node: string; session: Session; bodies: WhatsAppBody[] }> {
  const providers = { maharashtra_gr: async () => canned.maharashtra_gr };
  let session: Session | undefined;
  let now = 1_700_000_000_000;
  let last: Awaited<ReturnType<typeof runTurn>> | undefined;
  // A greeting, the language (tapped on the welcome menu), the GR branch (option 2), the latest
  // GRs (1), the first GR (row 2, after the website row).
  const steps: Inbound[] = [
    { kind: 'text', text: 'नमस्कार' },
    { kind: 'reply', id: `~lang:${lang}` },
    { kind: 'text', text: '2' },
    { kind: 'text', text: '1' },
    { kind: 'text', text: '2' },
  ];
  for (const inbound of steps) {
    last = await runTurn(graph, session, inbound, { now: (now += 1_000), providers });
    session = last.session;
  }
  if (last === undefined) throw new Error('no turn');
  return { node: last.session.node, session: last.session, bodies: last.outbound.flatMap((o) => renderWhatsApp(o, '919800000000', lang)) };
}

describe('flows/gr.flow: the GR PDF is a tappable button', () => {
  for (const lang of ['mr', 'hi', 'en']) {
    it(`gr_detail in ${lang}: one cta_url with the PDF address, the page text as its body, valid for WhatsApp`, async () => {
      const { node, session, bodies } = await openFirstGr(lang);
      expect(node).toBe('gr_detail');
      expect(session.lang).toBe(lang);
      const gr = canned.maharashtra_gr[0]?.fields ?? {};
      const ctas = bodies.flatMap((b) => (b.type === 'interactive' && b.interactive.type === 'cta_url' ? [b.interactive] : []));
      expect(ctas).toHaveLength(1);
      const cta = ctas[0];
      expect(cta?.action.parameters).toEqual({ display_text: LABELS[lang], url: gr.url });
      expect(cta?.body.text).toContain(`📄 *${gr.title}*`);
      expect(cta?.body.text).toContain(gr.code);
      // The address is only on the button, not repeated as text.
      expect(bodies.filter((b) => b.type === 'text' && b.text.body.includes(gr.url ?? '-'))).toEqual([]);
      for (const body of bodies) expect(validate(body), JSON.stringify(body)).toBeUndefined();
    });
  }
});
