/** `samvad check <files…>`: parse and check `.flow` files; diagnostics for people or as JSON. */
import { resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { checkFiles, diagnosticsToJson, nodeHost, renderDiagnostic, summaryLine } from '@samvad/compiler';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { displayPath, expandPaths } from '../cli/files.js';
import { flowRoots } from '../cli/roots.js';
import { CliError, ExitCode } from '../cli/exit.js';
import { style } from '../cli/style.js';

interface CheckFlags {
  readonly format: 'human' | 'json';
}

/** Registers `samvad check`. */
export function registerCheck(program: Command, env: CommandEnv): void {
  program
    .command('check')
    .description('check .flow files for errors and warnings')
    .argument('<paths...>', '.flow files or folders; in a folder, every file no other file includes is checked as a bot, and includes are followed')
    .addOption(new Option('--format <format>', 'how to print diagnostics').choices(['human', 'json']).default('human'))
    .addHelpText('after', '\nExamples:\n  samvad check flows/jalna-mitra.flow\n  samvad check flows/\n  samvad check examples/*.flow --format json\n\nExit code 1 when there is an error (warnings alone exit 0).')
    .action(
      action(env, async (files: string[], flags: CheckFlags) => {
        const { ctx } = env;
        const host = nodeHost();
        const found = await expandPaths(ctx.cwd, files, ['.flow']);
        if (found.length === 0) throw new CliError(`no .flow files found in ${files.map((f) => displayPath(ctx.cwd, f)).join(', ')}`);
        const named = new Set(files.map((file) => resolve(ctx.cwd, file)));
        const { diagnostics, sources } = checkFiles(flowRoots(found, named, host), host);
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
        const filesChecked = sources.size;
        if (flags.format === 'json') {
          const json = { files: filesChecked, errors, warnings, diagnostics: diagnosticsToJson(diagnostics, sources, { cwd: ctx.cwd }) };
          ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        } else {
          for (const d of diagnostics) ctx.stdout.write(`${renderDiagnostic(d, sources, { color: ctx.color, cwd: ctx.cwd })}\n\n`);
          const s = style(ctx.color);
          const mark = errors > 0 ? s.red('✗') : warnings > 0 ? s.yellow('!') : s.green('✓');
          const counted = `${filesChecked} file${filesChecked === 1 ? '' : 's'}`;
          ctx.stdout.write(`${mark} checked ${counted}: ${summaryLine(diagnostics)}\n`);
        }
        return errors > 0 ? ExitCode.failed : ExitCode.ok;
      }),
    );
}
