/**
 * `samvad routing <bot.flow> <set.tsv>`: scores a routing set — citizen messages and where each
 * must lead — and prints accuracy overall and per class (script, language, first message or
 * mid-conversation), the wrong-route rate, and every case that was not right. With `--min` and
 * `--max-wrong` it fails below target, so the suite can hold the line.
 */
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { loadBot } from '../cli/bot.js';
import { ExitCode } from '../cli/exit.js';
import { readText } from '../cli/files.js';
import { parseRoutingSet, percent, scoreRouting } from '../routing/score.js';
import type { ClassScore } from '../routing/score.js';

interface RoutingFlags {
  readonly min?: number;
  readonly minClass?: number;
  readonly maxWrong?: number;
  readonly quiet?: boolean;
}

function parsePercent(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('expected a percentage from 0 to 100');
  return n;
}

function line(k: ClassScore): string {
  const name = k.name.padEnd(30);
  return `${name} ${percent(k.right, k.total).padStart(8)} right  ${String(k.right).padStart(4)}/${String(k.total).padEnd(4)}  wrong ${String(k.wrong).padStart(3)} (${percent(k.wrong, k.total)})`;
}

/** Registers `samvad routing`. */
export function registerRouting(program: Command, env: CommandEnv): void {
  program
    .command('routing')
    .description('score a routing set: citizen messages and the node each must reach')
    .argument('<file>', 'a root .flow file or a compiled graph.json')
    .argument('<set>', 'the routing set (.tsv: message, expect, at, lang)')
    .option('--min <percent>', 'fail when fewer than this share are right overall', parsePercent)
    .option('--min-class <percent>', 'fail when any class is below this share right', parsePercent)
    .option('--max-wrong <percent>', 'fail when more than this share are wrong routes', parsePercent)
    .option('--quiet', 'print only the summary, not the cases that were not right')
    .addHelpText('after', '\nExample:\n  samvad routing flows/jalna-mitra.flow flows/tests/routing.tsv --min 95 --min-class 90 --max-wrong 1\n\nFormat: docs/cli.md (samvad routing)')
    .action(
      action(env, async (file: string, set: string, flags: RoutingFlags) => {
        const { ctx } = env;
        const bot = await loadBot(ctx.cwd, file, ctx.colorErr);
        if (!bot.ok) {
          ctx.stderr.write(bot.report);
          return ExitCode.failed;
        }
        const parsed = parseRoutingSet(await readText(ctx.cwd, set), bot.graph);
        for (const problem of parsed.problems) ctx.stderr.write(`${set}: ${problem}\n`);
        if (parsed.problems.length > 0) return ExitCode.failed;
        const score = scoreRouting(bot.graph, parsed.cases);
        if (flags.quiet !== true) {
          for (const r of score.results) {
            if (r.verdict === 'right') continue;
            const mark = r.verdict === 'wrong' ? '✗ wrong ' : '? missed';
            ctx.stdout.write(`${mark} line ${r.case.line}: "${r.case.message}" (at ${r.case.at}) → ${r.got}, expected ${r.case.expect}\n`);
          }
          ctx.stdout.write('\n');
        }
        for (const k of score.classes) ctx.stdout.write(`${line(k)}\n`);
        ctx.stdout.write(`${line(score.overall)}\n`);
        const o = score.overall;
        const failures: string[] = [];
        if (flags.min !== undefined && (100 * o.right) / o.total < flags.min) failures.push(`overall ${percent(o.right, o.total)} is below ${flags.min} %`);
        if (flags.maxWrong !== undefined && (100 * o.wrong) / o.total > flags.maxWrong) failures.push(`wrong routes ${percent(o.wrong, o.total)} exceed ${flags.maxWrong} %`);
        if (flags.minClass !== undefined) {
          for (const k of score.classes) {
            if ((100 * k.right) / k.total < flags.minClass) failures.push(`${k.name} ${percent(k.right, k.total)} is below ${flags.minClass} %`);
          }
        }
        for (const f of failures) ctx.stderr.write(`routing: ${f}\n`);
        return failures.length === 0 ? ExitCode.ok : ExitCode.failed;
      }),
    );
}
