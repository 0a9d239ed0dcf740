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

/** Runs the simulator UI until `/quit` or Ctrl+C. */
export async function startInteractive(options: InteractiveOptions): Promise<void> {
  const props = { engine: options.engine, ...(options.reloads === undefined ? {} : { reloads: options.reloads }) };
  const app = render(createElement(App, props), {
    // Ink reads keys from a TTY stream and sizes itself from the output stream.
    stdin: options.stdin as NodeJS.ReadStream,
    stdout: options.stdout as NodeJS.WriteStream,
    exitOnCtrlC: false,
  });
  await app.waitUntilExit();
}
