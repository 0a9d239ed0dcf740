/** WhatsApp's inline formatting as the phone preview draws it. */
import { describe, expect, it } from 'vitest';
import { formatText, plainText } from '../src/shared/preview-format.js';

const spans = (text: string) => formatText(text).spans;

describe('WhatsApp formatting in the preview', () => {
  it('draws *bold*, _italic_, ~strike~ and ```mono``` without their markers', () => {
    expect(spans('नमस्कार 🙏 *जालना मित्र* मध्ये')).toEqual([
      { text: 'नमस्कार 🙏 ', styles: [] },
      { text: 'जालना मित्र', styles: ['bold'] },
      { text: ' मध्ये', styles: [] },
    ]);
    expect(spans('_soon_ ~old~ ```x = 1```')).toEqual([
      { text: 'soon', styles: ['italic'] },
      { text: ' ', styles: [] },
      { text: 'old', styles: ['strike'] },
      { text: ' ', styles: [] },
      { text: 'x = 1', styles: ['mono'] },
    ]);
  });

  it('nests styles and parses nothing inside ```mono```', () => {
    expect(spans('*_both_*')).toEqual([{ text: 'both', styles: ['bold', 'italic'] }]);
    expect(spans('```*not bold*```')).toEqual([{ text: '*not bold*', styles: ['mono'] }]);
  });

  it('leaves markers as typed when they do not open or close a style', () => {
    for (const text of ['snake_case_name', '2 * 3 * 4', '*open only', 'a* b*', '* spaced *', '~']) {
      expect(plainText(formatText(text))).toBe(text);
      expect(spans(text).every((s) => s.styles.length === 0)).toBe(true);
    }
  });

  it('never carries a style over a line break', () => {
    expect(spans('*one\ntwo*')).toEqual([{ text: '*one\ntwo*', styles: [] }]);
    expect(spans('*one*\n_two_')).toEqual([
      { text: 'one', styles: ['bold'] },
      { text: '\n', styles: [] },
      { text: 'two', styles: ['italic'] },
    ]);
  });

  it('makes links tappable, without the sentence punctuation after them', () => {
    expect(spans('Apply at https://aaplesarkar.mahaonline.gov.in/en. Fee: ₹20')).toEqual([
      { text: 'Apply at ', styles: [] },
      { text: 'https://aaplesarkar.mahaonline.gov.in/en', styles: [], href: 'https://aaplesarkar.mahaonline.gov.in/en' },
      { text: '. Fee: ₹20', styles: [] },
    ]);
    expect(spans('🔗 *GR*: https://gr.maharashtra.gov.in/a_b_c.pdf')).toEqual([
      { text: '🔗 ', styles: [] },
      { text: 'GR', styles: ['bold'] },
      { text: ': ', styles: [] },
      { text: 'https://gr.maharashtra.gov.in/a_b_c.pdf', styles: [], href: 'https://gr.maharashtra.gov.in/a_b_c.pdf' },
    ]);
  });

  it('keeps the text as sent in `raw`', () => {
    const text = '*जालना मित्र*\n• आधार कार्ड';
    expect(formatText(text).raw).toBe(text);
    expect(plainText(formatText(text))).toBe('जालना मित्र\n• आधार कार्ड');
  });
});
