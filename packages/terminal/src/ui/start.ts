/**
 * Starts the Ink UI on the given streams and resolves when the user quits. Imported lazily by
 * `runChat`, so the script mode never loads Ink or React.
 */
import { render } from 'ink';
import { createElement } from 'react';
import type { ChatEngine } from '../chat/engine.js';
import type { ReloadSource } from '../load/reload.js';
import { App } from './App.js';

export interface InteractiveOptions {
  readonly engine: ChatEngine;
  readonly reloads?: ReloadSource;
  readonly stdin: NodeJS.ReadStream | NodeJS.ReadableStream;
  readonly stdout: NodeJS.WriteStream | NodeJS.WritableStream;
}

/** Turn the terminal's mouse wheel reports on (button events, SGR encoding) and off again. */
const MOUSE_ON = '\u001B[?1000h\u001B[?1006h';
const MOUSE_OFF = '\u001B[?1000l\u001B[?1006l';

/**
 * Runs the simulator UI until `/quit` or Ctrl+C. On a terminal, the mouse wheel scrolls the chat
 * pane (its reports are turned on while the UI runs; hold Shift to select text with the mouse).
 */
export async function startInteractive(options: InteractiveOptions): Promise<void> {
  const tty = (options.stdout as NodeJS.WriteStream).isTTY === true;
  const mouseOff = () => options.stdout.write(MOUSE_OFF);
  if (tty) {
    options.stdout.write(MOUSE_ON);
    process.once('exit', mouseOff);
  }
  try {
    await runUi(options);
  } finally {
    if (tty) {
      mouseOff();
      process.removeListener('exit', mouseOff);
    }
  }
}

async function runUi(options: InteractiveOptions): Promise<void> {
  const props = { engine: options.engine, ...(options.reloads === undefined ? {} : { reloads: options.reloads }) };
  const app = render(createElement(App, props), {
    // Ink reads keys from a TTY stream and sizes itself from the output stream.
    stdin: options.stdin as NodeJS.ReadStream,
    stdout: options.stdout as NodeJS.WriteStream,
    exitOnCtrlC: false,
  });
  await app.waitUntilExit();
}
