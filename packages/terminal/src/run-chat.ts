/**
 * `runChat`: the simulator's entry point, called by `samvad chat`. Loads the bot (a `.flow`
 * compiled on the fly, or a compiled graph `.json`), then runs the script mode (a plain or JSON
 * transcript) or the interactive Ink UI with live reload.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CallProvider, DataSourceProvider } from '@samvad/runtime';
import { createRuntimeEngine } from './chat/runtime-engine.js';
import { watchFlow } from './load/reload.js';
import { loadSource } from './load/source.js';
import { transcriptJson } from './render/transcript.js';
import { runScript } from './script/run-script.js';

export interface RunChatOptions {
  /** A `.flow` root file (compiled, and recompiled on edits) or a compiled graph `.json`. */
  readonly source: string;
  /** Language to start in (default: the bot's first). */
  readonly lang?: string;
  /** Script mode: read user lines from this file, or from stdin with `'-'`. */
  readonly script?: string;
  /** In script mode, print a JSON transcript instead of plain text. */
  readonly json?: boolean;
  /** Data-source providers by source name (live, or canned by the CLI). */
  readonly providers: Readonly<Record<string, DataSourceProvider>>;
  /** Answers to `call`s by endpoint name (canned by the CLI); an endpoint without one fails. */
  readonly callers?: Readonly<Record<string, CallProvider>>;
  /** Why a call to an endpoint without an answer failed, as shown in the transcript. */
  readonly noCaller?: (endpoint: string) => string;
  /** The clock (epoch ms); default `Date.now`. */
  readonly now?: () => number;
  /** Recompile on edits in interactive mode (default true). */
  readonly watch?: boolean;
  readonly stdin?: NodeJS.ReadStream | NodeJS.ReadableStream;
  readonly stdout?: NodeJS.WriteStream | NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
}

/**
 * Runs the simulator until the script ends or the user quits. Returns the exit code (the reason
 * is on `stderr`): 0 on success, 1 when the bot cannot be loaded or the script fails, 2 for a usage
 * or I/O problem (a language the bot does not speak, an unreadable script, no terminal).
 */
export async function runChat(options: RunChatOptions): Promise<number> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const loaded = loadSource(options.source);
  if (!loaded.ok) {
    stderr.write(`${loaded.rendered.trimEnd()}\n`);
    return 1;
  }
  const codes = loaded.graph.languages.map((l) => l.code);
  if (options.lang !== undefined && !codes.includes(options.lang)) {
    stderr.write(`samvad chat: unknown language \`${options.lang}\`; this bot speaks ${codes.join(', ')}\n`);
    return 2;
  }
  const engine = createRuntimeEngine(loaded.graph, {
    providers: options.providers,
    ...(options.callers === undefined ? {} : { callers: options.callers }),
    ...(options.noCaller === undefined ? {} : { noCaller: options.noCaller }),
    now: options.now ?? Date.now,
    ...(options.lang === undefined ? {} : { lang: options.lang }),
  });

  if (options.script !== undefined) {
    const lines = options.script === '-' ? createInterface({ input: stdin, crlfDelay: Infinity }) : readScript(options.script);
    if (typeof lines === 'string') {
      stderr.write(`samvad chat: ${lines}\n`);
      return 2;
    }
    try {
      const turns = await runScript(engine, lines, options.json === true ? {} : { onTurn: (text) => void stdout.write(text) });
      if (options.json === true) stdout.write(transcriptJson(turns));
      return 0;
    } catch (error) {
      stderr.write(`samvad chat: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    } finally {
      if (!Array.isArray(lines)) lines.close();
    }
  }

  if ((stdin as NodeJS.ReadStream).isTTY !== true) {
    stderr.write('samvad chat: the interactive simulator needs a terminal; use --script - to read lines from standard input\n');
    return 2;
  }
  const reloads =
    options.watch === false
      ? undefined
      : watchFlow({ load: () => loadSource(options.source), files: loaded.files });
  const { startInteractive } = await import('./ui/start.js');
  await startInteractive({ engine, stdin, stdout, ...(reloads === undefined ? {} : { reloads }) });
  return 0;
}

/** The lines of a script file, or a message saying why it cannot be read. */
function readScript(path: string): string[] | string {
  try {
    return readFileSync(path, 'utf8').split('\n');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `script file \`${path}\` does not exist` : `cannot read script file \`${path}\` (${code ?? String(error)})`;
  }
}
