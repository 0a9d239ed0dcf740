import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderWhatsApp } from '@samvad/whatsapp';
import type { WhatsAppBody } from '@samvad/whatsapp';
import type { Outbound, OutboundOption } from '@samvad/runtime';
import { outboundValidator } from './support/openapi.js';
import { payload } from './support/payloads.js';

const validate = outboundValidator();
const TO = '919876504321';

const options = (titles: readonly string[], description?: (i: number) => string): OutboundOption[] =>
  titles.map((title, i) => ({ id: `opt_${i + 1}`, number: i + 1, title, ...(description ? { description: description(i) } : {}) }));

/** Renders and checks every body against Meta's schemas. */
const render = (outbound: Outbound, lang = 'en'): WhatsAppBody[] => {
  const bodies = renderWhatsApp(outbound, TO, lang);
  for (const body of bodies) expect(validate(body), JSON.stringify(body)).toBeUndefined();
  return bodies;
};

describe("the OpenAPI validator (Meta's v23 schemas)", () => {
  it("accepts Meta's own outbound examples", () => {
    for (const name of ['outbound-text', 'outbound-buttons', 'outbound-list', 'outbound-cta-url', 'outbound-image-link', 'outbound-document-link']) {
      expect(validate(payload(name)), name).toBeUndefined();
    }
  });

  it('rejects 4 reply buttons, a 21-character button title and a 25-character row title', () => {
    const buttons: unknown = renderWhatsApp({ kind: 'menu', body: 'Pick', options: options(['a', 'b', 'c']) }, TO, 'en')[0];
    const four = structuredClone(buttons) as { interactive: { action: { buttons: unknown[] } } };
    four.interactive.action.buttons.push({ type: 'reply', reply: { id: 'd', title: 'd' } });
    expect(validate(four)).toMatch(/maxItems|must NOT have more than 3 items/);
    const longTitle = structuredClone(buttons) as { interactive: { action: { buttons: { reply: { title: string } }[] } } };
    (longTitle.interactive.action.buttons[0] as { reply: { title: string } }).reply.title = 'x'.repeat(21);
    expect(validate(longTitle)).toMatch(/20 characters/);
    const list = structuredClone(payload('outbound-list')) as { interactive: { action: { sections: { rows: { title: string }[] }[] } } };
    (list.interactive.action.sections[0]?.rows[0] as { title: string }).title = 'y'.repeat(25);
    expect(validate(list)).toMatch(/24 characters/);
  });

  it('rejects a cta_url whose display text is over 20 characters', () => {
    const cta = structuredClone(payload('outbound-cta-url')) as { interactive: { action: { parameters: { display_text: string } } } };
    cta.interactive.action.parameters.display_text = 'z'.repeat(21);
    expect(validate(cta)).toMatch(/20 characters/);
  });
});

describe('renderWhatsApp: menus', () => {
  it('renders ≤3 short options as reply buttons', () => {
    const [body, ...rest] = render({ kind: 'menu', body: 'नमस्कार 🙏 पर्याय निवडा:', options: options(['सेवा', 'शासन निर्णय']) }, 'mr');
    expect(rest).toEqual([]);
    expect(body).toMatchObject({
      type: 'interactive',
      to: TO,
      interactive: {
        type: 'button',
        body: { text: 'नमस्कार 🙏 पर्याय निवडा:' },
        action: { buttons: [{ type: 'reply', reply: { id: 'opt_1', title: 'सेवा' } }, { type: 'reply', reply: { id: 'opt_2', title: 'शासन निर्णय' } }] },
      },
    });
  });

  it('renders up to 10 options as a list with the button label in the citizen’s language', () => {
    const titles = ['महसूल', 'आरोग्य', 'शिक्षण', 'कृषी', 'पोलीस', 'नगर परिषद', 'जिल्हा परिषद'];
    const [body] = render({ kind: 'menu', body: 'विभाग निवडा', options: options(titles, (i) => `सेवा ${i + 1}`) }, 'mr');
    expect(body).toMatchObject({ type: 'interactive', interactive: { type: 'list', action: { button: 'पर्याय पहा' } } });
    const rows = (body as unknown as { interactive: { action: { sections: { rows: unknown[] }[] } } }).interactive.action.sections[0]?.rows;
    expect(rows).toHaveLength(7);
    expect(rows?.[6]).toEqual({ id: 'opt_7', title: 'जिल्हा परिषद', description: 'सेवा 7' });
  });

  it('uses a list (not buttons) for 3 options that have descriptions', () => {
    const [body] = render({ kind: 'menu', body: 'Choose', options: options(['A', 'B', 'C'], () => 'details') });
    expect(body).toMatchObject({ interactive: { type: 'list' } });
  });

  it('falls back to numbered text for more than 10 options, listing every one', () => {
    const titles = Array.from({ length: 12 }, (_, i) => `Service ${i + 1}`);
    const bodies = render({ kind: 'menu', body: 'Pick a service', options: options(titles) });
    expect(bodies).toHaveLength(1);
    const text = (bodies[0] as { text: { body: string } }).text.body;
    expect(text.startsWith('Pick a service\n\nReply with a number:\n1. Service 1\n')).toBe(true);
    expect(text).toContain('\n12. Service 12');
  });

  it('falls back to numbered text when a title is too long for a list row', () => {
    const [body] = render({ kind: 'menu', body: 'Pick', options: options(['Short', 'A title that is much longer than twenty-four']) });
    expect(body?.type).toBe('text');
  });

  it('falls back to numbered text when the body is over 1024 characters', () => {
    const [body] = render({ kind: 'menu', body: 'x'.repeat(1025), options: options(['A', 'B']) });
    expect(body?.type).toBe('text');
  });

  it('pages a huge numbered menu at 4096 characters without breaking an option line', () => {
    const titles = Array.from({ length: 300 }, (_, i) => `Government resolution number ${i + 1} of the revenue department`);
    const bodies = render({ kind: 'menu', body: 'Latest resolutions', options: options(titles) });
    expect(bodies.length).toBeGreaterThan(1);
    const texts = bodies.map((b) => (b as { text: { body: string } }).text.body);
    for (const t of texts) expect([...t].length).toBeLessThanOrEqual(4096);
    const lines = texts.flatMap((t) => t.split('\n')).filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(300);
    expect(lines[299]).toBe('300. Government resolution number 300 of the revenue department');
  });
});

describe('renderWhatsApp: text, pages, media', () => {
  it('splits text over 4096 characters at paragraph boundaries', () => {
    const paragraph = 'परिच्छेद '.repeat(200).trim();
    const text = Array.from({ length: 6 }, () => paragraph).join('\n\n');
    const bodies = render({ kind: 'text', text });
    expect(bodies.length).toBeGreaterThan(1);
    const parts = bodies.map((b) => (b as { text: { body: string } }).text.body);
    for (const p of parts) expect([...p].length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n\n')).toBe(text);
  });

  it('shows a page with one short link as a cta_url button', () => {
    const [body, ...rest] = render({
      kind: 'page',
      text: 'Income certificate',
      bullets: ['Aadhaar card', 'Ration card'],
      links: [{ label: 'Apply online', url: 'https://aaplesarkar.mahaonline.gov.in' }],
    });
    expect(rest).toEqual([]);
    expect(body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'cta_url',
        body: { text: 'Income certificate\n\n• Aadhaar card\n• Ration card' },
        action: { name: 'cta_url', parameters: { display_text: 'Apply online', url: 'https://aaplesarkar.mahaonline.gov.in' } },
      },
    });
  });

  it('puts several links (or a long link label) in the text with a preview', () => {
    const [two] = render({
      kind: 'page',
      text: 'Links',
      bullets: [],
      links: [
        { label: 'Portal', url: 'https://example.gov.in/a' },
        { label: 'Form', url: 'https://example.gov.in/b.pdf' },
      ],
    });
    expect(two).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'text',
      text: { body: 'Links\n\n🔗 Portal: https://example.gov.in/a\n🔗 Form: https://example.gov.in/b.pdf', preview_url: true },
    });
    const [long] = render({ kind: 'page', text: 'T', bullets: [], links: [{ label: 'A label longer than twenty', url: 'https://x.in' }] });
    expect(long?.type).toBe('text');
  });

  it('sends media by link with caption and file name', () => {
    expect(render({ kind: 'media', mediaType: 'image', url: 'https://x.in/a.jpg', caption: 'Map' })).toEqual([
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: 'image', image: { link: 'https://x.in/a.jpg', caption: 'Map' } },
    ]);
    const [doc] = render({ kind: 'media', mediaType: 'document', url: 'https://gr.maharashtra.gov.in/GR%201.pdf' });
    expect(doc).toMatchObject({ document: { link: 'https://gr.maharashtra.gov.in/GR%201.pdf', filename: 'GR 1.pdf' } });
  });
});

describe('renderWhatsApp: every menu validates', () => {
  it('produces bodies valid against the spec for arbitrary menus', () => {
    const title = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 1500 }).filter((s) => s.trim() !== ''),
        fc.array(fc.record({ title, description: fc.option(fc.string({ maxLength: 90 }), { nil: undefined }) }), { minLength: 1, maxLength: 14 }),
        fc.constantFrom('mr', 'hi', 'en'),
        (body, opts, lang) => {
          const menu: Outbound = {
            kind: 'menu',
            body,
            options: opts.map((o, i) => ({ id: `o${i}`, number: i + 1, title: `${i}${o.title}`, ...(o.description !== undefined ? { description: o.description } : {}) })),
          };
          for (const b of renderWhatsApp(menu, TO, lang)) expect(validate(b)).toBeUndefined();
        },
      ),
      { numRuns: 150 },
    );
  });
});
