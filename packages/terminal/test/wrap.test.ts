import { describe, expect, it } from 'vitest';
import { cellWidth, wrapText } from '../src/ui/wrap.js';

describe('wrapping for the terminal', () => {
  it('counts Devanagari vowel signs and viramas as columns, as terminals draw them', () => {
    expect(cellWidth('जालना मित्र')).toBe(11);
    expect(cellWidth('Jalna')).toBe(5);
  });

  it('counts pictographs as two columns and joiners as none', () => {
    expect(cellWidth('🙏')).toBe(2);
    expect(cellWidth('क्\u200Dष')).toBe(3);
  });

  it('wraps long Devanagari lines at spaces so no line exceeds the width', () => {
    const text = 'उत्पन्नाचा पुरावा (कोणताही एक): आयकर विवरणपत्र, फॉर्म 16 (पगारदार), मंडळ अधिकारी अहवाल';
    const lines = wrapText(text, 30).split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(cellWidth(line)).toBeLessThanOrEqual(30);
    expect(lines.join(' ')).toBe(text);
  });

  it('keeps existing line breaks and short lines as they are', () => {
    expect(wrapText('नमस्कार 🙏\nदुसरी ओळ', 40)).toBe('नमस्कार 🙏\nदुसरी ओळ');
  });

  it('cuts a word longer than the line into pieces that fit', () => {
    const lines = wrapText('https://aaplesarkar.mahaonline.gov.in/en/Login/Certificate_Documents', 20).split('\n');
    for (const line of lines) expect(cellWidth(line)).toBeLessThanOrEqual(20);
    expect(lines.join('')).toBe('https://aaplesarkar.mahaonline.gov.in/en/Login/Certificate_Documents');
  });

  it('never starts a cut piece of a Devanagari word with a vowel sign', () => {
    const lines = wrapText('प्रमाणपत्रप्रमाणपत्रप्रमाणपत्र', 8).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).not.toMatch(/^\p{M}/u);
    expect(lines.join('')).toBe('प्रमाणपत्रप्रमाणपत्रप्रमाणपत्र');
  });
});
