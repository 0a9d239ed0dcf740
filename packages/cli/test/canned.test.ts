import { describe, expect, it } from 'vitest';
import { cannedProvider, cannedResult, parseCannedData } from '../src/sources/canned.js';
import { liveProviders, sourceProviders } from '../src/sources/registry.js';

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

describe('sourceProviders', () => {
  it('canned mode uses only canned results; live mode adds the live maharashtra_gr provider', async () => {
    const canned = { maharashtra_gr: { ok: true as const, items: [{ id: 'a', fields: { title: 'A' } }] } };
    const cannedOnly = sourceProviders('canned', canned);
    expect(Object.keys(cannedOnly)).toEqual(['maharashtra_gr']);
    await expect(cannedOnly['maharashtra_gr']?.({}, new AbortController().signal)).resolves.toEqual([{ id: 'a', fields: { title: 'A' } }]);
    const live = sourceProviders('live', {}, { other: async () => [] });
    expect(Object.keys(live)).toEqual(['other']);
    expect(Object.keys(liveProviders())).toEqual(['maharashtra_gr']);
  });
});
