/**
 * `samvad test <paths…>`: runs conversation tests (`*.convo`, see docs/testing.md) against their
 * flows and prints ✓/✗ per case, a diff per failure, `N passed, N failed`, and optionally coverage.
 * The IO edge of `convo/`: reads files, compiles flows, loads canned data, prints.
 */
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { Graph } from '@samvad/runtime';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import type { CliContext } from '../cli/context.js';
import { loadBot } from '../cli/bot.js';
import { CliError, ExitCode } from '../cli/exit.js';
import { displayPath, expandPaths, readJson, readText } from '../cli/files.js';
import { style } from '../cli/style.js';
import type { Style } from '../cli/style.js';
import { belowMinimum, collector, coverageOf, mergeTouched } from '../convo/coverage.js';
import type { TouchedCollector } from '../convo/coverage.js';
import { caseSettings, parseConvo } from '../convo/parse.js';
import { formatCase, formatCoverage, formatFileProblem, summary } from '../convo/report.js';
import { runCase } from '../convo/run.js';
import type { ConvoFile } from '../convo/types.js';
import { parseCannedData } from '../sources/canned.js';
import type { CannedCalls, CannedData } from '../sources/canned.js';

/** A canned data file: source rows and call answers. */
interface Canned {
  readonly data: CannedData;
  readonly calls: CannedCalls;
}

/** The file extension of conversation tests. */
export const CONVO_EXTENSION = '.convo';

interface TestFlags {
  readonly coverage?: boolean;
  readonly minCoverage?: number;
}

function parsePercent(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new InvalidArgumentError('expected a percentage from 0 to 100');
  }
  return n;
}

/** Registers `samvad test`. */
export function registerTest(program: Command, env: CommandEnv): void {
  program
    .command('test')
    .description('run conversation tests (*.convo files)')
    .argument('<paths...>', 'test files, or folders searched recursively for *.convo files')
    .option('--coverage', 'report nodes visited, options chosen and languages used per flow')
    .option('--min-coverage <percent>', 'fail when any coverage figure of any flow is below this', parsePercent)
    .addHelpText('after', '\nExamples:\n  samvad test flows/tests\n  samvad test examples/tests --coverage --min-coverage 80\n\nFormat of *.convo files: docs/testing.md')
    .action(action(env, async (paths: string[], flags: TestFlags) => runTests(env.ctx, paths, flags)));
}

/** A flow under test, compiled once however many test files name it. */
interface FlowUnderTest {
  readonly shown: string;
  readonly graph?: Graph;
  /** Why it could not be loaded (already rendered). */
  readonly report?: string;
  readonly touched: TouchedCollector;
}

/** Loads what test files refer to, once each. */
class Loader {
  private readonly flows = new Map<string, FlowUnderTest>();
  private readonly data = new Map<string, Canned | string>();

  constructor(private readonly ctx: CliContext) {}

  async flow(abs: string): Promise<FlowUnderTest> {
    const known = this.flows.get(abs);
    if (known !== undefined) return known;
    const shown = displayPath(this.ctx.cwd, abs);
    let loaded: FlowUnderTest;
    try {
      const bot = await loadBot(this.ctx.cwd, abs, this.ctx.color);
      loaded = bot.ok ? { shown, graph: bot.graph, touched: collector() } : { shown, report: bot.report, touched: collector() };
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      loaded = { shown, report: error.message, touched: collector() };
    }
    this.flows.set(abs, loaded);
    return loaded;
  }

  /** Canned data and call answers, or a message saying why they cannot be used. */
  async canned(abs: string): Promise<Canned | string> {
    const known = this.data.get(abs);
    if (known !== undefined) return known;
    let result: Canned | string;
    try {
      const parsed = parseCannedData(await readJson(this.ctx.cwd, abs));
      result = 'error' in parsed ? `${displayPath(this.ctx.cwd, abs)}: ${parsed.error}` : parsed;
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      result = error.message;
    }
    this.data.set(abs, result);
    return result;
  }

  tested(): FlowUnderTest[] {
    return [...this.flows.values()].filter((f) => f.graph !== undefined);
  }
}

interface Tally {
  passed: number;
  failed: number;
}

async function runFile(ctx: CliContext, convo: ConvoFile, abs: string, loader: Loader, tally: Tally, s: Style): Promise<void> {
  const dir = dirname(abs);
  const fail = (line: number | undefined, message: string, count = 1) => {
    ctx.stdout.write(formatFileProblem(convo.file, line, message, s));
    tally.failed += count;
  };
  if (convo.flow === undefined) return;
  const flow = await loader.flow(resolve(dir, convo.flow.value));
  if (flow.graph === undefined) {
    fail(convo.flow.line, `the flow ${flow.shown} cannot be loaded`, Math.max(1, convo.cases.length));
    const indented = (flow.report ?? '').trimEnd().split('\n').map((line) => (line === '' ? '' : `      ${line}`));
    ctx.stdout.write(`${indented.join('\n')}\n`);
    return;
  }
  const { renderPlain } = await import('@samvad/terminal'); // the plain-text renderer; not loaded by other commands
  for (const testCase of convo.cases) {
    const settings = caseSettings(convo, testCase);
    let canned: Canned = { data: {}, calls: {} };
    if (settings.data !== undefined) {
      const loaded = await loader.canned(resolve(dir, settings.data.value));
      if (typeof loaded === 'string') {
        const failure = { line: settings.data.line, message: loaded, diff: [] };
        ctx.stdout.write(formatCase({ name: testCase.name, line: testCase.line, touched: collector(), failure }, convo.file, s));
        tally.failed += 1;
        continue;
      }
      canned = loaded;
    }
    const graph = flow.graph;
    const result = runCase(testCase, {
      graph,
      settings,
      data: canned.data,
      calls: canned.calls,
      render: (outbound, lang) => {
        const listButton = graph.messages.list_button?.[lang];
        return renderPlain(outbound, listButton === undefined ? { lang } : { lang, listButton });
      },
    });
    mergeTouched(flow.touched, result.touched);
    ctx.stdout.write(formatCase(result, convo.file, s));
    if (result.failure === undefined) tally.passed += 1;
    else tally.failed += 1;
  }
}

async function runTests(ctx: CliContext, paths: readonly string[], flags: TestFlags): Promise<ExitCode> {
  const files = await expandPaths(ctx.cwd, paths, [CONVO_EXTENSION]);
  if (files.length === 0) throw new CliError(`no ${CONVO_EXTENSION} test files found in ${paths.map((p) => displayPath(ctx.cwd, p)).join(', ')}`);
  const s = style(ctx.color);
  const loader = new Loader(ctx);
  const tally: Tally = { passed: 0, failed: 0 };
  for (const abs of files) {
    const shown = displayPath(ctx.cwd, abs);
    ctx.stdout.write(`${s.bold(shown)}\n`);
    const { convo, problems } = parseConvo(shown, await readText(ctx.cwd, abs));
    if (problems.length > 0) {
      for (const problem of problems) ctx.stdout.write(formatFileProblem(shown, problem.line, problem.message, s));
      tally.failed += Math.max(1, convo.cases.length);
      continue;
    }
    await runFile(ctx, convo, abs, loader, tally, s);
  }
  let exit: ExitCode = tally.failed > 0 ? ExitCode.failed : ExitCode.ok;
  if (flags.coverage === true || flags.minCoverage !== undefined) {
    for (const flow of loader.tested()) {
      if (flow.graph === undefined) continue;
      const coverage = coverageOf(flow.shown, flow.graph, flow.touched);
      ctx.stdout.write(`\n${formatCoverage(coverage, s, flags.minCoverage)}`);
      const low = flags.minCoverage === undefined ? [] : belowMinimum(coverage, flags.minCoverage);
      if (low.length > 0) {
        ctx.stdout.write(s.red(`  below the minimum of ${flags.minCoverage}%: ${low.join(', ')}\n`));
        exit = ExitCode.failed;
      }
    }
  }
  ctx.stdout.write(`\n${summary(tally.passed, tally.failed)}\n`);
  return exit;
}
