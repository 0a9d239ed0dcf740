import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { ReloadEvent, ReloadSource } from '../src/load/reload.js';
import { compileFlow } from '../src/load/compile.js';
import { App } from '../src/ui/App.js';
import { fakeEngine } from './support/fake-engine.js';

const ENTER = '\r';
const DOWN = '\u001B[B';
const UP = '\u001B[A';

/** A reload source the test fires by hand. */
function manualReloads(): { source: ReloadSource; fire: (event: ReloadEvent) => void } {
  let listener: ((event: ReloadEvent) => void) | undefined;
  return {
    source: (l) => {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
    fire: (event) => listener?.(event),
  };
}

function start(reloads?: ReloadSource) {
  const engine = fakeEngine();
  const ui = render(<App engine={engine} reloads={reloads} />);
  const frame = () => ui.lastFrame() ?? '';
  const type = async (keys: string) => {
    for (const key of [...keys]) {
      ui.stdin.write(key);
      await tick();
    }
  };
  const press = async (key: string) => {
    ui.stdin.write(key);
    await tick();
  };
  return { engine, ui, frame, type, press };
}

/** A real compiled graph to hand over on a successful reload. */
function miniGraph() {
  const compiled = compileFlow(join(import.meta.dirname, 'fixtures', 'mini', 'bot.flow'));
  if (!compiled.ok) throw new Error(compiled.rendered);
  return compiled.graph;
}

const tick = () => new Promise((r) => setTimeout(r, 15));

describe('the simulator UI', () => {
  it('renders the first menu as WhatsApp buttons with the status line', async () => {
    const { frame, ui } = start();
    await vi.waitFor(() => expect(frame()).toContain('नमस्कार 🙏 पर्याय निवडा:'));
    expect(frame()).toContain('›[ 1 जालना मित्र ]  [ 2 शासन निर्णय ]');
    expect(frame()).toContain('node: home');
    expect(frame()).toContain('lang: mr');
    ui.unmount();
  });

  it('typing 1 and Enter sends the text and shows the next node', async () => {
    const { frame, type, press, engine, ui } = start();
    await vi.waitFor(() => expect(frame()).toContain('जालना मित्र'));
    await type('1');
    await vi.waitFor(() => expect(frame()).toContain('› 1'));
    await press(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('विभाग निवडा:'));
    expect(engine.inbounds).toEqual([{ kind: 'text', text: '1' }]);
    await vi.waitFor(() => expect(frame()).toContain('☰ पर्याय पहा'));
    await vi.waitFor(() => expect(frame()).toContain('node: services'));
    ui.unmount();
  });

  it('arrow down and Enter taps the second choice with its reply id', async () => {
    const { frame, press, engine, ui } = start();
    await vi.waitFor(() => expect(frame()).toContain('शासन निर्णय'));
    await press(DOWN);
    await vi.waitFor(() => expect(frame()).toContain(' [ 1 जालना मित्र ] ›[ 2 शासन निर्णय ]'));
    await press(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('शासन निर्णय लवकरच'));
    expect(engine.inbounds).toEqual([{ kind: 'reply', id: 'gr', title: 'शासन निर्णय' }]);
    await vi.waitFor(() => expect(frame()).toContain('(tap) शासन निर्णय'));
    ui.unmount();
  });

  it('opens a list on Enter, then taps the row chosen with the arrows', async () => {
    const { frame, press, type, engine, ui } = start();
    await vi.waitFor(() => expect(frame()).toContain('जालना मित्र'));
    await type('1');
    await press(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('☰ पर्याय पहा'));
    await vi.waitFor(() => expect(frame()).not.toContain('रुग्णालये'));
    await press(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('रुग्णालये'));
    await press(DOWN);
    await press(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('आरोग्य विभाग'));
    expect(engine.inbounds.at(-1)).toEqual({ kind: 'reply', id: 'health', title: 'आरोग्य' });
    ui.unmount();
  });

  it('shows more than ten choices as numbered lines the arrows move over', async () => {
    const { frame, press, type, engine, ui } = start();
    await vi.waitFor(() => expect(frame()).toContain('सर्व सेवा'));
    await type('3');
    await press(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('11. सेवा 11'));
    await vi.waitFor(() => expect(frame()).toContain('› 1. सेवा 1'));
    await press(UP);
    await vi.waitFor(() => expect(frame()).toContain('› 11. सेवा 11'));
    await press(ENTER);
    await vi.waitFor(() => expect(engine.inbounds.at(-1)).toEqual({ kind: 'reply', id: 's11', title: 'सेवा 11' }));
    ui.unmount();
  });

  it('/lang en shows the current node again in English', async () => {
    const { frame, type, press, ui } = start();
    await vi.waitFor(() => expect(frame()).toContain('जालना मित्र'));
    await type('/lang en');
    await press(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('Welcome 🙏 Choose an option:'));
    // Plain-ASCII titles get real boxes (Ink measures them right); the selected one is drawn bold.
    await vi.waitFor(() => expect(frame()).toMatch(/┃ 1 Jalna Mitra ┃ │ 2 GRs │ │ 3 All services │/));
    await vi.waitFor(() => expect(frame()).toContain('lang: en'));
    ui.unmount();
  });

  it('says which language codes exist when /lang names an unknown one', async () => {
    const { frame, type, press, ui } = start();
    await vi.waitFor(() => expect(frame()).toContain('जालना मित्र'));
    await type('/lang fr');
    await press(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('unknown language `fr`; this bot speaks mr, en'));
    ui.unmount();
  });

  it('toggles the variables and history panel with Ctrl+V', async () => {
    const { frame, type, press, ui } = start();
    await vi.waitFor(() => expect(frame()).toContain('जालना मित्र'));
    await type('1');
    await press(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('node: services'));
    await press('\u0016');
    await vi.waitFor(() => expect(frame()).toContain('variables'));
    await vi.waitFor(() => expect(frame()).toContain('last = "services"'));
    await vi.waitFor(() => expect(frame()).toContain('home → services'));
    await press('\u0016');
    await vi.waitFor(() => expect(frame()).not.toContain('variables'));
    ui.unmount();
  });

  it('shows a compile error on reload in place and keeps the old graph running', async () => {
    const reloads = manualReloads();
    const { frame, type, press, engine, ui } = start(reloads.source);
    await vi.waitFor(() => expect(frame()).toContain('जालना मित्र'));
    const rendered = 'error[FLOW2001]: unknown target `revenu`\n  --> flows/main.flow:14:20';
    reloads.fire({ kind: 'error', rendered, file: 'flows/main.flow' });
    await vi.waitFor(() => expect(frame()).toContain('flows/main.flow:14:20'));
    expect(frame()).toContain('the previous version keeps running');
    await type('2');
    await press(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('शासन निर्णय लवकरच'));
    expect(engine.inbounds).toEqual([{ kind: 'text', text: '2' }]);
    reloads.fire({ kind: 'graph', graph: miniGraph(), file: 'flows/main.flow' });
    await vi.waitFor(() => expect(frame()).toContain('reloaded'));
    await vi.waitFor(() => expect(frame()).not.toContain('flows/main.flow:14:20'));
    ui.unmount();
  });
});

describe('typing ahead', () => {
  it('sends every line of a paste in order, waiting for each answer', async () => {
    const { frame, press, engine, ui } = start();
    await vi.waitFor(() => expect(frame()).toContain('जालना मित्र'));
    await press('/vars\r1\r2\r');
    await vi.waitFor(() => expect(frame()).toContain('आरोग्य विभाग'));
    await vi.waitFor(() => expect(frame()).toContain('variables'));
    expect(engine.inbounds).toEqual([
      { kind: 'text', text: '1' },
      { kind: 'text', text: '2' },
    ]);
    ui.unmount();
  });
});
