/**
 * `samvad serve <graph.json | file.flow>`: the production WhatsApp webhook server. Configuration
 * comes from the environment (see `--help`); a missing or invalid setting stops start-up (exit 2).
 * SIGHUP (or a change to the file) reloads the graph; SIGTERM/SIGINT shut down gracefully.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { DataSourceProvider } from '@samvad/runtime';
import { describeConfigVars, loadConfig } from '@samvad/whatsapp/config';
import { loadInWorker } from '../cli/compile-worker.js';
import type { ServedLoad } from '../cli/compile-worker.js';
import { CliError, ExitCode } from '../cli/exit.js';
import { parseCannedData } from '../sources/canned.js';
import { liveProviders, sourceProviders } from '../sources/registry.js';

/**
 * Reads a compiled graph (JSON) or compiles a `.flow`, validating either way (schema and
 * integrity), in a worker thread with a heap cap and a time limit: a reload never blocks the
 * thread that acknowledges webhooks. Also returns the files read, which the server watches.
 */
export function loadServedGraph(path: string, timeoutMs?: number): Promise<ServedLoad> {
  return loadInWorker(path, process.cwd(), timeoutMs === undefined ? {} : { timeoutMs });
}

/** SAMVAD_RELOAD_TIMEOUT_MS: how long loading the graph may take (default 30 s). */
function reloadTimeout(env: NodeJS.ProcessEnv): number | undefined {
  const text = env['SAMVAD_RELOAD_TIMEOUT_MS'];
  if (text === undefined || text === '') return undefined;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 100) throw new CliError(`SAMVAD_RELOAD_TIMEOUT_MS must be a whole number of milliseconds (at least 100), got "${text}"`, ExitCode.usage);
  return ms;
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
  SAMVAD_RELOAD_TIMEOUT_MS  longest a graph load or reload may take (default 30000)
  SAMVAD_GR_URL             the GR listing page maharashtra_gr reads (default the state's site; a mirror or proxy)

Routes: GET /webhook (verification), POST /webhook (signed deliveries), GET /healthz, GET /metrics.
Signals: SIGHUP reloads the graph (an invalid one is refused, the old one keeps serving); SIGTERM stops.
Reloads compile in a worker thread (time limit SAMVAD_RELOAD_TIMEOUT_MS, heap cap 1 GB); the file and its includes are watched.`,
    )
    .action(async (file: string, opts: { canned?: string; watch: boolean }) => {
      const config = loadConfig(process.env);
      if (!config.ok) {
        throw new CliError(`cannot start: ${config.errors.join('; ')} (see \`samvad serve --help\`)`, ExitCode.usage);
      }
      const sync = process.env['SAMVAD_DB_SYNC']?.toUpperCase() ?? 'NORMAL';
      if (sync !== 'NORMAL' && sync !== 'FULL') throw new CliError(`SAMVAD_DB_SYNC must be NORMAL or FULL, got "${sync}"`);
      const path = resolve(file);
      const timeoutMs = reloadTimeout(process.env);
      const first = await loadServedGraph(path, timeoutMs);
      if (!first.ok) throw new CliError(`cannot serve ${file}:\n${first.message}`, ExitCode.failed);
      // The server (SQLite, prom-client, worker threads) is loaded by `serve` alone.
      const { SECRET_ENV_VARS, jsonLogger, startServer } = await import('@samvad/whatsapp');
      // No log line may carry a secret: the logger redacts these values wherever they occur.
      const logger = jsonLogger(undefined, { secrets: SECRET_ENV_VARS.map((name) => process.env[name]) });
      const server = await startServer(config.config, {
        graph: first.graph,
        reloadGraph: () => loadServedGraph(path, timeoutMs),
        ...(opts.watch ? { watchFile: first.files } : {}),
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
