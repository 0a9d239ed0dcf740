/** `samvad fmt <files…> [--check]`: lays `.flow` files out the standard way, in place. */
import type { Command } from 'commander';
import { renderDiagnostics } from '@samvad/compiler';
import { formatSource } from '@samvad/dsl';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { ExitCode } from '../cli/exit.js';
import { displayPath, expandPaths, readText, writeText } from '../cli/files.js';
import { style } from '../cli/style.js';

interface FmtFlags {
  readonly check?: boolean;
}

const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

/** Registers `samvad fmt`. */
export function registerFmt(program: Command, env: CommandEnv): void {
  program
    .command('fmt')
    .description('lay .flow files out the standard way (in place)')
    .argument('<files...>', '.flow files, or folders searched recursively for them')
    .option('--check', 'write nothing; list unformatted files and exit 1 if there are any')
    .addHelpText('after', '\nExamples:\n  samvad fmt flows\n  samvad fmt --check flows/jalna-mitra.flow\n\nA file with parse errors is left untouched and its errors are printed.')
    .action(
      action(env, async (paths: string[], flags: FmtFlags) => {
        const { ctx } = env;
        const s = style(ctx.color);
        const files = await expandPaths(ctx.cwd, paths, ['.flow']);
        const changed: string[] = [];
        let broken = 0;
        for (const abs of files) {
          const shown = displayPath(ctx.cwd, abs);
          const text = await readText(ctx.cwd, abs);
          const result = formatSource(text, abs);
          if (result.output === undefined) {
            broken += 1;
            const errors = result.diagnostics.filter((d) => d.severity === 'error');
            ctx.stdout.write(`${s.red('✗')} ${shown}: not formatted, it has parse errors\n\n`);
            ctx.stdout.write(renderDiagnostics(errors, new Map([[abs, text]]), { color: ctx.color, cwd: ctx.cwd }));
            continue;
          }
          if (result.output === text) continue;
          changed.push(shown);
          if (flags.check === true) ctx.stdout.write(`${s.yellow('!')} ${shown}: not formatted\n`);
          else {
            await writeText(ctx.cwd, abs, result.output);
            ctx.stdout.write(`formatted ${shown}\n`);
          }
        }
        const clean = files.length - changed.length - broken;
        const parts = [
          flags.check === true ? `${plural(changed.length)} to format` : `${plural(changed.length)} formatted`,
          `${plural(clean)} already formatted`,
          ...(broken > 0 ? [`${plural(broken)} with parse errors`] : []),
        ];
        const bad = broken > 0 || (flags.check === true && changed.length > 0);
        ctx.stdout.write(`${bad ? s.red('✗') : s.green('✓')} ${parts.join(', ')}\n`);
        return bad ? ExitCode.failed : ExitCode.ok;
      }),
    );
}
