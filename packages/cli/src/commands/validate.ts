/** `samvad validate <graph.json>`: checks a compiled graph against the JSON Schema (Ajv, via the runtime). */
import type { Command } from 'commander';
import { loadGraph } from '@samvad/runtime';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { ExitCode } from '../cli/exit.js';
import { displayPath, readText } from '../cli/files.js';
import { style } from '../cli/style.js';

/** Registers `samvad validate`. */
export function registerValidate(program: Command, env: CommandEnv): void {
  program
    .command('validate')
    .description('check a compiled graph.json against the schema')
    .argument('<graph>', 'a compiled graph (JSON), e.g. build/jalna-mitra.json')
    .addHelpText('after', '\nExample:\n  samvad validate build/jalna-mitra.json')
    .action(
      action(env, async (file: string) => {
        const { ctx } = env;
        const shown = displayPath(ctx.cwd, file);
        const result = loadGraph(await readText(ctx.cwd, file));
        const s = style(ctx.color);
        if (result.ok) {
          const nodes = Object.keys(result.graph.nodes).length;
          ctx.stdout.write(`${s.green('✓')} ${shown}: valid graph \`${result.graph.bot}\` (format ${result.graph.format}, ${nodes} nodes)\n`);
          return ExitCode.ok;
        }
        ctx.stdout.write(`${s.red('✗')} ${shown}: not a valid graph\n`);
        for (const line of result.errors) ctx.stdout.write(`  ${line}\n`);
        return ExitCode.failed;
      }),
    );
}
