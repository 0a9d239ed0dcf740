/** `samvad graph <file> --format mermaid|dot|svg [-o file]`: a picture of a bot's graph. */
import { Option } from 'commander';
import type { Command } from 'commander';
import { toDot, toMermaid, toSvg } from '@samvad/compiler';
import type { Graph } from '@samvad/runtime';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { loadBot } from '../cli/bot.js';
import { ExitCode } from '../cli/exit.js';
import { displayPath, writeText } from '../cli/files.js';

type PictureFormat = 'mermaid' | 'dot' | 'svg';

interface GraphFlags {
  readonly format: PictureFormat;
  readonly output?: string;
}

/** The picture of `graph` in `format`. */
export async function picture(graph: Graph, format: PictureFormat): Promise<string> {
  switch (format) {
    case 'mermaid':
      return toMermaid(graph);
    case 'dot':
      return toDot(graph);
    case 'svg':
      return toSvg(graph);
    default: {
      const never: never = format;
      throw new Error(`unknown picture format ${String(never)}`);
    }
  }
}

/** Registers `samvad graph`. */
export function registerGraph(program: Command, env: CommandEnv): void {
  program
    .command('graph')
    .description('draw a bot as Mermaid, Graphviz dot or SVG')
    .argument('<file>', 'a root .flow file or a compiled graph.json')
    .addOption(new Option('--format <format>', 'the picture format').choices(['mermaid', 'dot', 'svg']).default('mermaid'))
    .option('-o, --output <file>', 'where to write it (default: standard output)')
    .addHelpText('after', '\nExamples:\n  samvad graph flows/jalna-mitra.flow --format mermaid\n  samvad graph build/jalna-mitra.json --format svg -o jalna-mitra.svg')
    .action(
      action(env, async (file: string, flags: GraphFlags) => {
        const { ctx } = env;
        const bot = await loadBot(ctx.cwd, file, ctx.colorErr);
        if (!bot.ok) {
          ctx.stderr.write(bot.report);
          return ExitCode.failed;
        }
        if (bot.warnings !== '') ctx.stderr.write(bot.warnings);
        const text = await picture(bot.graph, flags.format);
        const withNewline = text.endsWith('\n') ? text : `${text}\n`;
        if (flags.output === undefined || flags.output === '-') ctx.stdout.write(withNewline);
        else {
          await writeText(ctx.cwd, flags.output, withNewline);
          ctx.stderr.write(`wrote ${displayPath(ctx.cwd, flags.output)}\n`);
        }
        return ExitCode.ok;
      }),
    );
}
