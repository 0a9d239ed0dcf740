/**
 * The `samvad` command line: builds the commander program and runs it, turning every outcome
 * into an exit code (0 clean or warnings, 1 errors in the input, 2 usage or I/O problems).
 */
import { Command, CommanderError } from 'commander';
import { commandEnv } from './cli/command.js';
import type { CommandEnv } from './cli/command.js';
import type { CliContext } from './cli/context.js';
import { CliError, ExitCode } from './cli/exit.js';
import { registerCommands } from './commands/register.js';

/** The CLI's version, shown by `samvad --version`. */
export const VERSION = '0.1.0';

/** Help is laid out for this width whatever the terminal, so each command stays on one line. */
const HELP_WIDTH = 120;

/** Builds the program with every command registered. */
export function createProgram(env: CommandEnv): Command {
  const { ctx } = env;
  const program = new Command('samvad')
    .description('Samvad: write, check, test and run menu-driven WhatsApp bots for citizens.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(run `samvad --help` for usage)')
    .exitOverride()
    .configureHelp({ helpWidth: HELP_WIDTH })
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    });
  registerCommands(program, env);
  program.addHelpText(
    'after',
    `
Exit codes: 0 clean (or warnings only), 1 errors in the input or failed tests, 2 usage or I/O problems.
Docs: docs/cli.md (commands), docs/language.md (.flow files), docs/testing.md (conversation tests).`,
  );
  return program;
}

/** Runs the CLI on `args` (without `node` and the script) and returns the exit code. */
export async function runCli(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const env = commandEnv(ctx);
  const program = createProgram(env);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return env.code();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (error instanceof CliError) {
      ctx.stderr.write(`samvad: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    ctx.stderr.write(`samvad: internal error (please report it): ${detail}\n`);
    return ExitCode.usage;
  }
}
