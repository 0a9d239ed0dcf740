/**
 * Exit codes and the one error type commands throw for usage and I/O problems.
 * Only `main.ts` turns these into a process exit.
 */

/** 0: clean or warnings only; 1: errors in the input (diagnostics, failed tests); 2: usage or I/O problems. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
} as const;

/** One of the exit codes above. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A problem the user must fix before the command can run (missing file, bad flag value, unreadable JSON). */
export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = ExitCode.usage) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** The worse of two exit codes. */
export function worst(a: ExitCode, b: ExitCode): ExitCode {
  return a >= b ? a : b;
}
