/**
 * Ink on a screen of a given size (ink-testing-library's fake streams report 100 columns and no
 * rows): the simulator is drawn as on a real terminal of `columns` × `rows`, frame by frame.
 */
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';

class Screen extends EventEmitter {
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  last = '';
  readonly write = (frame: string) => {
    this.last = frame;
    return true;
  };
}

class Keyboard extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  readonly write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  readonly read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/** Renders `tree` on a `columns` × `rows` screen; `frame()` is what the screen shows now. */
export function renderOnScreen(tree: ReactElement, columns: number, rows: number) {
  const stdout = new Screen(columns, rows);
  const stdin = new Keyboard();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new Screen(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { frame: () => stdout.last, stdin, unmount: () => instance.unmount() };
}
