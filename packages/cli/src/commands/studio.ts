/**
 * `samvad studio <bot.flow>`: Samvad Studio, a local web app for one bot (`@samvad/studio`): the
 * editor with live diagnostics, the phone preview, the bot's map, its tests and its translations.
 * This command wires it to the CLI's parts: data sources (`--data`, as `samvad chat`) and the
 * `.convo` runner and coverage of `samvad test`, run against the studio's current text.
 */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Graph } from '@samvad/runtime';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import type { CliContext } from '../cli/context.js';
import { isGraphFile, requireFile } from '../cli/bot.js';
import { CliError, ExitCode } from '../cli/exit.js';
import { displayPath, expandPaths, readJson, readText } from '../cli/files.js';
import { collector, coverageOf, mergeTouched } from '../convo/coverage.js';
import { caseSettings, parseConvo } from '../convo/parse.js';
import { runCase } from '../convo/run.js';
import { cannedCallers, parseCannedData } from '../sources/canned.js';
import type { CannedCalls, CannedData } from '../sources/canned.js';
import { sourceProviders } from '../sources/registry.js';
import { readCannedFile } from './chat.js';
import { CONVO_EXTENSION } from './test.js';
import type { CaseReport, TestFileReport, TestsReport } from '@samvad/studio';

interface StudioFlags {
  readonly port: string;
  readonly data?: string;
}

/** Registers `samvad studio`. */
export function registerStudio(program: Command, env: CommandEnv): void {
  program
    .command('studio')
    .description('write a bot in the browser: live diagnostics, phone preview, map, tests, translations')
    .argument('<file>', "the bot's root .flow file")
    .option('--port <n>', 'port to listen on, on 127.0.0.1 (0 = any free port)', '4173')
    .option('--data <file>', 'canned data-source results (JSON) for the phone preview, e.g. flows/tests/gr-canned.json')
    .addHelpText('after', '\nExamples:\n  samvad studio flows/jalna-mitra.flow\n  samvad studio flows/jalna-mitra.flow --port 0 --data flows/tests/gr-canned.json\n\nOpens nothing by itself: open the URL it prints. Guide: docs/studio.md')
    .action(
      action(env, async (file: string, flags: StudioFlags) => {
        const { ctx } = env;
        const port = Number(flags.port);
        if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--port must be 0–65535, got "${flags.port}"`);
        const root = await requireFile(ctx.cwd, file);
        if (isGraphFile(root)) throw new CliError(`${displayPath(ctx.cwd, root)} is a compiled graph: the studio edits a bot's .flow files (give its root .flow file)`);
        const canned = flags.data === undefined ? { data: {}, calls: {} } : await readCannedFile(ctx.cwd, flags.data);
        const providers = sourceProviders(flags.data === undefined ? 'live' : 'canned', canned.data);
        const callers = cannedCallers(canned.calls);
        const { ensureFrontEnd, startStudio } = await import('@samvad/studio'); // loaded by this command only
        await ensureFrontEnd((line) => ctx.stderr.write(`${line}\n`));
        let studio;
        try {
          studio = await startStudio({ root, port, providers, callers, runTests: (graph, at) => runStudioTests(ctx, graph, at) });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${port} is in use: choose another with --port (0 = any free port)`);
          throw error;
        }
        ctx.stdout.write(`Samvad Studio for ${displayPath(ctx.cwd, root)}: listening on ${studio.url}\nOpen it in a browser; Ctrl-C stops.\n`);
        await new Promise<void>((done) => {
          const stop = () => void studio.close().then(done);
          process.once('SIGTERM', stop);
          process.once('SIGINT', stop);
        });
        return ExitCode.ok;
      }),
    );
}

/**
 * Runs the `.convo` files of the bot's folder that test `root`, against `graph` (the studio's
 * current text), with `samvad test`'s runner; and the coverage they give.
 */
export async function runStudioTests(ctx: CliContext, graph: Graph, root: string): Promise<TestsReport> {
  const folder = dirname(root);
  const files = await expandPaths(ctx.cwd, [folder], [CONVO_EXTENSION]);
  const { renderPlain } = await import('@samvad/terminal');
  const render = (outbound: Parameters<typeof renderPlain>[0], lang: string) => {
    const listButton = graph.messages.list_button?.[lang];
    return renderPlain(outbound, listButton === undefined ? { lang } : { lang, listButton });
  };
  const touched = collector();
  const data = new Map<string, Canned | string>();
  const reports: TestFileReport[] = [];
  let passed = 0;
  let failed = 0;
  for (const abs of files) {
    const shown = displayPath(folder, abs);
    const { convo, problems } = parseConvo(shown, await readText(ctx.cwd, abs));
    if (convo.flow === undefined || resolve(dirname(abs), convo.flow.value) !== root) continue;
    if (problems.length > 0) {
      reports.push({ file: shown, problem: problems.map((p) => `${shown}:${p.line}: ${p.message}`).join('\n'), cases: [] });
      failed += Math.max(1, convo.cases.length);
      continue;
    }
    const cases: CaseReport[] = [];
    for (const testCase of convo.cases) {
      const settings = caseSettings(convo, testCase);
      let canned: Canned | string = { data: {}, calls: {} };
      if (settings.data !== undefined) {
        const at = resolve(dirname(abs), settings.data.value);
        canned = data.get(at) ?? (await loadCanned(ctx, at));
        data.set(at, canned);
      }
      if (typeof canned === 'string') {
        cases.push({ name: testCase.name, line: testCase.line, passed: false, message: `${shown}:${settings.data?.line ?? testCase.line}: ${canned}` });
        failed += 1;
        continue;
      }
      const result = runCase(testCase, { graph, settings, data: canned.data, calls: canned.calls, render });
      mergeTouched(touched, result.touched);
      const failure = result.failure;
      if (failure === undefined) {
        cases.push({ name: result.name, line: result.line, passed: true });
        passed += 1;
        continue;
      }
      const after = failure.turn === undefined ? '' : ` (after \`${failure.turn.source}\` on line ${failure.turn.line})`;
      cases.push({ name: result.name, line: result.line, passed: false, message: `${shown}:${failure.line}: ${failure.message}${after}`, diff: failure.diff });
      failed += 1;
    }
    reports.push({ file: shown, cases });
  }
  const coverage = coverageOf(displayPath(folder, root), graph, touched);
  return { files: reports, passed, failed, coverage: { nodes: coverage.nodes, options: coverage.options, languages: coverage.languages } };
}

/** A canned data file: source rows and call answers. */
interface Canned {
  readonly data: CannedData;
  readonly calls: CannedCalls;
}

async function loadCanned(ctx: CliContext, abs: string): Promise<Canned | string> {
  try {
    const parsed = parseCannedData(await readJson(ctx.cwd, abs));
    return 'error' in parsed ? `${displayPath(ctx.cwd, abs)}: ${parsed.error}` : parsed;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return error.message;
  }
}
