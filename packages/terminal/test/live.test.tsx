import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRuntimeEngine } from '../src/chat/runtime-engine.js';
import { watchFlow } from '../src/load/reload.js';
import { loadSource } from '../src/load/source.js';
import { App } from '../src/ui/App.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'mini');
const ENTER = '\r';
const tick = () => new Promise((r) => setTimeout(r, 15));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-terminal-'));
  cpSync(FIXTURE, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The simulator on a copy of the fixture bot, compiled for real, with live reload. */
function simulate() {
  const root = join(dir, 'bot.flow');
  const loaded = loadSource(root);
  if (!loaded.ok) throw new Error(loaded.rendered);
  const engine = createRuntimeEngine(loaded.graph, { providers: {}, now: () => 1_700_000_000_000 });
  const reloads = watchFlow({ load: () => loadSource(root), files: loaded.files, debounceMs: 30 });
  const ui = render(<App engine={engine} reloads={reloads} />);
  const frame = () => ui.lastFrame() ?? '';
  const send = async (text: string) => {
    for (const key of [...text]) {
      ui.stdin.write(key);
      await tick();
    }
    ui.stdin.write(ENTER);
    await tick();
  };
  return { ui, frame, send };
}

describe('the simulator on a compiled bot', () => {
  it('walks the bot with typed numbers and commands', async () => {
    const { ui, frame, send } = simulate();
    await vi.waitFor(() => expect(frame()).toContain('›[ 1 जालना मित्र ]  [ 2 शासन निर्णय ]'));
    await send('1');
    await vi.waitFor(() => expect(frame()).toContain('node: services'));
    expect(frame()).toContain('[ ☰ पर्याय पहा ]');
    expect(frame()).toContain('last: navigated by number');
    await send('/lang en');
    await vi.waitFor(() => expect(frame()).toContain('Choose a department:'));
    expect(frame()).toContain('lang: en');
    ui.unmount();
  });

  it('keeps the old graph on a compile error, shows file:line:col, and carries the session over a fix', async () => {
    const { ui, frame, send } = simulate();
    await vi.waitFor(() => expect(frame()).toContain('जालना मित्र'));
    const services = join(dir, 'services.flow');
    const good = readFileSync(services, 'utf8');
    writeFileSync(services, good.replace('option health -> health', 'option health -> helth'));
    await vi.waitFor(() => expect(frame()).toMatch(/services\.flow:\d+:\d+/), { timeout: 5000 });
    expect(frame()).toContain('helth');
    expect(frame()).toContain('the previous version keeps running');

    await send('1');
    await vi.waitFor(() => expect(frame()).toContain('विभाग निवडा:'));

    writeFileSync(services, good.replace('"विभाग निवडा:"', '"विभाग निवडा (नवीन):"'));
    await vi.waitFor(() => expect(frame()).toContain('reloaded'), { timeout: 5000 });
    expect(frame()).not.toMatch(/services\.flow:\d+:\d+/);
    await send('मागे');
    await vi.waitFor(() => expect(frame()).toContain('node: home'));
    await send('1');
    await vi.waitFor(() => expect(frame()).toContain('विभाग निवडा (नवीन):'));
    ui.unmount();
  });
});
