import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createRuntimeEngine } from '../src/chat/runtime-engine.js';
import { loadSource } from '../src/load/source.js';
import { App } from '../src/ui/App.js';
import { isMouseReport, scrolled, topLine, wheelNotches } from '../src/ui/scroll.js';
import type { PaneLayout } from '../src/ui/scroll.js';
import { cellWidth } from '../src/ui/wrap.js';
import { renderOnScreen } from './support/screen.js';

const JALNA = join(import.meta.dirname, '..', '..', '..', 'flows', 'jalna-mitra.flow');
const ENTER = '\r';
const DOWN = '\u001B[B';
const PAGE_UP = '\u001B[5~';
const PAGE_DOWN = '\u001B[6~';
const WHEEL_UP = '\u001B[<64;20;5M';
const WHEEL_DOWN = '\u001B[<65;20;5M';
const tick = () => new Promise((r) => setTimeout(r, 15));
/** How long a screen may take to settle on a busy machine (a bound, not a measurement). */
const SETTLE = { timeout: 10_000 };

/** `npm start`'s simulator on Jalna Mitra, on a standard 80 × 24 terminal. */
function jalnaAt80x24() {
  const loaded = loadSource(JALNA);
  if (!loaded.ok) throw new Error(loaded.rendered);
  const engine = createRuntimeEngine(loaded.graph, { providers: {}, now: () => 1_700_000_000_000 });
  const screen = renderOnScreen(<App engine={engine} />, 80, 24);
  const press = async (key: string) => {
    screen.stdin.write(key);
    await tick();
  };
  const send = async (text: string) => {
    for (const key of [...text]) await press(key);
    await press(ENTER);
  };
  return { ...screen, press, send };
}

/** The screen's lines, which must fit the terminal: at most 24 lines, none wider than 80 columns. */
function lines(frame: string): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = frame.replace(/\u001B\[[0-9;]*m/g, '').split('\n');
  expect(plain.length).toBeLessThanOrEqual(24);
  for (const line of plain) expect(cellWidth(line), line).toBeLessThanOrEqual(80);
  return plain;
}

describe('the simulator at 80×24 scrolls', () => {
  it('after "उत्पन्न" the page opens at its top, and PgDn brings the document list and the buttons', async () => {
    const ui = jalnaAt80x24();
    await vi.waitFor(() => expect(ui.frame()).toContain('पर्याय पहा'), SETTLE);
    await ui.send('उत्पन्न');
    // The newest message is shown from its top (before: only its last lines, the "What next?" buttons).
    await vi.waitFor(() => {
      const opened = lines(ui.frame()).join('\n');
      expect(opened).toContain('📄 उत्पन्नाचे प्रमाणपत्र (उत्पन्नाचा दाखला)');
      expect(opened).toContain('लागणारी कागदपत्रे:');
      expect(opened).toMatch(/↓ \d+ lines below — PgUp\/PgDn, mouse wheel/);
      expect(opened).not.toContain('पुढे काय?');
    }, SETTLE);
    await ui.press(PAGE_DOWN);
    await vi.waitFor(() => expect(ui.frame()).toContain('• अर्जदार अल्पवयीन असल्यास वयाचा पुरावा'), SETTLE);
    const paged = lines(ui.frame()).join('\n');
    expect(paged).toContain('• स्वयंघोषणापत्र (अनिवार्य)');
    expect(paged).toContain('🔗 आपले सरकारवर अर्ज: https://aaplesarkar.mahaonline.gov.in');
    expect(paged).toContain('पुढे काय?');
    expect(paged).toContain('[ 1 मागे ]  [ 2 मुख्य मेनू ]');
    ui.unmount();
  });

  it('PgUp and the mouse wheel scroll back to the welcome message, and down again', async () => {
    const ui = jalnaAt80x24();
    await vi.waitFor(() => expect(ui.frame()).toContain('पर्याय पहा'), SETTLE);
    await ui.send('उत्पन्न');
    await vi.waitFor(() => {
      expect(ui.frame()).toContain('📄 उत्पन्नाचे प्रमाणपत्र');
      expect(ui.frame()).not.toContain('जालना मित्र मध्ये आपले स्वागत आहे');
    }, SETTLE);
    await ui.press(PAGE_UP);
    await vi.waitFor(() => expect(ui.frame()).toContain('जालना मित्र मध्ये आपले स्वागत आहे'), SETTLE);
    lines(ui.frame());
    for (let i = 0; i < 12; i += 1) await ui.press(WHEEL_DOWN);
    await vi.waitFor(() => {
      expect(ui.frame()).toContain('पुढे काय?');
      expect(ui.frame()).not.toContain('जालना मित्र मध्ये आपले स्वागत आहे');
    }, SETTLE);
    for (let i = 0; i < 12; i += 1) await ui.press(WHEEL_UP);
    await vi.waitFor(() => expect(ui.frame()).toContain('जालना मित्र मध्ये आपले स्वागत आहे'), SETTLE);
    // The wheel's reports are never typed into the input line.
    expect(ui.frame()).not.toContain('[<6');
    ui.unmount();
  });

  it('an open list taller than the screen keeps the selected row in sight as the arrows move', async () => {
    const ui = jalnaAt80x24();
    await vi.waitFor(() => expect(ui.frame()).toContain('पर्याय पहा'), SETTLE);
    await ui.send('1');
    await vi.waitFor(() => expect(ui.frame()).toContain('node: departments'), SETTLE);
    await ui.press(ENTER);
    await vi.waitFor(() => expect(ui.frame()).toContain('› 1 महसूल विभाग'), SETTLE);
    expect(lines(ui.frame()).join('\n')).toContain('🏛️ जालना मित्र — विभाग निवडा:');
    for (let i = 0; i < 9; i += 1) await ui.press(DOWN);
    await vi.waitFor(() => expect(ui.frame()).toContain('› 10 इतर विभाग'), SETTLE);
    expect(lines(ui.frame()).join('\n')).toContain('समाज कल्याण, सूक्ष्म व लघु उद्योग (MSME)');
    ui.unmount();
  });
});

describe('the pane window (pure)', () => {
  const layout: PaneLayout = { tops: new Map([[0, 0], [1, 10], [2, 14]]), total: 60 };

  it('follows the bottom, opens a turn at its first entry, and scrolls within the conversation', () => {
    expect(topLine({ kind: 'follow' }, layout, 20)).toBe(40);
    expect(topLine({ kind: 'entry', entry: 1 }, layout, 20)).toBe(10);
    // A turn that fits below its first line is shown whole at the bottom.
    expect(topLine({ kind: 'entry', entry: 2 }, { tops: layout.tops, total: 30 }, 20)).toBe(10);
    expect(scrolled({ kind: 'entry', entry: 1 }, layout, 20, -18)).toEqual({ kind: 'at', top: 0 });
    expect(scrolled({ kind: 'at', top: 30 }, layout, 20, 18)).toEqual({ kind: 'follow' });
    expect(topLine({ kind: 'choice' }, { ...layout, selected: { top: 25, height: 2 } }, 20)).toBe(24);
    expect(topLine({ kind: 'choice' }, { ...layout, selected: { top: 50, height: 2 } }, 20)).toBe(40);
  });

  it('reads wheel notches from SGR mouse reports', () => {
    expect(wheelNotches('[<64;10;5M[<64;10;5M')).toBe(-2);
    expect(wheelNotches('\u001B[<65;1;1M')).toBe(1);
    expect(isMouseReport('[<64;10;5M')).toBe(true);
    expect(isMouseReport('64')).toBe(false);
  });
});
