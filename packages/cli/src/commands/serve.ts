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

/** One bot to serve: its number, token, rate and the graph it was started with. */
interface BotToServe {
  readonly name: string;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  readonly sendRate: number;
  readonly path: string;
  readonly canned: string | undefined;
  readonly first: Extract<ServedLoad, { ok: true }>;
}

/** Loads (and validates) a bot's graph; a bad one stops start-up naming the file. */
async function loadBot(
  bot: Omit<BotToServe, 'first'>,
  label: string,
  timeoutMs: number | undefined,
): Promise<BotToServe> {
  const first = await loadServedGraph(bot.path, timeoutMs);
  if (!first.ok) throw new CliError(`cannot serve ${label}:\n${first.message}`, ExitCode.failed);
  return { ...bot, first };
}

/** Registers `samvad serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the WhatsApp Cloud API webhook server for a bot (or, with --config, for several numbers and bots)')
    .argument('[graph]', 'a compiled graph (graph.json) or a root .flow file (not with --config)')
    .option('--config <deployment.json>', 'serve the numbers and bots of a deployment file (see docs/serve.md)')
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

With --config deployment.json, the app secret, verify token, numbers, access tokens (by variable
name) and send rates come from the file; WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN,
WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID are then not read. More than one number
needs SAMVAD_DB=postgres://….

Routes: GET /webhook (verification), POST /webhook (signed deliveries), GET /healthz, GET /metrics.
Signals: SIGHUP reloads the graph (an invalid one is refused, the old one keeps serving); SIGTERM stops.
Reloads compile in a worker thread (time limit SAMVAD_RELOAD_TIMEOUT_MS, heap cap 1 GB); the file and its includes are watched.`,
    )
    .action(async (file: string | undefined, opts: { config?: string; canned?: string; watch: boolean }) => {
      if (opts.config !== undefined && file !== undefined) {
        throw new CliError(`give either a graph (${file}) or --config ${opts.config}, not both: the deployment file names each bot's graph`, ExitCode.usage);
      }
      if (opts.config === undefined && file === undefined) {
        throw new CliError('missing the graph to serve: samvad serve <graph.json | root.flow>, or samvad serve --config deployment.json', ExitCode.usage);
      }
      const config = loadConfig(process.env, { deployment: opts.config !== undefined });
      if (!config.ok) {
        throw new CliError(`cannot start: ${config.errors.join('; ')} (see \`samvad serve --help\`)`, ExitCode.usage);
      }
      const sync = process.env['SAMVAD_DB_SYNC']?.toUpperCase() ?? 'NORMAL';
      if (sync !== 'NORMAL' && sync !== 'FULL') throw new CliError(`SAMVAD_DB_SYNC must be NORMAL or FULL, got "${sync}"`);
      const timeoutMs = reloadTimeout(process.env);
      // The server (SQLite, PostgreSQL, prom-client, worker threads) is loaded by `serve` alone.
      const whatsapp = await import('@samvad/whatsapp');
      let serveConfig = config.config;
      let bots: BotToServe[];
      if (opts.config !== undefined) {
        let deployment: ReturnType<typeof whatsapp.loadDeployment>;
        try {
          deployment = whatsapp.loadDeployment(resolve(opts.config), process.env);
        } catch (error) {
          throw new CliError(`cannot start: ${error instanceof Error ? error.message : String(error)}`, ExitCode.usage);
        }
        if (deployment.bots.length > 1 && serveConfig.dbUrl === undefined) {
          throw new CliError(
            `cannot start: ${opts.config} has ${deployment.bots.length} numbers; one SQLite file serves one number — set SAMVAD_DB=postgres://user:password@host:5432/db to serve several`,
            ExitCode.usage,
          );
        }
        serveConfig = { ...serveConfig, appSecret: deployment.appSecret, verifyToken: deployment.verifyToken };
        bots = [];
        for (const [i, bot] of deployment.bots.entries()) {
          const path = bot.flow ?? bot.graph ?? '';
          bots.push(
            await loadBot(
              { name: bot.name, phoneNumberId: bot.phoneNumberId, accessToken: bot.accessToken, sendRate: bot.sendRate, path, canned: bot.data ?? opts.canned },
              `bots[${i}] (${bot.name}) ${path}`,
              timeoutMs,
            ),
          );
        }
      } else {
        const path = resolve(file ?? '');
        const c = serveConfig;
        bots = [await loadBot({ name: 'bot', phoneNumberId: c.phoneNumberId, accessToken: c.accessToken, sendRate: c.sendRate, path, canned: opts.canned }, file ?? '', timeoutMs)];
      }
      // Every endpoint a bot's `call`s post to must be set (URL and secret) before anything starts.
      const endpoints = bots.map((b) => whatsapp.resolveEndpoints(b.first.graph, process.env, bots.length > 1 ? `bot ${b.name}` : undefined));
      const endpointErrors = endpoints.flatMap((r) => (r.ok ? [] : r.errors));
      if (endpointErrors.length > 0) throw new CliError(`cannot start: ${endpointErrors.join('; ')} (see docs/serve.md, "Calls to department systems")`, ExitCode.usage);
      // No log line may carry a secret: the logger redacts these values wherever they occur.
      const secrets = [
        ...endpoints.flatMap((r) => (r.ok ? [...r.endpoints.values()].map((e) => e.secret) : [])),
        ...whatsapp.SECRET_ENV_VARS.map((name) => process.env[name]),
        serveConfig.appSecret,
        serveConfig.verifyToken,
        ...bots.map((b) => b.accessToken),
        ...(serveConfig.dbUrl !== undefined ? [whatsapp.postgresPassword(serveConfig.dbUrl)] : []),
      ];
      const logger = whatsapp.jsonLogger(undefined, { secrets });
      const reloadOf = (bot: BotToServe) => () => loadServedGraph(bot.path, timeoutMs);
      let server: Awaited<ReturnType<typeof whatsapp.startServer>>;
      if (serveConfig.dbUrl !== undefined) {
        const pgBots = [];
        for (const bot of bots) {
          pgBots.push({
            name: bot.name === 'bot' ? bot.first.graph.bot : bot.name,
            phoneNumberId: bot.phoneNumberId,
            accessToken: bot.accessToken,
            sendRate: bot.sendRate,
            graph: bot.first.graph,
            reloadGraph: reloadOf(bot),
            ...(opts.watch ? { watchFile: bot.first.files } : {}),
            providers: await providersFrom(bot.canned),
          });
        }
        try {
          server = await whatsapp.startPgServer(serveConfig, { bots: pgBots, logger });
        } catch (error) {
          throw new CliError(`cannot start: ${error instanceof Error ? error.message : String(error)}`, ExitCode.failed);
        }
      } else {
        const bot = bots[0] as BotToServe;
        server = await whatsapp.startServer(
          { ...serveConfig, phoneNumberId: bot.phoneNumberId, accessToken: bot.accessToken, sendRate: bot.sendRate },
          {
            graph: bot.first.graph,
            reloadGraph: reloadOf(bot),
            ...(opts.watch ? { watchFile: bot.first.files } : {}),
            providers: await providersFrom(bot.canned),
            logger,
            synchronous: sync,
          },
        );
      }
      const served = bots.map((b) => `bot ${b.first.graph.bot}, ${b.first.graph.hash}`).join('; ');
      process.stdout.write(`samvad serve: listening on ${server.url} (${served})\n`);
      process.on('SIGHUP', () => void server.reload('SIGHUP'));
      const stop = (signal: string) => {
        logger.log('info', 'server.signal', { signal });
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
