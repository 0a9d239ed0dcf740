/**
 * The packages as a user gets them: `scripts/pack.mjs` builds every package from a clean slate
 * (`tsc -b`, packages/*\/dist) and packs each into a tarball; the tarballs are installed with npm,
 * production dependencies only, into an empty folder; then the installed `samvad` (plain Node, no
 * tsx) checks, compiles, chats and serves, and @samvad/runtime is used as a library, types included.
 *
 * Slow by nature (a build, then an npm install from the registry), so everything is built and
 * installed once, in `beforeAll`. SQLite's native addon is not compiled again (about two minutes
 * on these machines): the install skips install scripts and the addon the workspace already built
 * for this Node is copied in when the versions match. SAMVAD_PACK_TEST_NATIVE=1 builds it the way an
 * operator's install does (`npm rebuild better-sqlite3`).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '@samvad/whatsapp';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCE_BIN = join(ROOT, 'packages/cli/bin/samvad.js');
const FLOW = join(ROOT, 'flows/jalna-mitra.flow');
const CANNED = join(ROOT, 'flows/tests/gr-canned.json');
const DEV_ONLY = ['tsx', 'esbuild', 'typescript', 'vitest', 'vite', 'fast-check', 'ink-testing-library', '@types', '@vitest'];

let dir: string;
/** The full install (`npm install <tarballs>`), and the server-only one (`--omit=optional`: no Ink, no React). */
let app: string;
let server: string;

/** Installs the tarballs into a new folder `into` (production dependencies only). */
function install(into: string, tarballs: readonly string[], omit: readonly string[]): void {
  mkdirSync(into);
  writeFileSync(join(into, 'package.json'), JSON.stringify({ name: 'samvad-server', private: true, type: 'module' }));
  const omitted = omit.map((kind) => `--omit=${kind}`);
  execFileSync('npm', ['install', ...omitted, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], { cwd: into, stdio: ['ignore', 'ignore', 'pipe'] });
  installSqliteAddon(into);
}

function installSqliteAddon(app: string): void {
  const installed = join(app, 'node_modules/better-sqlite3');
  if (process.env['SAMVAD_PACK_TEST_NATIVE'] === '1') {
    execFileSync('npm', ['rebuild', 'better-sqlite3'], { cwd: app, stdio: 'ignore' });
    return;
  }
  const workspace = resolve(createRequire(join(ROOT, 'packages/runtime/package.json')).resolve('better-sqlite3'), '../..');
  const version = (path: string) => (JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { version: string }).version;
  if (version(workspace) !== version(installed)) {
    execFileSync('npm', ['rebuild', 'better-sqlite3'], { cwd: app, stdio: 'ignore' });
    return;
  }
  mkdirSync(join(installed, 'build/Release'), { recursive: true });
  cpSync(join(workspace, 'build/Release/better_sqlite3.node'), join(installed, 'build/Release/better_sqlite3.node'));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-pack-'));
  app = join(dir, 'app');
  const packed = execFileSync(process.execPath, [join(ROOT, 'scripts/pack.mjs'), join(dir, 'packages')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tarballs = packed.trim().split('\n');
  install(app, tarballs, ['dev']);
  server = join(dir, 'server');
  // A server needs no simulator: its install leaves out @samvad/terminal (an optional dependency of the CLI).
  install(server, tarballs.filter((file) => !file.includes('samvad-terminal-')), ['dev', 'optional']);
}, 900_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Runs the installed `samvad` (plain `node`, no loader) in the app folder. */
function samvad(args: readonly string[], input?: string, cwd = app): { code: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, [join(cwd, 'node_modules/.bin/samvad'), ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' }, ...(input === undefined ? {} : { input }) });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('packed and installed (production dependencies only)', () => {
  it('packs one tarball per package with its LICENSE, built JavaScript and types, and no sources', () => {
    const names = readdirSync(join(dir, 'packages')).sort();
    expect(names).toEqual(['samvad-0.1.0.tgz', 'samvad-compiler-0.1.0.tgz', 'samvad-dsl-0.1.0.tgz', 'samvad-lsp-0.1.0.tgz', 'samvad-runtime-0.1.0.tgz', 'samvad-sources-0.1.0.tgz', 'samvad-studio-0.1.0.tgz', 'samvad-terminal-0.1.0.tgz', 'samvad-whatsapp-0.1.0.tgz']);
    for (const name of ['compiler', 'dsl', 'lsp', 'runtime', 'sources', 'studio', 'terminal', 'whatsapp']) {
      const pkg = join(app, 'node_modules/@samvad', name);
      const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest).toMatchObject({ license: 'MIT', engines: { node: '>=20.18' }, exports: { '.': { types: './dist/src/index.d.ts', default: './dist/src/index.js' } } });
      expect(manifest['private']).toBeUndefined();
      expect(JSON.stringify(manifest)).not.toContain('workspace:');
      expect(readFileSync(join(pkg, 'LICENSE'), 'utf8')).toContain('Copyright (c) 2026 Samvad contributors');
      expect(existsSync(join(pkg, 'src')), `${name} ships src/`).toBe(false);
      expect(existsSync(join(pkg, 'dist/src/index.d.ts'))).toBe(true);
    }
    expect(readFileSync(join(app, 'node_modules/samvad/LICENSE'), 'utf8')).toContain('MIT License');
  });

  it('plain npm pack refuses, saying how to pack instead (its tarball would point at sources it lacks)', () => {
    const run = spawnSync('npm', ['pack', '--dry-run'], { cwd: join(ROOT, 'packages/runtime'), encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('@samvad/runtime: pack it with pnpm — `npm run pack` at the repository root packs every package into build/packages.');
  });

  it('installs no development dependency: no tsx, esbuild, TypeScript, vitest or @types', () => {
    for (const folder of [app, server]) {
      const top = readdirSync(join(folder, 'node_modules'));
      expect(top.filter((name) => DEV_ONLY.includes(name))).toEqual([]);
    }
  });

  it('a server-only install (--omit=optional) has no Ink or React, and chat and test say what to add', () => {
    expect(existsSync(join(app, 'node_modules/ink'))).toBe(true);
    const top = readdirSync(join(server, 'node_modules'));
    expect(top.filter((name) => ['ink', 'react', 'react-reconciler', 'es-toolkit'].includes(name))).toEqual([]);
    expect(existsSync(join(server, 'node_modules/@samvad/terminal'))).toBe(false);
    const chat = samvad(['chat', FLOW, '--script', '-'], '1\n', server);
    expect(chat.code).toBe(2);
    expect(chat.err).toBe('samvad: this command needs @samvad/terminal, which this install left out (an install with --omit=optional, as on a server); add it with: npm install @samvad/terminal\n');
    const test = samvad(['test', join(ROOT, 'flows/tests/home.convo')], undefined, server);
    expect(test).toMatchObject({ code: 2, err: chat.err });
    expect(samvad(['check', FLOW], undefined, server)).toMatchObject({ code: 0, err: '' });
  });

  it('check, compile and validate work built, and compile gives the same bytes as the sources', () => {
    expect(samvad(['--version']).out.trim()).toBe('0.1.0');
    const help = samvad(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('serve [options] [graph]');
    const check = samvad(['check', FLOW]);
    expect(check).toMatchObject({ code: 0, err: '' });
    expect(check.out).toMatch(/✓ checked \d+ files: no problems/);
    const broken = samvad(['check', join(ROOT, 'packages/cli/test/fixtures/broken.flow')]);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('error[FLOW2001]: unknown target `nowhere`');
    const built = compiledGraph();
    const fromSource = spawnSync(process.execPath, [SOURCE_BIN, 'compile', FLOW], { cwd: ROOT, encoding: 'utf8' });
    expect(built).toBe(fromSource.stdout);
    expect(samvad(['validate', 'graph.json'])).toMatchObject({ code: 0 });
  });

  it('lsp answers initialize over stdio, and studio ships its built page', async () => {
    const lsp = spawn(process.execPath, [join(app, 'node_modules/.bin/samvad'), 'lsp', '--stdio'], { cwd: app, stdio: ['pipe', 'pipe', 'pipe'] });
    const request = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    lsp.stdin.write(`Content-Length: ${Buffer.byteLength(request)}\r\n\r\n${request}`);
    let answer = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no initialize answer: ${answer}`)), 30_000);
      lsp.stdout.on('data', (chunk: Buffer) => {
        answer += chunk.toString('utf8');
        if (answer.includes('"definitionProvider"')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    lsp.kill();
    expect(answer).toContain('"renameProvider"');
    const page = join(app, 'node_modules/@samvad/studio/dist/web/index.html');
    expect(existsSync(page), 'the studio page is built into the package').toBe(true);
    expect(readFileSync(page, 'utf8')).toMatch(/<meta charset="utf-8"/i);
    expect(samvad(['studio', '--help'])).toMatchObject({ code: 0 });
  });

  it('chat --script answers through the built runtime and terminal renderer', () => {
    const chat = samvad(['chat', FLOW, '--script', '-', '--lang', 'en', '--data', CANNED], '1\n');
    expect(chat.err).toBe('');
    expect(chat.code).toBe(0);
    expect(chat.out).toContain('Jalna Mitra');
  });

  it('@samvad/runtime works as a library from plain JavaScript, and its types resolve', () => {
    compiledGraph();
    writeFileSync(
      join(app, 'use-runtime.mjs'),
      `import { readFileSync } from 'node:fs';
import { loadGraph, step } from '@samvad/runtime';
import { SqliteSessionStore } from '@samvad/runtime/sqlite';
const loaded = loadGraph(readFileSync('graph.json', 'utf8'));
if (!loaded.ok) throw new Error(loaded.errors.join('; '));
const turn = step(loaded.graph, undefined, { kind: 'text', text: 'hi' }, { now: 0 });
const store = new SqliteSessionStore(':memory:');
console.log(loaded.graph.bot, turn.session.node, turn.outbound.length > 0, typeof store.getSync);`,
    );
    const run = spawnSync(process.execPath, ['use-runtime.mjs'], { cwd: app, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('jalna_mitra home true function');
    // The graph validator comes precompiled (scripts/build.mjs), so loadGraph needs no Ajv compile.
    expect(existsSync(join(app, 'node_modules/@samvad/runtime/dist/src/graph/graph-validator.cjs'))).toBe(true);
    writeFileSync(
      join(app, 'use-runtime.ts'),
      `import { loadGraph } from '@samvad/runtime';
import type { Graph } from '@samvad/runtime';
const loaded = loadGraph('{}');
export const graph: Graph | undefined = loaded.ok ? loaded.graph : undefined;
// @ts-expect-error: the declarations are real, so a wrong call does not type-check
loadGraph(42);`,
    );
    const tsc = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), 'use-runtime.ts'], { cwd: app, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('serve (server-only install) starts on the compiled graph, answers a signed webhook through its worker, and stops on SIGTERM', async () => {
    const token = 'pack-token';
    const secret = 'pack-secret';
    compiledGraph();
    const fake = await started(['fake-graph-api', '--port', '0', '--token', token], {});
    try {
      cpSync(join(app, 'graph.json'), join(server, 'graph.json'));
      const serving = await started(['serve', 'graph.json', '--no-watch'], {
        WHATSAPP_APP_SECRET: secret,
        WHATSAPP_VERIFY_TOKEN: 'verify',
        WHATSAPP_ACCESS_TOKEN: token,
        WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
        WHATSAPP_API_BASE_URL: fake.url,
        SAMVAD_DB: join(server, 'samvad.db'),
        PORT: '0',
        HOST: '127.0.0.1',
      });
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, contacts: [{ profile: { name: 'T' }, wa_id: '919800000001' }], messages: [{ from: '919800000001', id: 'wamid.PACK1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'hi' } }] } }] }],
      });
      const res = await fetch(`${serving.url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, secret) }, body });
      expect(res.status).toBe(200);
      const base = fake.url.replace(/\/v\d+\.\d+$/, '');
      let sent: Array<{ body: { to?: string } }> = [];
      for (let i = 0; i < 200 && sent.length === 0; i++) {
        sent = (await (await fetch(`${base}/_sent`)).json()) as typeof sent;
        if (sent.length === 0) await new Promise((done) => setTimeout(done, 100));
      }
      expect(sent.map((s) => s.body.to)).toContain('919800000001');
      expect(await serving.stop()).toBe(0);
    } finally {
      await fake.stop();
    }
  });
});

let graph: string | undefined;
/** `samvad compile` of Jalna Mitra by the installed CLI, written to graph.json in the app folder (once). */
function compiledGraph(): string {
  if (graph !== undefined) return graph;
  const run = samvad(['compile', FLOW, '-o', 'graph.json']);
  expect(run.code, run.err).toBe(0);
  graph = readFileSync(join(app, 'graph.json'), 'utf8');
  return graph;
}

/** Starts the installed `samvad <args>` and resolves with the URL it prints. */
function started(args: readonly string[], env: Record<string, string>, cwd = server): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child: ChildProcess = spawn(process.execPath, [join(cwd, 'node_modules/.bin/samvad'), ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`samvad ${args.join(' ')} did not start:\n${out}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s)]+)/.exec(out);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolveStart({
        url: match[1],
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`samvad ${args.join(' ')} exited with ${String(code)}:\n${out}`));
    });
  });
}
