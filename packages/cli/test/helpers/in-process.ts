/** Runs the CLI in-process (no spawn) in `cwd`, capturing what it writes. */
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../src/cli/context.js';
import { runCli } from '../../src/program.js';

/** The exit code and everything written to stdout and stderr. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `samvad <args>` run in `cwd` without colour and with an empty environment. */
export async function runInProcess(cwd: string, args: readonly string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const ctx: CliContext = {
    cwd,
    stdout: { write: (text) => void (out += text) },
    stderr: { write: (text) => void (err += text) },
    color: false,
    colorErr: false,
    env: {},
    streams: { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() },
  };
  const code = await runCli(args, ctx);
  return { code, out, err };
}
