/** The file name a document shows when none was given: one rule for serve, the simulator and the studio. */
import { describe, expect, it } from 'vitest';
import { fileNameOfUrl } from '../src/index.js';

describe('fileNameOfUrl', () => {
  it('takes the last part of the path, decoded, without the query or fragment', () => {
    expect(fileNameOfUrl('https://gr.maharashtra.gov.in/Site/Upload/GR%201.pdf?x=1#p2')).toBe('GR 1.pdf');
    expect(fileNameOfUrl('https://example.gov.in/forms/arj%20form.pdf')).toBe('arj form.pdf');
    expect(fileNameOfUrl('https://example.gov.in/forms/')).toBe('forms');
  });
  it('keeps a segment with a stray % as written, reads an address that is not a URL, and has none for a bare host', () => {
    expect(fileNameOfUrl('https://example.gov.in/100%.pdf')).toBe('100%.pdf');
    expect(fileNameOfUrl('{gr.url}/अर्ज.pdf')).toBe('अर्ज.pdf');
    expect(fileNameOfUrl('https://example.gov.in/')).toBeUndefined();
  });
});
