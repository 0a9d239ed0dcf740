/**
 * What a command may touch: the working directory, the output streams and whether colour is on.
 * Commands receive it instead of reaching for `process`, so they stay testable and quiet about exits.
 */

/** A destination for text (stdout, stderr, or a buffer in tests). */
export interface Writer {
  write(text: string): void;
}

/** The world as a command sees it. */
export interface CliContext {
  /** Absolute working directory: relative paths are resolved against it and shown relative to it. */
  readonly cwd: string;
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** Colour on stdout (a TTY and no `NO_COLOR`). */
  readonly color: boolean;
  /** Colour on stderr. */
  readonly colorErr: boolean;
  /** Environment variables (for `NO_COLOR`, `SAMVAD_*`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The real streams, for commands that hand them on (the Ink simulator needs a TTY). */
  readonly streams: {
    readonly stdin: NodeJS.ReadStream | NodeJS.ReadableStream;
    readonly stdout: NodeJS.WriteStream | NodeJS.WritableStream;
    readonly stderr: NodeJS.WritableStream;
  };
}

/** Colour only on a TTY and never when `NO_COLOR` is set to a non-empty value (https://no-color.org). */
export function colorEnabled(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return isTTY === true;
}

/** The context of the running process. */
export function processContext(): CliContext {
  const env = process.env;
  return {
    cwd: process.cwd(),
    stdout: { write: (text) => void process.stdout.write(text) },
    stderr: { write: (text) => void process.stderr.write(text) },
    color: colorEnabled(process.stdout.isTTY, env),
    colorErr: colorEnabled(process.stderr.isTTY, env),
    env,
    streams: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  };
}
