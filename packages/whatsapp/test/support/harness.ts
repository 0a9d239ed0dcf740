/** Starts a real server (real SQLite file, real HTTP on 127.0.0.1) against an in-process fake Graph API. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonLogger, startFakeGraphApi, startServer } from '@samvad/whatsapp';
import type { FakeGraphApi, Logger, RunningServer, ServeConfig, ServerOptions } from '@samvad/whatsapp';
import { PHONE_NUMBER_ID } from './webhook-bodies.js';
import { testGraph } from './graph.js';

export const SECRET = 'test-app-secret';
export const TOKEN = 'test-access-token';

export interface Harness {
  readonly fake: FakeGraphApi;
  readonly server: RunningServer;
  readonly config: ServeConfig;
  readonly dir: string;
  readonly logs: Record<string, unknown>[];
  restart(options?: Partial<ServerOptions>): Promise<RunningServer>;
  close(): Promise<void>;
}

/** The production JSON logger (masking included), keeping its events for assertions. */
export function memoryLogger(into: Record<string, unknown>[]): Logger {
  return jsonLogger((line) => void into.push(JSON.parse(line) as Record<string, unknown>));
}

/** `configOverrides`: settings beyond the test defaults (e.g. `metricsToken`, `replyMaxAgeSeconds`). */
export async function startHarness(options: Partial<ServerOptions> = {}, configOverrides: Partial<ServeConfig> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'samvad-serve-'));
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
    ...configOverrides,
  };
  const logs: Record<string, unknown>[] = [];
  const start = (extra: Partial<ServerOptions>) => startServer(config, { graph: testGraph(), logger: memoryLogger(logs), ...options, ...extra });
  let server = await start({});
  const harness: Harness = {
    fake,
    get server() {
      return server;
    },
    config,
    dir,
    logs,
    async restart(extra = {}) {
      await server.close();
      server = await start(extra);
      return server;
    },
    async close() {
      await server.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
