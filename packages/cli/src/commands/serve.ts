/**
 * `samvad serve <graph.json | file.flow>`: the production WhatsApp webhook server. Configuration
 * comes from the environment (see `--help`); a missing or invalid setting stops start-up (exit 2).
 * SIGHUP (or a change to the file) reloads the graph; SIGTERM/SIGINT shut down gracefully.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { compile, nodeHost, renderDiagnostics } from '@samvad/compiler';
import { loadGraph } from '@samvad/runtime';
import type { DataSourceProvider, Graph } from '@samvad/runtime';
import { describeConfigVars, loadConfig } from '@samvad/whatsapp/config';
import { CliError, ExitCode } from '../cli/exit.js';
import { parseCannedData } from '../sources/canned.js';
import { liveProviders, sourceProviders } from '../sources/registry.js';

type Loaded = { ok: true; graph: Graph } | { ok: false; message: string };

/** Reads a compiled graph (JSON) or compiles a `.flow`, validating either way. */
export async function loadServedGraph(path: string): Promise<Loaded> {
  if (path.endsWith('.flow')) {
    const result = compile(path, nodeHost());
    if (result.graph !== undefined) return { ok: true, graph: result.graph };
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    return { ok: false, message: renderDiagnostics(errors, result.sources, { color: false, cwd: process.cwd() }).trim() };
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const result = loadGraph(text);
  return result.ok ? { ok: true, graph: result.graph } : { ok: false, message: result.errors.join('; ') };
}

async function providersFrom(canned: string | undefined): Promise<Record<string, DataSourceProvider>> {
  if (canned === undefined) return liveProviders();
  let json: unknown;
  try {
    json = JSON.parse(await readFile(canned, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read canned data ${canned}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseCannedData(json);
  if ('error' in parsed) throw new CliError(`${canned}: ${parsed.error}`);
  return sourceProviders('canned', parsed.data);
}

/** Registers `samvad serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the WhatsApp Cloud API webhook server for a bot')
    .argument('<graph>', 'a compiled graph (graph.json) or a root .flow file')
    .option('--canned <file>', 'answer data sources from canned results (JSON) instead of live sources')
    .option('--no-watch', 'do not reload when the file changes (SIGHUP still reloads)')
    .addHelpText(
      'after',
      `
Environment:
${describeConfigVars()}
  SAMVAD_DB_SYNC            SQLite synchronous mode: NORMAL or FULL (default NORMAL)

Routes: GET /webhook (verification), POST /webhook (signed deliveries), GET /healthz, GET /metrics.
Signals: SIGHUP reloads the graph (an invalid one is refused, the old one keeps serving); SIGTERM stops.`,
    )
    .action(async (file: string, opts: { canned?: string; watch: boolean }) => {
      const config = loadConfig(process.env);
      if (!config.ok) {
        throw new CliError(`cannot start: ${config.errors.join('; ')} (see \`samvad serve --help\`)`, ExitCode.usage);
      }
      const sync = process.env['SAMVAD_DB_SYNC']?.toUpperCase() ?? 'NORMAL';
      if (sync !== 'NORMAL' && sync !== 'FULL') throw new CliError(`SAMVAD_DB_SYNC must be NORMAL or FULL, got "${sync}"`);
      const path = resolve(file);
      const first = await loadServedGraph(path);
      if (!first.ok) throw new CliError(`cannot serve ${file}:\n${first.message}`, ExitCode.failed);
      // The server (SQLite, prom-client, worker threads) is loaded by `serve` alone.
      const { jsonLogger, startServer } = await import('@samvad/whatsapp');
      const logger = jsonLogger();
      const server = await startServer(config.config, {
        graph: first.graph,
        reloadGraph: () => loadServedGraph(path),
        ...(opts.watch ? { watchFile: path } : {}),
        providers: await providersFrom(opts.canned),
        logger,
        synchronous: sync,
      });
      process.stdout.write(`samvad serve: listening on ${server.url} (bot ${first.graph.bot}, ${first.graph.hash})\n`);
      process.on('SIGHUP', () => void server.reload('SIGHUP'));
      const stop = (signal: string) => {
        logger.log('info', 'server.signal', { signal });
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
