/** `samvad compile <file> -o <out.json>`: a `.flow` bot → deterministic, validated graph JSON. */
import type { Command } from 'commander';
import { emitGraph, renderDiagnostics } from '@samvad/compiler';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { compileFile, requireFile } from '../cli/bot.js';
import { ExitCode } from '../cli/exit.js';
import { displayPath, writeText } from '../cli/files.js';
import { style } from '../cli/style.js';

interface CompileFlags {
  readonly output?: string;
}

/** Registers `samvad compile`. */
export function registerCompile(program: Command, env: CommandEnv): void {
  program
    .command('compile')
    .description('compile a .flow bot into deterministic graph JSON')
    .argument('<file>', 'the root .flow file (with the `bot` header)')
    .option('-o, --output <file>', 'where to write the graph (default: standard output)')
    .addHelpText('after', '\nExamples:\n  samvad compile flows/jalna-mitra.flow -o build/jalna-mitra.json\n  samvad compile flows/jalna-mitra.flow > graph.json')
    .action(
      action(env, async (file: string, flags: CompileFlags) => {
        const { ctx } = env;
        const result = compileFile(await requireFile(ctx.cwd, file));
        const rendered = renderDiagnostics(result.diagnostics, result.sources, { color: ctx.colorErr, cwd: ctx.cwd });
        if (rendered !== '') ctx.stderr.write(rendered);
        if (result.graph === undefined) return ExitCode.failed;
        const json = emitGraph(result.graph);
        if (flags.output === undefined || flags.output === '-') {
          ctx.stdout.write(json);
        } else {
          await writeText(ctx.cwd, flags.output, json);
          const nodes = Object.keys(result.graph.nodes).length;
          const s = style(ctx.colorErr);
          ctx.stderr.write(`${s.green('✓')} wrote ${displayPath(ctx.cwd, flags.output)} (${nodes} nodes, ${result.graph.hash.slice(0, 19)}…)\n`);
        }
        return ExitCode.ok;
      }),
    );
}
