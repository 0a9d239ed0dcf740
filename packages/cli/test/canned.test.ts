import { describe, expect, it } from 'vitest';
import { cannedProvider, cannedResult, parseCannedData } from '../src/sources/canned.js';

describe('canned data sources', () => {
  it('reads rows and failures', () => {
    const parsed = parseCannedData({
      maharashtra_gr: [{ id: 'gr1', fields: { title: 'GR 1', url: 'https://gr.example/1.pdf' } }],
      slow: { error: 'timeout' },
    });
    if (!('data' in parsed)) throw new Error(parsed.error);
    expect(cannedResult(parsed.data, 'maharashtra_gr')).toEqual({
      ok: true,
      items: [{ id: 'gr1', fields: { title: 'GR 1', url: 'https://gr.example/1.pdf' } }],
    });
    expect(cannedResult(parsed.data, 'slow')).toEqual({ ok: false, reason: 'timeout' });
    expect(cannedResult(parsed.data, 'other')).toEqual({ ok: false, reason: 'error', detail: 'no canned data for source "other"' });
  });

  it('names the bad entry', () => {
    expect(parseCannedData({ gr: [{ id: 'x', fields: { n: 3 } }] })).toEqual({ error: '"gr"[0].fields.n must be a string' });
    expect(parseCannedData({ gr: { error: 'boom' } })).toEqual({ error: '"gr" must be an array of rows or { "error": "timeout" | "error" }' });
  });

  it('a canned timeout waits for the abort, as a slow source would', async () => {
    const controller = new AbortController();
    const pending = cannedProvider({ ok: false, reason: 'timeout' })({}, controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow('canned timeout');
  });
});
