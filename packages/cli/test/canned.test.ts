import { describe, expect, it } from 'vitest';
import { cannedCall, cannedCallers, cannedProvider, cannedResult, parseCannedData } from '../src/sources/canned.js';
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
    expect(parseCannedData({ gr: { error: 'boom' } })).toEqual({
      error: '"gr" must be an array of rows, { "answer": { … } } or { "error": "timeout" | "error" | "rejected" }',
    });
    expect(parseCannedData({ grievances: { answer: 'GRV-1' } })).toEqual({
      error: '"grievances".answer must be a JSON object, e.g. { "reference": "GRV-1" } (the endpoint\'s answer)',
    });
    expect(parseCannedData({ grievances: { answer: {}, error: 'timeout' } })).toEqual({ error: '"grievances" has both "answer" and "error"; keep one' });
  });

  it('reads call answers by endpoint next to the sources; a failure fits either, rejected only endpoints', () => {
    const parsed = parseCannedData({
      maharashtra_gr: [],
      grievances: { answer: { reference: 'JAL-2026-0001', status: 'open', data: { ward: 4 } } },
      slow: { error: 'timeout' },
      refusing: { error: 'rejected', detail: '422 unknown department' },
    });
    if ('error' in parsed) throw new Error(parsed.error);
    expect(cannedCall(parsed.calls, 'grievances')).toEqual({ ok: true, answer: { reference: 'JAL-2026-0001', status: 'open', data: { ward: 4 } } });
    expect(cannedCall(parsed.calls, 'slow')).toEqual({ ok: false, reason: 'timeout' });
    expect(cannedResult(parsed.data, 'slow')).toEqual({ ok: false, reason: 'timeout' });
    expect(cannedCall(parsed.calls, 'refusing')).toEqual({ ok: false, reason: 'rejected', detail: '422 unknown department' });
    expect(Object.keys(parsed.data)).toEqual(['maharashtra_gr', 'slow']);
    expect(cannedCall(parsed.calls, 'appointments')).toEqual({
      ok: false,
      reason: 'error',
      detail: 'no canned answer for endpoint "appointments" (add "appointments": { "answer": { … } } to the data file)',
    });
  });

  it('canned callers answer at once, a timeout included (the simulator does not wait it out)', async () => {
    const callers = cannedCallers({ slow: { ok: false, reason: 'timeout' }, grievances: { ok: true, answer: { reference: 'R1' } } });
    const request = { id: 'c1', endpoint: 'slow', node: 'submit', fields: {}, timeoutMs: 60_000 };
    await expect(callers['slow']?.(request, new AbortController().signal)).resolves.toEqual({ ok: false, reason: 'timeout' });
    await expect(callers['grievances']?.({ ...request, endpoint: 'grievances' }, new AbortController().signal)).resolves.toEqual({ ok: true, answer: { reference: 'R1' } });
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
