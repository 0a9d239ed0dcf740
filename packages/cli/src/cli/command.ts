/** What each command's registration receives, and the wrapper that records its exit code. */
import type { CliContext } from './context.js';
import { ExitCode, worst } from './exit.js';

/** What a command's registration receives: the context, and where to record its exit code. */
export interface CommandEnv {
  readonly ctx: CliContext;
  /** Records an exit code; the worst recorded code wins. */
  exit(code: ExitCode): void;
}

/** A `CommandEnv` whose recorded code can be read back. */
export function commandEnv(ctx: CliContext): CommandEnv & { readonly code: () => ExitCode } {
  let code: ExitCode = ExitCode.ok;
  return {
    ctx,
    exit: (next) => {
      code = worst(code, next);
    },
    code: () => code,
  };
}

/** Wraps a command body returning an exit code into a commander action. */
export function action<A extends unknown[]>(env: CommandEnv, body: (...args: A) => Promise<ExitCode>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    env.exit(await body(...args));
  };
}
