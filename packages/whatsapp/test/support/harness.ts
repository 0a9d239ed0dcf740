/** Starts a real server (real SQLite file, real HTTP on 127.0.0.1) against an in-process fake Graph API. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonLogger, startFakeGraphApi, startPgServer, startServer } from '@samvad/whatsapp';
import type { FakeGraphApi, Logger, RunningServer, ServeConfig, ServerOptions } from '@samvad/whatsapp';
import { PHONE_NUMBER_ID } from './webhook-bodies.js';
import { testGraph } from './graph.js';
import { startTestPostgres } from './postgres.js';

export const SECRET = 'test-app-secret';
export const TOKEN = 'test-access-token';

export interface Harness {
  readonly fake: FakeGraphApi;
  readonly server: RunningServer;
  readonly config: ServeConfig;
  readonly dir: string;
  /** Which store the server runs on; `dbUrl` is the PostgreSQL database's URL when it is postgres. */
  readonly store: 'sqlite' | 'postgres';
  readonly dbUrl?: string;
  readonly logs: Record<string, unknown>[];
  restart(options?: Partial<ServerOptions>): Promise<RunningServer>;
  close(): Promise<void>;
}

/** The production JSON logger (masking included), keeping its events for assertions. */
export function memoryLogger(into: Record<string, unknown>[]): Logger {
  return jsonLogger((line) => void into.push(JSON.parse(line) as Record<string, unknown>));
}

/**
 * `configOverrides`: settings beyond the test defaults (e.g. `metricsToken`, `replyMaxAgeSeconds`).
 * `store`: SQLite (a file in a scratch folder) or PostgreSQL (a fresh database, `startPgServer`
 * with one bot on the test number).
 */
export async function startHarness(options: Partial<ServerOptions> = {}, configOverrides: Partial<ServeConfig> = {}, store: 'sqlite' | 'postgres' = 'sqlite'): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'samvad-serve-'));
  const pg = store === 'postgres' ? await startTestPostgres() : undefined;
  const fake = await startFakeGraphApi({ accessToken: TOKEN });
  const config: ServeConfig = {
    appSecret: SECRET,
    verifyToken: 'verify-me',
    accessToken: TOKEN,
    phoneNumberId: PHONE_NUMBER_ID,
    apiBaseUrl: fake.url,
    dbPath: join(dir, 'samvad.db'),
    port: 0,
    host: '127.0.0.1',
    sendRate: 1000,
    ...(pg !== undefined ? { dbUrl: pg.url } : {}),
    ...configOverrides,
  };
  const logs: Record<string, unknown>[] = [];
  const start = (extra: Partial<ServerOptions>) => {
    const all: ServerOptions = { graph: testGraph(), logger: memoryLogger(logs), ...options, ...extra };
    if (pg === undefined) return startServer(config, all);
    const bot = {
      name: 'test',
      phoneNumberId: config.phoneNumberId,
      accessToken: config.accessToken,
      sendRate: config.sendRate,
      graph: all.graph,
      ...(all.reloadGraph !== undefined ? { reloadGraph: all.reloadGraph } : {}),
      ...(all.providers !== undefined ? { providers: all.providers } : {}),
    };
    return startPgServer(config, { bots: [bot], ...(all.logger !== undefined ? { logger: all.logger } : {}) });
  };
  let server = await start({});
  const harness: Harness = {
    fake,
    get server() {
      return server;
    },
    config,
    dir,
    store,
    ...(pg !== undefined ? { dbUrl: pg.url } : {}),
    logs,
    async restart(extra = {}) {
      await server.close();
      server = await start(extra);
      return server;
    },
    async close() {
      await server.close();
      await fake.close();
      await pg?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
