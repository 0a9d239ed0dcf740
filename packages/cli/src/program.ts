/**
 * The `samvad` command line: builds the commander program and runs it, turning every outcome
 * into an exit code (0 clean or warnings, 1 errors in the input, 2 usage or I/O problems).
 */
import { Command, CommanderError, Help } from 'commander';
import { commandEnv } from './cli/command.js';
import type { CommandEnv } from './cli/command.js';
import type { CliContext } from './cli/context.js';
import { CliError, ExitCode } from './cli/exit.js';
import { loadRegistrars, namedCommands, registerCommands } from './commands/register.js';
import type { Registrar } from './commands/register.js';

/** The CLI's version, shown by `samvad --version`. */
export const VERSION = '0.1.0';

/** Help is laid out for this width whatever the terminal, so each command stays on one line. */
const HELP_WIDTH = 120;

/**
 * Builds the program. Commands in `loaded` are registered fully; the others only as entries of
 * the top-level help (see `commands/register.ts`): pass `await loadAllRegistrars()` for all.
 */
export function createProgram(env: CommandEnv, loaded: ReadonlyMap<string, Registrar>): Command {
  const { ctx } = env;
  let listed: ReadonlyMap<Command, string> = new Map();
  const program = new Command('samvad')
    .description('Samvad: write, check, test and run menu-driven WhatsApp bots for citizens.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(run `samvad --help` for usage)')
    .exitOverride()
    .configureHelp({
      helpWidth: HELP_WIDTH,
      subcommandTerm(cmd) {
        return listed.get(cmd) ?? Help.prototype.subcommandTerm.call(this, cmd);
      },
    })
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    });
  listed = registerCommands(program, env, loaded);
  program.addHelpText(
    'after',
    `
Exit codes: 0 clean (or warnings only), 1 errors in the input or failed tests, 2 usage or I/O problems.
Docs: docs/cli.md (commands), docs/language.md (.flow files), docs/testing.md (conversation tests).`,
  );
  return program;
}

/** Packages a command loads that an install may leave out (`optionalDependencies` of the CLI). */
const OPTIONAL_PACKAGES = ['@samvad/terminal'] as const;

/** The optional package whose absence `error` reports (Node's ERR_MODULE_NOT_FOUND), if any. */
function leftOutPackage(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  return OPTIONAL_PACKAGES.find((name) => error.message.includes(`'${name}'`));
}

/** Runs the CLI on `args` (without `node` and the script) and returns the exit code. */
export async function runCli(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const env = commandEnv(ctx);
  try {
    // Only the command on the command line is loaded: `samvad --help` loads none of them.
    const program = createProgram(env, await loadRegistrars(namedCommands(args)));
    await program.parseAsync([...args], { from: 'user' });
    return env.code();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (error instanceof CliError) {
      ctx.stderr.write(`samvad: ${error.message}\n`);
      return error.exitCode;
    }
    const missing = leftOutPackage(error);
    if (missing !== undefined) {
      ctx.stderr.write(`samvad: this command needs ${missing}, which this install left out (an install with --omit=optional, as on a server); add it with: npm install ${missing}\n`);
      return ExitCode.usage;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    ctx.stderr.write(`samvad: internal error (please report it): ${detail}\n`);
    return ExitCode.usage;
  }
}
