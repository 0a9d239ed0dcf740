import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CallProvider, CallRequest } from '@samvad/runtime';
import { createRuntimeEngine } from '../src/chat/runtime-engine.js';
import { loadSource } from '../src/load/source.js';
import { App } from '../src/ui/App.js';
import { cellWidth } from '../src/ui/wrap.js';
import { renderOnScreen } from './support/screen.js';

/** Lines of a frame wider than the screen (by a generous count: the terminal would break them outside the bar). */
const overflowing = (frame: string, columns: number) => frame.split('\n').filter((line) => cellWidth(line) > columns);
const LONG_PROBLEM = 'गेल्या सोमवारपासून आमच्या गल्लीतील रस्त्यावर पाणी साचले आहे आणि नाल्याचे पाणी घरात येत आहे, लवकर मदत करा';

const ROOT = join(import.meta.dirname, 'fixtures', 'grievance', 'bot.flow');
const ENTER = '\r';
const tick = () => new Promise((r) => setTimeout(r, 15));

function engine(callers: Record<string, CallProvider>) {
  const loaded = loadSource(ROOT);
  if (!loaded.ok) throw new Error(loaded.rendered);
  return createRuntimeEngine(loaded.graph, { providers: {}, callers, now: () => 1_700_000_000_000 });
}

/** The simulator on an 80 × 24 terminal (the smallest common size). */
function simulate(callers: Record<string, CallProvider>) {
  const screen = renderOnScreen(<App engine={engine(callers)} />, 80, 24);
  const send = async (text: string) => {
    screen.stdin.write(text);
    await tick();
    screen.stdin.write(ENTER);
    await tick();
  };
  return { ...screen, send };
}

describe('the simulator shows media, links, calls and what the citizen sends', () => {
  it('walks a grievance in Marathi at 80×24', async () => {
    const seen: CallRequest[] = [];
    const { frame, send, unmount } = simulate({
      grievances: async (request) => {
        seen.push(request);
        return { ok: true, answer: { reference: 'JAL-2026-0042' } };
      },
    });
    await vi.waitFor(() => expect(frame()).toContain('तक्रार निवारण'));
    await send('1');
    await vi.waitFor(() => expect(frame()).toContain('समस्या थोडक्यात लिहा'));
    await send(LONG_PROBLEM);
    await vi.waitFor(() => expect(frame()).toContain('समस्येचा फोटो पाठवा'));
    // The citizen's own long Devanagari line is wrapped inside its bar, not by the terminal.
    expect(overflowing(frame(), 80)).toEqual([]);
    await send('/photo साचलेले पाणी');
    await vi.waitFor(() => expect(frame()).toContain('[🖼 photo: साचलेले पाणी]'));
    await vi.waitFor(() => expect(frame()).toContain('ठिकाण पाठवा'));
    await send('/location 19.84,75.88 जालना');
    await vi.waitFor(() => expect(frame()).toContain('संदर्भ क्रमांक'));
    const shown = frame();
    expect(shown).toContain('[📍 location 19.84, 75.88 जालना]');
    expect(shown).toContain('  ⇄ call grievances');
    expect(shown).toContain('      problem: गेल्या सोमवारपासून');
    expect(shown).toContain('      photo: sim-media-1');
    expect(shown).toContain('    → answered reference: JAL-2026-0042');
    expect(shown).toContain('संदर्भ क्रमांक: JAL-2026-0042');
    expect(overflowing(shown, 80)).toEqual([]);
    // The call's lines come before the replies it led to.
    expect(shown.indexOf('⇄ call grievances')).toBeLessThan(shown.indexOf('संदर्भ क्रमांक'));
    expect(seen.map((r) => r.fields)).toEqual([{ problem: LONG_PROBLEM, photo: 'sim-media-1', place: '19.84,75.88 जालना' }]);
    unmount();
  });

  it('a call with no answer fails visibly, naming the endpoint, and the flow takes its fallback', async () => {
    const loaded = loadSource(ROOT);
    if (!loaded.ok) throw new Error(loaded.rendered);
    const bot = createRuntimeEngine(loaded.graph, { providers: {}, now: () => 1_700_000_000_000, lang: 'en', noCaller: (e) => `no canned answer for endpoint "${e}"` });
    const { frame, stdin, unmount } = renderOnScreen(<App engine={bot} />, 80, 24);
    const send = async (text: string) => {
      stdin.write(text);
      await tick();
      stdin.write(ENTER);
      await tick();
    };
    await vi.waitFor(() => expect(frame()).toContain('Grievances'));
    await send('1');
    await vi.waitFor(() => expect(frame()).toContain('Describe the problem'));
    await send('Broken pipe');
    await vi.waitFor(() => expect(frame()).toContain('Send a photo'));
    await send('/document complaint.pdf my letter');
    await vi.waitFor(() => expect(frame()).toContain('[📄 document complaint.pdf: my letter]'));
    await vi.waitFor(() => expect(frame()).toContain('Please send a photo'));
    await send('/photo');
    await vi.waitFor(() => expect(frame()).toContain('Share the place'));
    await send('/location 100,75');
    await vi.waitFor(() => expect(frame()).toContain('latitude 100 is out of range'));
    await send('/location 19.84, 75.88');
    await vi.waitFor(() => expect(frame()).toContain('could not be sent now'));
    expect(frame()).toContain('→ failed (error): no canned answer for endpoint "grievances"');
    expect(frame()).toContain('photo: sim-media-2');
    unmount();
  });

  it('/help lists the commands that send a photo, a document, a location and a contact', async () => {
    const { frame, send, unmount } = simulate({});
    await vi.waitFor(() => expect(frame()).toContain('तक्रार निवारण'));
    await send('/help');
    await vi.waitFor(() => expect(frame()).toContain('send: /photo'));
    const shown = frame().replaceAll('\u00a0', ' ');
    expect(shown).toContain('/document name.pdf [caption]');
    expect(shown).toContain('/location lat,long [name]');
    expect(shown).toContain('/contact "Name" +91…');
    expect(shown).toContain('/lang <code>');
    expect(overflowing(shown, 80)).toEqual([]);
    unmount();
  });

  it('shows a page of media and a link button', async () => {
    const { frame, send, unmount } = simulate({});
    await vi.waitFor(() => expect(frame()).toContain('तक्रार निवारण'));
    await send('2');
    await vi.waitFor(() => expect(frame()).toContain('[🔗 GR उघडा (PDF) → https://example.gov.in/gr/2026-water.pdf]'));
    const shown = frame();
    expect(shown).toContain('[🖼 image: जिल्हाधिकारी कार्यालय, जालना]');
    expect(shown).toContain('https://example.gov.in/img/office.jpg');
    expect(shown).toContain('[📄 document arj.pdf: अर्जाचा नमुना]');
    expect(overflowing(shown, 80)).toEqual([]);
    unmount();
  });
});
