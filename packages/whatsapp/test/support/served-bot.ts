/**
 * What the tests that spawn the real `samvad serve` share: the fake Graph API as a process (with a
 * scratch folder) for the whole test file, and the environment that points a server at it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { RecordedSend } from '@samvad/whatsapp';
import { spawnSamvad } from './processes.js';
import type { Spawned } from './processes.js';
import { PHONE_NUMBER_ID } from './webhook-bodies.js';

/** `samvad fake-graph-api` running for one test file, and that file's scratch folder. */
export interface FakeGraphProcess {
  /** The scratch folder, removed after the file's tests; it holds an empty `canned.json`. */
  readonly dir: string;
  /** `<dir>/canned.json` (`{}`), for `serve --canned`. */
  readonly canned: string;
  /** The access token the fake accepts. */
  readonly token: string;
  /** The versioned API URL, for WHATSAPP_API_BASE_URL. */
  readonly url: string;
  /** The URL without the version, where the fake's test endpoints (`/_sent`, `/_inject`, `/_mode`, `/_failures`) are. */
  readonly base: string;
  /** Every message the fake received, in order. */
  sent(): Promise<RecordedSend[]>;
  /** The messages the fake received for `user`, in order. */
  sentTo(user: string): Promise<RecordedSend[]>;
  /** Forgets the messages received so far. */
  clearSent(): Promise<void>;
  /** POSTs `body` as JSON to a test endpoint (`/_inject`, `/_mode`). */
  control(path: string, body: object): Promise<Response>;
  /** The failures the fake answered so far, by kind. */
  failures(): Promise<Record<string, number>>;
}

/**
 * Starts the fake Graph API (a `samvad fake-graph-api` process) before the file's tests, with a
 * scratch folder `samvad-<name>-…`, and stops both after them. Read its fields inside tests.
 */
export function fakeGraphForFile(name: string, token: string): FakeGraphProcess {
  let started: { dir: string; child: Spawned; base: string } | undefined;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), `samvad-${name}-`));
    writeFileSync(join(dir, 'canned.json'), '{}');
    const child = await spawnSamvad(['fake-graph-api', '--port', '0', '--token', token]);
    started = { dir, child, base: child.url.replace(/\/v\d+\.\d+$/, '') };
  });
  afterAll(async () => {
    await started?.child.stop();
    if (started !== undefined) rmSync(started.dir, { recursive: true, force: true });
  });
  const now = () => {
    if (started === undefined) throw new Error('the fake Graph API is not running: use it inside a test');
    return started;
  };
  const fake: FakeGraphProcess = {
    get dir() {
      return now().dir;
    },
    get canned() {
      return join(now().dir, 'canned.json');
    },
    token,
    get url() {
      return now().child.url;
    },
    get base() {
      return now().base;
    },
    sent: async () => (await (await fetch(`${fake.base}/_sent`)).json()) as RecordedSend[],
    sentTo: async (user) => (await fake.sent()).filter((s) => s.body.to === user),
    clearSent: async () => void (await fetch(`${fake.base}/_sent`, { method: 'DELETE' })),
    control: (path, body) => fetch(`${fake.base}${path}`, { method: 'POST', body: JSON.stringify(body) }),
    failures: async () => (await (await fetch(`${fake.base}/_failures`)).json()) as Record<string, number>,
  };
  return fake;
}

/** How a spawned `samvad serve` is configured beyond pointing it at the fake. */
export interface ServeEnvOptions {
  /** The app secret webhooks are signed with. */
  readonly secret: string;
  /**
   * The store: a SQLite file's name, inside the fake's scratch folder; or a PostgreSQL URL
   * (`postgres://…`, e.g. `startTestPostgres().url`), used as it is.
   */
  readonly db: string;
  /** WHATSAPP_VERIFY_TOKEN (default `verify`). */
  readonly verifyToken?: string;
  /** More variables (e.g. WHATSAPP_SEND_RATE, SAMVAD_SEND_TIMEOUT). */
  readonly extra?: Record<string, string>;
}

/** The environment of a `samvad serve` that talks to `fake`, listening on 127.0.0.1 on any free port. */
export function serveEnv(fake: FakeGraphProcess, options: ServeEnvOptions): Record<string, string> {
  return {
    WHATSAPP_APP_SECRET: options.secret,
    WHATSAPP_VERIFY_TOKEN: options.verifyToken ?? 'verify',
    WHATSAPP_ACCESS_TOKEN: fake.token,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_API_BASE_URL: fake.url,
    SAMVAD_DB: /^postgres(ql)?:\/\//.test(options.db) ? options.db : join(fake.dir, options.db),
    PORT: '0',
    HOST: '127.0.0.1',
    ...options.extra,
  };
}

/** Spawns `samvad serve <args>` against `fake` and resolves once it listens. */
export function serveAgainst(fake: FakeGraphProcess, args: readonly string[], options: ServeEnvOptions): Promise<Spawned> {
  return spawnSamvad(['serve', ...args], serveEnv(fake, options));
}

/** Spawns `samvad serve flows/jalna-mitra.flow` (GR data from the empty canned file, no watching) against `fake`. */
export function serveJalnaMitra(fake: FakeGraphProcess, options: ServeEnvOptions): Promise<Spawned> {
  return serveAgainst(fake, ['flows/jalna-mitra.flow', '--canned', fake.canned, '--no-watch'], options);
}
