import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderWhatsApp } from '@samvad/whatsapp';
import type { WhatsAppBody } from '@samvad/whatsapp';
import type { Outbound } from '@samvad/runtime';
import { outboundValidator } from './support/openapi.js';

const validate = outboundValidator();
const TO = '919876504321';
const ENVELOPE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO } as const;

/** Renders and checks every body against Meta's schemas (cta_url against its documented shape). */
const render = (outbound: Outbound): WhatsAppBody[] => {
  const bodies = renderWhatsApp(outbound, TO, 'mr');
  for (const body of bodies) expect(validate(body), JSON.stringify(body)).toBeUndefined();
  return bodies;
};
const textOf = (body: WhatsAppBody | undefined): string => (body as { text: { body: string } }).text.body;

describe('renderWhatsApp: media by link', () => {
  it('sends an image, a video and a document with their captions; the document with the block’s file name', () => {
    expect(render({ kind: 'media', mediaType: 'image', url: 'https://example.gov.in/a.jpg', caption: 'कॅप्शन' })).toEqual([
      { ...ENVELOPE, type: 'image', image: { link: 'https://example.gov.in/a.jpg', caption: 'कॅप्शन' } },
    ]);
    expect(render({ kind: 'media', mediaType: 'video', url: 'https://example.gov.in/how-to.mp4' })).toEqual([
      { ...ENVELOPE, type: 'video', video: { link: 'https://example.gov.in/how-to.mp4' } },
    ]);
    expect(render({ kind: 'media', mediaType: 'document', url: 'https://example.gov.in/f/form.pdf', filename: 'arj.pdf', caption: 'अर्जाचा नमुना' })).toEqual([
      { ...ENVELOPE, type: 'document', document: { link: 'https://example.gov.in/f/form.pdf', caption: 'अर्जाचा नमुना', filename: 'arj.pdf' } },
    ]);
  });

  it('names a document after its address when the block gives no name, and leaves the name out when the address has none', () => {
    const [named] = render({ kind: 'media', mediaType: 'document', url: 'https://gr.maharashtra.gov.in/GR%201.pdf?v=2#p3' });
    expect(named).toMatchObject({ document: { filename: 'GR 1.pdf' } });
    const [bare] = render({ kind: 'media', mediaType: 'document', url: 'https://gr.maharashtra.gov.in/' });
    expect(bare).toEqual({ ...ENVELOPE, type: 'document', document: { link: 'https://gr.maharashtra.gov.in/' } });
  });

  it('sends a caption of exactly 1024 characters with the media, a longer one as text right after it', () => {
    const at = 'अ'.repeat(1024);
    expect(render({ kind: 'media', mediaType: 'image', url: 'https://x.in/a.jpg', caption: at })).toEqual([
      { ...ENVELOPE, type: 'image', image: { link: 'https://x.in/a.jpg', caption: at } },
    ]);
    const over = `${'अ'.repeat(1024)}!`;
    const bodies = render({ kind: 'media', mediaType: 'video', url: 'https://x.in/v.mp4', caption: over });
    expect(bodies).toEqual([
      { ...ENVELOPE, type: 'video', video: { link: 'https://x.in/v.mp4' } },
      { ...ENVELOPE, type: 'text', text: { body: over } },
    ]);
  });

  it('leaves out an empty caption', () => {
    expect(render({ kind: 'media', mediaType: 'image', url: 'https://x.in/a.jpg', caption: '  ' })).toEqual([
      { ...ENVELOPE, type: 'image', image: { link: 'https://x.in/a.jpg' } },
    ]);
  });

  it('sends an address that is not https (from a variable at run time) as text with the address', () => {
    expect(render({ kind: 'media', mediaType: 'image', url: 'http://example.gov.in/a.jpg', caption: 'नकाशा' })).toEqual([
      { ...ENVELOPE, type: 'text', text: { body: 'नकाशा\n\n🔗 http://example.gov.in/a.jpg', preview_url: true } },
    ]);
    const [doc] = render({ kind: 'media', mediaType: 'document', url: 'ftp://example.gov.in/arj.pdf', filename: 'arj.pdf' });
    expect(textOf(doc)).toBe('🔗 arj.pdf: ftp://example.gov.in/arj.pdf');
    const [broken] = render({ kind: 'media', mediaType: 'video', url: 'https:// not a url' });
    expect(textOf(broken)).toBe('🔗 https:// not a url');
    const [empty] = render({ kind: 'media', mediaType: 'image', url: '' });
    expect(empty?.type).toBe('text');
  });
});

describe('renderWhatsApp: a button (cta_url)', () => {
  it('renders a button as an interactive cta_url', () => {
    expect(render({ kind: 'button', body: 'GR क्र. 123: पीक विमा', label: 'GR उघडा (PDF)', url: 'https://gr.maharashtra.gov.in/123.pdf' })).toEqual([
      {
        ...ENVELOPE,
        type: 'interactive',
        interactive: {
          type: 'cta_url',
          body: { text: 'GR क्र. 123: पीक विमा' },
          action: { name: 'cta_url', parameters: { display_text: 'GR उघडा (PDF)', url: 'https://gr.maharashtra.gov.in/123.pdf' } },
        },
      },
    ]);
  });

  it('uses the label as the body when there is no body', () => {
    const [body] = render({ kind: 'button', body: '', label: 'Open GR (PDF)', url: 'https://x.in/gr.pdf' });
    expect(body).toMatchObject({ interactive: { type: 'cta_url', body: { text: 'Open GR (PDF)' } } });
  });

  it.each([
    ['a label over 20 characters', { body: 'GR', label: 'Open the Government Resolution', url: 'https://x.in/gr.pdf' }],
    ['an http address', { body: 'GR', label: 'Open', url: 'http://x.in/gr.pdf' }],
    ['an address that is not a URL', { body: 'GR', label: 'Open', url: 'gr.pdf' }],
    ['an empty label', { body: 'GR', label: ' ', url: 'https://x.in/gr.pdf' }],
  ])('falls back to text "body, then 🔗 label: url" for %s', (_why, button) => {
    const bodies = render({ kind: 'button', ...button });
    expect(bodies.every((b) => b.type === 'text')).toBe(true);
    const text = bodies.map(textOf).join('\n\n');
    const link = button.label.trim() === '' ? `🔗 ${button.url}` : `🔗 ${button.label}: ${button.url}`;
    expect(text).toBe(`${button.body}\n\n${link}`);
  });
});

describe('renderWhatsApp: a button under a long page text', () => {
  const ctaText = (body: WhatsAppBody | undefined) => (body as { interactive: { body: { text: string } } }).interactive.body.text;

  it('a body of exactly 1024 characters is one cta_url', () => {
    const body = `${'ब'.repeat(600)}\n\n${'क'.repeat(422)}`;
    expect([...body].length).toBe(1024);
    const bodies = render({ kind: 'button', body, label: 'GR उघडा (PDF)', url: 'https://x.in/gr.pdf' });
    expect(bodies).toHaveLength(1);
    expect(ctaText(bodies[0])).toBe(body);
  });

  it('a longer body keeps its button: the start as text first, then the end (≤ 1024, cut at a paragraph) with the button', () => {
    const body = `${'ब'.repeat(600)}\n\n${'क'.repeat(423)}`; // 1025 characters
    const bodies = render({ kind: 'button', body, label: 'GR उघडा (PDF)', url: 'https://x.in/gr.pdf' });
    expect(bodies.map((b) => b.type)).toEqual(['text', 'interactive']);
    expect(textOf(bodies[0])).toBe('ब'.repeat(600));
    expect(ctaText(bodies[1])).toBe('क'.repeat(423));
    expect(bodies[1]).toMatchObject({ interactive: { type: 'cta_url', action: { parameters: { display_text: 'GR उघडा (PDF)', url: 'https://x.in/gr.pdf' } } } });
  });

  it('a body with no paragraph to cut at is cut at a line, then a space, and never sent over 1024', () => {
    const words = Array.from({ length: 400 }, (_, i) => `शब्द${i}`).join(' '); // one line, about 2,800 characters
    const bodies = render({ kind: 'button', body: words, label: 'Open', url: 'https://x.in/gr.pdf' });
    const last = bodies[bodies.length - 1];
    expect(last?.type).toBe('interactive');
    expect([...ctaText(last)].length).toBeLessThanOrEqual(1024);
    expect([...bodies.slice(0, -1).map(textOf), ctaText(last)].join(' ')).toBe(words);
  });

  it('a body over 1024 with a label over 20 characters is text with the address, as before', () => {
    const bodies = render({ kind: 'button', body: 'ब'.repeat(1025), label: 'Open the Government Resolution', url: 'https://x.in/gr.pdf' });
    expect(bodies.every((b) => b.type === 'text')).toBe(true);
    expect(bodies.map(textOf).join('\n\n')).toBe(`${'ब'.repeat(1025)}\n\n🔗 Open the Government Resolution: https://x.in/gr.pdf`);
  });
});

describe('renderWhatsApp: every media and cta_url body validates', () => {
  const words = fc.string({ maxLength: 1300, unit: fc.constantFrom('a', 'अ', ' ', '\n', '🙏', 'é', '1') });
  const url = fc.oneof(
    fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }),
    fc.webUrl({ validSchemes: ['http'] }),
    fc.constantFrom('', 'gr.pdf', 'https://', 'https:// x', 'mailto:a@b.in'),
  );

  it('media: a media message by https link (caption ≤ 1024) or text carrying the address', () => {
    fc.assert(
      fc.property(fc.constantFrom('image', 'document', 'video') as fc.Arbitrary<'image' | 'document' | 'video'>, url, fc.option(words, { nil: undefined }), fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), (mediaType, link, caption, filename) => {
        const bodies = renderWhatsApp(
          { kind: 'media', mediaType, url: link, ...(caption !== undefined ? { caption } : {}), ...(filename !== undefined ? { filename } : {}) },
          TO,
          'en',
        );
        expect(bodies.length).toBeGreaterThan(0);
        for (const b of bodies) expect(validate(b), JSON.stringify(b)).toBeUndefined();
        const [first] = bodies;
        if (first?.type === 'image' || first?.type === 'video' || first?.type === 'document') {
          const object = first.type === 'image' ? first.image : first.type === 'video' ? first.video : first.document;
          expect(object.link).toBe(link);
          expect(new URL(object.link).protocol).toBe('https:');
          expect([...(object.caption ?? '')].length).toBeLessThanOrEqual(1024);
        } else {
          expect(bodies.map(textOf).join('\n\n')).toContain(link);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('buttons: a cta_url within Meta’s limits with an https address, or text carrying the address', () => {
    fc.assert(
      fc.property(words, fc.string({ maxLength: 30 }), url, (body, label, link) => {
        const bodies = renderWhatsApp({ kind: 'button', body, label, url: link }, TO, 'hi');
        for (const b of bodies) expect(validate(b), JSON.stringify(b)).toBeUndefined();
        const last = bodies[bodies.length - 1];
        expect(bodies.slice(0, -1).every((b) => b.type === 'text')).toBe(true);
        if (last?.type === 'interactive') {
          const cta = last.interactive as { body: { text: string }; action: { parameters: { display_text: string; url: string } } };
          expect(new URL(cta.action.parameters.url).protocol).toBe('https:');
          expect([...cta.body.text].length).toBeLessThanOrEqual(1024);
          expect([...cta.action.parameters.display_text].length).toBeLessThanOrEqual(20);
        } else {
          expect(bodies.map(textOf).join('\n\n')).toContain(link);
        }
      }),
      { numRuns: 300 },
    );
  });
});
