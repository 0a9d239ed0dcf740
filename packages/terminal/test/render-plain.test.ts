import { describe, expect, it } from 'vitest';
import type { Outbound, OutboundOption } from '@samvad/runtime';
import { renderPlain } from '../src/index.js';

const option = (number: number, title: string, description?: string): OutboundOption => ({
  id: `o${number}`,
  number,
  title,
  ...(description === undefined ? {} : { description }),
});

describe('renderPlain', () => {
  it('shows a text message as it is', () => {
    expect(renderPlain({ kind: 'text', text: 'नमस्कार 🙏\nदुसरी ओळ' })).toBe('नमस्कार 🙏\nदुसरी ओळ');
  });

  it('shows up to three short options as reply buttons', () => {
    const menu: Outbound = {
      kind: 'menu',
      body: 'नमस्कार 🙏 *जालना मित्र* मध्ये आपले स्वागत आहे. पर्याय निवडा:',
      options: [option(1, 'जालना मित्र'), option(2, 'शासन निर्णय')],
    };
    expect(renderPlain(menu)).toBe(
      'नमस्कार 🙏 *जालना मित्र* मध्ये आपले स्वागत आहे. पर्याय निवडा:\n\n[ 1 जालना मित्र ]  [ 2 शासन निर्णय ]',
    );
  });

  it('shows options with descriptions as a list behind its button, rows opened', () => {
    const menu: Outbound = {
      kind: 'menu',
      body: 'Choose a department:',
      options: [option(1, 'Revenue', 'Certificates and land records'), option(2, 'Health')],
    };
    expect(renderPlain(menu, { lang: 'en' })).toBe(
      'Choose a department:\n\n☰ See options\n  1 Revenue\n    Certificates and land records\n  2 Health',
    );
  });

  it('labels the list button in the conversation language unless told otherwise', () => {
    const menu: Outbound = { kind: 'menu', body: 'विभाग निवडा:', options: [option(1, 'महसूल', 'दाखले')] };
    expect(renderPlain(menu, { lang: 'mr' })).toContain('☰ पर्याय पहा');
    expect(renderPlain(menu, { lang: 'mr', listButton: 'विभाग' })).toContain('☰ विभाग');
  });

  it('shows four short options without descriptions as a list', () => {
    const menu: Outbound = { kind: 'menu', body: 'Pick:', options: [1, 2, 3, 4].map((n) => option(n, `Item ${n}`)) };
    expect(renderPlain(menu, { lang: 'en' })).toBe('Pick:\n\n☰ See options\n  1 Item 1\n  2 Item 2\n  3 Item 3\n  4 Item 4');
  });

  it('shows more than ten options as numbered text', () => {
    const options = Array.from({ length: 11 }, (_, i) => option(i + 1, `सेवा ${i + 1}`));
    const text = renderPlain({ kind: 'menu', body: 'सेवा निवडा:', options });
    expect(text.split('\n')).toEqual(['सेवा निवडा:', '', ...options.map((o) => `${o.number}. ${o.title}`)]);
  });

  it('falls back to numbered text when a title is too long for a list row', () => {
    const long = 'उत्पन्नाचा दाखला (तहसील कार्यालय)'; // 33 code points > 24
    const text = renderPlain({ kind: 'menu', body: 'निवडा:', options: [option(1, long, 'तहसील'), option(2, 'इतर')] });
    expect(text).toBe(`निवडा:\n\n1. ${long} — तहसील\n2. इतर`);
  });

  it('shows a page as paragraphs, bullets and links', () => {
    const page: Outbound = {
      kind: 'page',
      text: 'उत्पन्नाचा दाखला\n\n💰 शुल्क: ₹ 33',
      bullets: ['आधार कार्ड', 'रेशन कार्ड'],
      links: [{ label: 'आपले सरकार', url: 'https://aaplesarkar.mahaonline.gov.in' }],
    };
    expect(renderPlain(page)).toBe(
      'उत्पन्नाचा दाखला\n\n💰 शुल्क: ₹ 33\n\n• आधार कार्ड\n• रेशन कार्ड\n\n🔗 आपले सरकार: https://aaplesarkar.mahaonline.gov.in',
    );
  });

  it('leaves out the empty parts of a page', () => {
    const page: Outbound = { kind: 'page', text: '', bullets: [], links: [{ label: 'GR', url: 'https://gr.maharashtra.gov.in' }] };
    expect(renderPlain(page)).toBe('🔗 GR: https://gr.maharashtra.gov.in');
  });

  it('shows media as a placeholder with its caption over its address', () => {
    const document: Outbound = { kind: 'media', mediaType: 'document', url: 'https://example.org/gr.pdf', caption: 'शासन निर्णय', filename: 'gr-2026.pdf' };
    expect(renderPlain(document)).toBe('[📄 document gr-2026.pdf: शासन निर्णय]\nhttps://example.org/gr.pdf');
    const unnamed: Outbound = { kind: 'media', mediaType: 'document', url: 'https://example.org/forms/arj%20form.pdf' };
    expect(renderPlain(unnamed)).toBe('[📄 document arj form.pdf]\nhttps://example.org/forms/arj%20form.pdf');
    const image: Outbound = { kind: 'media', mediaType: 'image', url: 'https://example.org/a.jpg', caption: 'कार्यालय' };
    expect(renderPlain(image)).toBe('[🖼 image: कार्यालय]\nhttps://example.org/a.jpg');
    expect(renderPlain({ kind: 'media', mediaType: 'video', url: 'https://example.org/how.mp4' })).toBe('[🎬 video]\nhttps://example.org/how.mp4');
  });

  it('shows a tappable link as its body over the button', () => {
    const button: Outbound = { kind: 'button', body: 'GR: पाणीपुरवठा योजना', label: 'GR उघडा (PDF)', url: 'https://gr.example/1.pdf' };
    expect(renderPlain(button)).toBe('GR: पाणीपुरवठा योजना\n\n[🔗 GR उघडा (PDF) → https://gr.example/1.pdf]');
  });
});
