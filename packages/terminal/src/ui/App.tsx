// @jsxRuntime automatic
// @jsxImportSource react
/**
 * The interactive simulator: a chat pane showing each bot message as WhatsApp would, an input
 * line, a status line, and a variables panel. Arrow keys move over the newest menu's choices and
 * Enter taps one (sending its reply id); typed text goes to the bot as a message; `/…` lines are
 * simulator commands. The chat pane is a window over the whole conversation: PgUp/PgDn, Home/End
 * and the mouse wheel scroll it, and a turn taller than the window opens at its first message.
 */
import { Box, Text, measureElement, useApp, useInput, useStdout } from 'ink';
import type { DOMElement } from 'ink';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Inbound } from '@samvad/runtime';
import type { ChatEngine, ChatTurn } from '../chat/engine.js';
import { COMMAND_HELP, parseCommand } from '../chat/commands.js';
import type { ReloadSource } from '../load/reload.js';
import { Message } from './Message.js';
import { SelectedChoice } from './selected.js';
import { CompileError, InputLine, StatusLine, VarsPanel } from './Panels.js';
import { isMouseReport, pageStep, scrolled, topLine, WHEEL_STEP, wheelNotches } from './scroll.js';
import type { PaneLayout } from './scroll.js';
import { TextWidth } from './width.js';
import type { ChatState } from './state.js';
import {
  closeList,
  compileFailed,
  compileSucceeded,
  erased,
  initialState,
  moveSelection,
  pickSelected,
  received,
  sent,
  systemLine,
  toggleVars,
  typed,
  viewed,
} from './state.js';

/** Entries kept on screen (older ones are dropped from the pane; the session keeps them). */
const MAX_RENDERED = 200;

/** No lines yet: before the first layout. */
const EMPTY_LAYOUT: PaneLayout = { tops: new Map(), total: 0 };

export interface AppProps {
  readonly engine: ChatEngine;
  /** New versions of the bot (or compile errors) while the simulator runs. */
  readonly reloads?: ReloadSource;
}

export function App({ engine, reloads }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [state, setState] = useState<ChatState>(() => initialState(engine.snapshot()));
  // The newest state, read by key handlers so that keys arriving between renders see each other.
  const latest = useRef(state);
  const mounted = useRef(true);
  // Lines entered while the bot was still answering (typed ahead or pasted), sent in order.
  const queued = useRef<string[]>([]);
  // The chat pane as Ink laid it out (measured after each render), and its window's height.
  const [layout, setLayout] = useState<PaneLayout>(EMPTY_LAYOUT);
  const layoutRef = useRef(layout);
  const paneRows = useRef(1);
  const entryBoxes = useRef(new Map<number, DOMElement>());
  const paneBox = useRef<DOMElement | null>(null);
  const selectedBox = useRef<DOMElement | null>(null);
  const revealSelected = useRef((box: DOMElement | null) => {
    selectedBox.current = box;
  }).current;

  const update = (change: (s: ChatState) => ChatState) => {
    if (!mounted.current) return;
    latest.current = change(latest.current);
    setState(latest.current);
  };
  const run = (work: Promise<ChatTurn>) => {
    work
      .then(
        (turn) => update((s) => received(s, turn)),
        (error: unknown) => update((s) => ({ ...systemLine(s, messageOf(error), 'error'), busy: false })),
      )
      .then(drain);
  };
  /** Sends the lines typed ahead, one turn at a time. */
  const drain = () => {
    while (mounted.current && !latest.current.busy) {
      const next = queued.current.shift();
      if (next === undefined) return;
      submit(next);
    }
  };

  useEffect(() => {
    mounted.current = true;
    run(engine.open());
    const stop = reloads?.((event) => {
      if (event.kind === 'error') {
        update((s) => systemLine(compileFailed(s, event.rendered), `reload failed (${event.file})`, 'system'));
        return;
      }
      engine.replaceGraph(event.graph);
      update((s) => systemLine(compileSucceeded(s), `reloaded (${event.file})`));
    });
    return () => {
      mounted.current = false;
      stop?.();
    };
  }, [engine, reloads]);

  const send = (inbound: Inbound) => {
    update((s) => sent(s, inbound));
    run(engine.send(inbound));
  };

  const submit = (line: string) => {
    const command = parseCommand(line);
    if (command === undefined) {
      if (line.trim() !== '') send({ kind: 'text', text: line });
      return;
    }
    update((s) => ({ ...s, input: '' }));
    switch (command.kind) {
      case 'lang':
        update((s) => ({ ...s, busy: true }));
        run(engine.setLanguage(command.code));
        return;
      case 'reset':
        update((s) => ({ ...s, busy: true }));
        run(engine.reset());
        return;
      case 'vars':
        update(toggleVars);
        return;
      case 'quit':
        exit();
        return;
      case 'help':
        update((s) => systemLine(s, `${COMMAND_HELP}  ·  ↑/↓ choose, Enter taps`));
        return;
      case 'invalid':
        update((s) => systemLine(s, command.message, 'error'));
        return;
      default:
        return unreachable(command);
    }
  };

  /** Enter on a typed line: sent now, or after the bot's answer when it is still busy. */
  const enterLine = (line: string) => {
    update((s) => ({ ...s, input: '' }));
    if (latest.current.busy) queued.current.push(line);
    else submit(line);
  };

  /** Moves the pane's window by `delta` lines (negative: up). */
  const scroll = (delta: number) => update((s) => viewed(s, scrolled(s.view, layoutRef.current, paneRows.current, delta)));

  useInput((input, key) => {
    const state = latest.current;
    if (key.ctrl && input === 'c') return exit();
    if (isMouseReport(input)) return scroll(wheelNotches(input) * WHEEL_STEP);
    if (key.pageUp) return scroll(-pageStep(paneRows.current));
    if (key.pageDown) return scroll(pageStep(paneRows.current));
    if (key.home && state.input === '') return update((s) => viewed(s, { kind: 'at', top: 0 }));
    if (key.end && state.input === '') return update((s) => viewed(s, { kind: 'follow' }));
    if (key.ctrl && input === 'v') return update(toggleVars);
    if (!key.return && /[\r\n]/.test(input)) {
      // A paste (or fast typing) arrives as one chunk: every line break is an Enter.
      const lines = input.split(/\r\n|\r|\n/);
      const last = lines.pop() ?? '';
      lines.forEach((line, i) => enterLine(i === 0 ? latest.current.input + line : line));
      return update((s) => typed(s, last));
    }
    if (key.return && state.input !== '') return enterLine(state.input);
    if (key.backspace || key.delete) return update(erased);
    if (state.busy) return update((s) => (input !== '' && !key.ctrl && !key.meta ? typed(s, input) : s));
    if (key.return) {
      const picked = pickSelected(state);
      if (picked.tap !== undefined) {
        const tap = picked.tap;
        update(() => picked.state);
        return send(tap);
      }
      return update(() => picked.state);
    }
    if (key.escape) return update(closeList);
    if (state.input === '' && (key.upArrow || key.leftArrow)) return update((s) => moveSelection(s, -1));
    if (state.input === '' && (key.downArrow || key.rightArrow)) return update((s) => moveSelection(s, +1));
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
    if (input !== '') update((s) => typed(s, input));
  });

  // Rows below the pane: the scroll line, a blank and the input line, the status line, and one
  // spare (a frame as tall as the terminal makes Ink clear the screen on every change).
  const rows = stdout.rows ?? 40;
  const reserved =
    5 +
    (state.showVars ? 4 + Object.keys(state.snapshot.variables).length : 0) +
    (state.compileError !== undefined ? 2 + state.compileError.split('\n').length : 0);
  const pane = Math.max(3, rows - reserved);
  paneRows.current = pane;
  const first = Math.max(0, state.entries.length - MAX_RENDERED);
  const top = topLine(state.view, layout, pane);
  const below = Math.max(0, layout.total - top - pane);

  // After each render: where each entry starts, as Ink laid it out (one blank line between entries).
  // A layout effect, so that the window is placed again before Ink's next (throttled) frame.
  useLayoutEffect(() => {
    const tops = new Map<number, number>();
    let line = 0;
    for (let index = first; index < state.entries.length; index += 1) {
      const box = entryBoxes.current.get(index);
      if (box === undefined) continue;
      tops.set(index, line);
      line += measureElement(box).height + 1;
    }
    const total = Math.max(0, line - 1);
    const selected = selectedBox.current === null ? undefined : lineOf(selectedBox.current, paneBox.current);
    const old = layoutRef.current;
    if (
      old.total === total &&
      old.selected?.top === selected?.top &&
      old.selected?.height === selected?.height &&
      old.tops.size === tops.size &&
      [...tops].every(([i, t]) => old.tops.get(i) === t)
    ) {
      return;
    }
    layoutRef.current = selected === undefined ? { tops, total } : { tops, total, selected };
    setLayout(layoutRef.current);
  });

  return (
    <TextWidth.Provider value={(stdout.columns ?? 100) - 6}>
      <SelectedChoice.Provider value={revealSelected}>
        <Box flexDirection="column">
          <Box height={pane} flexDirection="column" overflowY="hidden" flexShrink={0}>
            <Box flexDirection="column" gap={1} marginTop={-top} flexShrink={0} ref={paneBox}>
              {state.entries.slice(first).map((entry, i) => {
                const index = first + i;
                return (
                  <Box
                    key={index}
                    flexDirection="column"
                    flexShrink={0}
                    ref={(box: DOMElement | null) => {
                      if (box === null) entryBoxes.current.delete(index);
                      else entryBoxes.current.set(index, box);
                    }}
                  >
                    <Message entry={entry} live={state.choices?.entry === index ? state.choices : undefined} />
                  </Box>
                );
              })}
            </Box>
          </Box>
          <ScrollLine above={top} below={below} />
          {state.compileError !== undefined ? <CompileError text={state.compileError} /> : null}
          {state.showVars ? <VarsPanel snapshot={state.snapshot} /> : null}
          <Box marginTop={1}>
            <InputLine input={state.input} hint={hintFor(state)} />
          </Box>
          <StatusLine snapshot={state.snapshot} languages={engine.languages()} busy={state.busy} lastStep={state.lastStep} />
        </Box>
      </SelectedChoice.Provider>
    </TextWidth.Provider>
  );
}

/** Where `box` is drawn within the conversation (`pane`, its outer box): first line and height, from Ink's layout. */
function lineOf(box: DOMElement, pane: DOMElement | null): { top: number; height: number } | undefined {
  let top = 0;
  let node: DOMElement | undefined = box;
  while (node !== undefined && node !== pane) {
    top += node.yogaNode?.getComputedTop() ?? 0;
    node = node.parentNode;
  }
  if (node === undefined) return undefined;
  return { top: Math.round(top), height: measureElement(box).height };
}

/** Says how much of the conversation is out of the window, and how to see it (blank when none); fits 80 columns. */
function ScrollLine({ above, below }: { above: number; below: number }) {
  if (above === 0 && below === 0) return <Text> </Text>;
  const parts = [above > 0 ? `↑ ${above} lines above` : '', below > 0 ? `↓ ${below} lines below` : ''].filter((p) => p !== '');
  return <Text color="yellow" wrap="truncate">{`${parts.join(' · ')} — PgUp/PgDn, mouse wheel`}</Text>;
}

function hintFor(state: ChatState): string {
  if (state.busy) return '…';
  if (state.choices === undefined) return 'type a message';
  if (state.choices.layout === 'list' && !state.choices.open) return 'Enter opens the list, or type a message';
  return '↑/↓ then Enter to tap, or type a message';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unreachable(value: never): never {
  throw new Error(`unexpected command: ${JSON.stringify(value)}`);
}
