/** `previewOf` on Cloud API bodies serve does not produce for Jalna Mitra today but WhatsApp accepts. */
import type { WhatsAppBody } from '@samvad/whatsapp';
import { describe, expect, it } from 'vitest';
import { bubbleTexts, previewOf } from '../src/shared/preview.js';

const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '919800000000' } as const;

describe('previewOf', () => {
  it('keeps every section of a list, its rows in order, with and without descriptions', () => {
    const body: WhatsAppBody = {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Choose a _service_' },
        action: {
          button: 'See options',
          sections: [
            { title: 'Revenue', rows: [{ id: 'r/income', title: 'Income certificate', description: 'Utpannacha dakhla' }, { id: 'r/caste', title: 'Caste certificate' }] },
            { title: 'Health', rows: [{ id: 'h/abha', title: 'ABHA card' }] },
          ],
        },
      },
    };
    const bubble = previewOf(body);
    expect(bubble).toEqual({
      kind: 'list',
      body: { raw: 'Choose a _service_', spans: [{ text: 'Choose a ', styles: [] }, { text: 'service', styles: ['italic'] }] },
      button: 'See options',
      sections: [
        { title: 'Revenue', rows: [{ id: 'r/income', title: 'Income certificate', description: 'Utpannacha dakhla' }, { id: 'r/caste', title: 'Caste certificate' }] },
        { title: 'Health', rows: [{ id: 'h/abha', title: 'ABHA card' }] },
      ],
    });
    expect(bubbleTexts(bubble)).toEqual({
      texts: ['Choose a _service_'],
      buttons: ['See options'],
      rows: ['Income certificate — Utpannacha dakhla', 'Caste certificate', 'ABHA card'],
    });
  });

  it('shows an image with no caption as a bare placeholder, and a text without preview_url as plain', () => {
    expect(previewOf({ ...base, type: 'image', image: { link: 'https://example.org/map.png' } })).toEqual({
      kind: 'media',
      mediaType: 'image',
      url: 'https://example.org/map.png',
    });
    expect(previewOf({ ...base, type: 'text', text: { body: 'Hello' } })).toEqual({
      kind: 'text',
      text: { raw: 'Hello', spans: [{ text: 'Hello', styles: [] }] },
      previewUrl: false,
    });
  });

  it('shows a video as a placeholder with its caption, and a document sent without a file name by the last part of its address', () => {
    expect(previewOf({ ...base, type: 'video', video: { link: 'https://example.org/how-to.mp4', caption: 'कसे भरावे' } })).toEqual({
      kind: 'media',
      mediaType: 'video',
      url: 'https://example.org/how-to.mp4',
      caption: { raw: 'कसे भरावे', spans: [{ text: 'कसे भरावे', styles: [] }] },
    });
    const document = previewOf({ ...base, type: 'document', document: { link: 'https://example.org/forms/arj%20form.pdf' } });
    expect(document).toEqual({ kind: 'media', mediaType: 'document', url: 'https://example.org/forms/arj%20form.pdf', filename: 'arj form.pdf' });
    expect(bubbleTexts(document)).toEqual({ texts: [], buttons: [], rows: [] });
  });
});
