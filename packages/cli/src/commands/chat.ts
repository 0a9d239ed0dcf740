/**
 * `samvad chat <file>`: talk to a bot in the terminal simulator (`@samvad/terminal`), interactively
 * or from a script, with live or canned data sources and canned answers to `call`s.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { requireFile } from '../cli/bot.js';
import { CliError, ExitCode } from '../cli/exit.js';
import { displayPath, readJson } from '../cli/files.js';
import { cannedCallers, noCannedAnswer, parseCannedData } from '../sources/canned.js';
import type { CannedCalls, CannedData } from '../sources/canned.js';
import { SOURCE_MODES, sourceProviders } from '../sources/registry.js';
import type { SourceMode } from '../sources/registry.js';

interface ChatFlags {
  readonly lang?: string;
  readonly script?: string;
  readonly json?: boolean;
  readonly data?: string;
  readonly sources?: SourceMode;
  readonly watch: boolean;
}

/** Reads a canned data file's source rows, or throws a `CliError` naming it and the bad entry. */
export async function readCannedData(cwd: string, file: string): Promise<CannedData> {
  return (await readCannedFile(cwd, file)).data;
}

/** Reads a canned data file (source rows and call answers), or throws a `CliError` naming it and the bad entry. */
export async function readCannedFile(cwd: string, file: string): Promise<{ data: CannedData; calls: CannedCalls }> {
  const parsed = parseCannedData(await readJson(cwd, file));
  if ('error' in parsed) throw new CliError(`${displayPath(cwd, file)}: ${parsed.error}`);
  return parsed;
}

/** Registers `samvad chat`. */
export function registerChat(program: Command, env: CommandEnv): void {
  program
    .command('chat')
    .description('talk to a bot in the terminal simulator')
    .argument('<file>', 'a root .flow file (recompiled when you edit it) or a compiled graph.json')
    .option('--lang <code>', "language to start in, e.g. mr, hi or en (default: the bot's first)")
    .option('--script <file>', 'play the user lines of a file (`-` for standard input) and print the transcript')
    .option('--json', 'with --script, print the transcript as JSON')
    .option('--data <file>', 'canned data-source results and call answers (JSON), e.g. flows/tests/gr-canned.json')
    .addOption(
      new Option('--sources <mode>', 'live: real sources, --data fills gaps; canned: --data only (default: canned with --data)').choices([
        ...SOURCE_MODES,
      ]),
    )
    .option('--no-watch', 'do not recompile the .flow file when it changes')
    .addHelpText(
      'after',
      '\nExamples:\n  samvad chat flows/jalna-mitra.flow --lang en\n  printf "1\\n2\\n" | samvad chat flows/jalna-mitra.flow --script - --data flows/tests/gr-canned.json',
    )
    .action(
      action(env, async (file: string, flags: ChatFlags) => {
        const { ctx } = env;
        const source = await requireFile(ctx.cwd, file);
        if (flags.json === true && flags.script === undefined) throw new CliError('--json needs --script (the interactive simulator has no JSON output)');
        const script = flags.script === undefined || flags.script === '-' ? flags.script : await requireFile(ctx.cwd, flags.script);
        const canned = flags.data === undefined ? { data: {}, calls: {} } : await readCannedFile(ctx.cwd, flags.data);
        const mode: SourceMode = flags.sources ?? (flags.data === undefined ? 'live' : 'canned');
        // Loaded here: Ink and React are needed by `chat` alone, not by every `samvad` start.
        const { runChat } = await import('@samvad/terminal');
        const code = await runChat({
          source,
          providers: sourceProviders(mode, canned.data),
          callers: cannedCallers(canned.calls),
          noCaller: (endpoint: string) =>
            flags.data === undefined
              ? `no canned answer for endpoint "${endpoint}": chat answers calls from a --data file, e.g. { "${endpoint}": { "answer": { … } } }`
              : noCannedAnswer(endpoint),
          watch: flags.watch,
          stdin: ctx.streams.stdin,
          stdout: ctx.streams.stdout,
          stderr: ctx.streams.stderr,
          ...(flags.lang === undefined ? {} : { lang: flags.lang }),
          ...(script === undefined ? {} : { script }),
          ...(flags.json === true ? { json: true } : {}),
        });
        return code === 0 ? ExitCode.ok : code === 2 ? ExitCode.usage : ExitCode.failed;
      }),
    );
}
