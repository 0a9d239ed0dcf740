// @jsxRuntime automatic
// @jsxImportSource react
/**
 * The interactive simulator: a chat pane showing each bot message as WhatsApp would, an input
 * line, a status line, and a variables panel. Arrow keys move over the newest menu's choices and
 * Enter taps one (sending its reply id); typed text goes to the bot as a message; `/…` lines are
 * simulator commands. The chat pane is a window over the whole conversation: PgUp/PgDn, Home/End
 * and the mouse wheel scroll it, and a turn taller than the window opens at its first message.
 */
import { Box, useApp, useInput, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { Inbound } from '@samvad/runtime';
import type { ChatEngine, ChatTurn } from '../chat/engine.js';
import { COMMAND_HELP, parseCommand, SEND_COMMANDS } from '../chat/commands.js';
import type { ReloadSource } from '../load/reload.js';
import { ChatPane } from './ChatPane.js';
import { CompileError, InputLine, StatusLine, VarsPanel } from './Panels.js';
import { isMouseReport, pageStep, scrolled, WHEEL_STEP, wheelNotches } from './scroll.js';
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

/** No lines yet: before the pane's first layout. */
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
  // Photos and documents sent so far: each gets its own media id, as on WhatsApp.
  const mediaSent = useRef(0);
  // The chat pane as Ink laid it out (reported after each render), and its window's height.
  const layoutRef = useRef<PaneLayout>(EMPTY_LAYOUT);
  const paneRows = useRef(1);

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
    const command = parseCommand(line, `sim-media-${mediaSent.current + 1}`);
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
        // Non-breaking spaces keep each command whole when the line wraps.
        update((s) =>
          [
            COMMAND_HELP,
            '↑/↓ choose, Enter taps  ·  PgUp/PgDn or the wheel scroll',
            `send: ${SEND_COMMANDS.map((c) => c.replaceAll(' ', '\u00a0')).join('  ')}`,
          ].reduce((state, line) => systemLine(state, line), s),
        );
        return;
      case 'send':
        if (command.inbound.kind === 'media') mediaSent.current += 1;
        send(command.inbound);
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
  return (
    <TextWidth.Provider value={(stdout.columns ?? 100) - 6}>
      <Box flexDirection="column">
        <ChatPane
          entries={state.entries}
          {...(state.choices === undefined ? {} : { choices: state.choices })}
          view={state.view}
          rows={pane}
          onLayout={(layout) => {
            layoutRef.current = layout;
          }}
        />
        {state.compileError !== undefined ? <CompileError text={state.compileError} /> : null}
        {state.showVars ? <VarsPanel snapshot={state.snapshot} /> : null}
        <Box marginTop={1}>
          <InputLine input={state.input} hint={hintFor(state)} />
        </Box>
        <StatusLine snapshot={state.snapshot} languages={engine.languages()} busy={state.busy} lastStep={state.lastStep} />
      </Box>
    </TextWidth.Provider>
  );
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
