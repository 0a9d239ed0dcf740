/**
 * Which `samvad` the extension starts (src/server-command.ts), on real folders; and that what it
 * starts in this repository — `node_modules/.bin/samvad lsp --stdio`, as vscode-languageclient
 * spawns it — is a language server that answers `initialize` with the features the extension
 * advertises.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { describeServerCommand, resolveServerCommand, startFailureMessage } from '../src/server-command.js';
import type { ServerCommandInput } from '../src/server-command.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'samvad-vscode-server-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A workspace folder; with `samvad` in its node_modules/.bin when asked. */
function folder(name: string, withSamvad: boolean, file = 'samvad'): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  if (withSamvad) writeFileSync(join(dir, 'node_modules', '.bin', file), '#!/bin/sh\n');
  return dir;
}

const base = (over: Partial<ServerCommandInput>): ServerCommandInput => ({
  configured: '',
  args: ['lsp'],
  folders: [],
  trusted: true,
  platform: 'linux',
  exists: existsSync,
  ...over,
});

describe('which samvad is started', () => {
  test("the workspace's own node_modules/.bin/samvad, with args [\"lsp\"], in the first folder", () => {
    const bot = folder('bot', true);
    expect(resolveServerCommand(base({ folders: [bot] }))).toEqual({
      command: join(bot, 'node_modules/.bin/samvad'),
      args: ['lsp'],
      cwd: bot,
      shell: false,
      source: 'workspace',
    });
  });

  test('a later workspace folder when the first has none; samvad on PATH when none has', () => {
    const docs = folder('docs', false);
    const bot = folder('bot2', true);
    expect(resolveServerCommand(base({ folders: [docs, bot] }))).toMatchObject({ command: join(bot, 'node_modules/.bin/samvad'), cwd: docs, source: 'workspace' });
    expect(resolveServerCommand(base({ folders: [docs] }))).toMatchObject({ command: 'samvad', args: ['lsp'], source: 'path' });
    expect(resolveServerCommand(base({ folders: [] }))).toMatchObject({ command: 'samvad', cwd: undefined, source: 'path' });
  });

  test("an untrusted workspace's own samvad is never run", () => {
    const bot = folder('untrusted', true);
    expect(resolveServerCommand(base({ folders: [bot], trusted: false }))).toMatchObject({ command: 'samvad', source: 'path' });
  });

  test('the samvad.server.command setting wins: absolute, ${workspaceFolder}, relative to the folder, or a name on PATH', () => {
    const bot = folder('configured', true);
    expect(resolveServerCommand(base({ folders: [bot], configured: '/opt/samvad/bin/samvad', args: ['lsp', '--verbose'] }))).toEqual({
      command: '/opt/samvad/bin/samvad',
      args: ['lsp', '--verbose'],
      cwd: bot,
      shell: false,
      source: 'setting',
    });
    expect(resolveServerCommand(base({ folders: [bot], configured: '${workspaceFolder}/tools/samvad' })).command).toBe(join(bot, 'tools/samvad'));
    expect(resolveServerCommand(base({ folders: [bot], configured: 'tools/samvad' })).command).toBe(join(bot, 'tools/samvad'));
    expect(resolveServerCommand(base({ folders: [bot], configured: '  samvad-nightly ' })).command).toBe('samvad-nightly');
  });

  test('on Windows the .cmd shim is found and started through a shell', () => {
    const bot = folder('windows', true, 'samvad.cmd');
    expect(resolveServerCommand(base({ folders: [bot], platform: 'win32' }))).toMatchObject({ command: join(bot, 'node_modules/.bin/samvad.cmd'), shell: true, source: 'workspace' });
    const spaced = folder('my bot', true, 'samvad.cmd');
    expect(resolveServerCommand(base({ folders: [spaced], platform: 'win32' })).command).toBe(`"${join(spaced, 'node_modules/.bin/samvad.cmd')}"`);
  });

  test('the output channel says what runs and why; a failure says what to do', () => {
    const onPath = resolveServerCommand(base({ folders: [] }));
    expect(describeServerCommand(onPath)).toBe('starting `samvad lsp` (samvad on PATH)');
    expect(startFailureMessage(onPath, 'spawn samvad ENOENT')).toBe(
      'Samvad: the language server `samvad lsp` did not start (spawn samvad ENOENT). Install samvad in the workspace (npm install --save-dev samvad) or on PATH, or set samvad.server.command.',
    );
    const configured = resolveServerCommand(base({ configured: '/nowhere/samvad' }));
    expect(startFailureMessage(configured, 'spawn /nowhere/samvad ENOENT')).toContain('Check the samvad.server.command setting.');
  });
});

/** Sends LSP messages (Content-Length framed) to a child's stdin and collects its replies. */
function lspSession(command: string, args: readonly string[], cwd: string) {
  const child = spawn(command, [...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = Buffer.alloc(0);
  let stderr = '';
  const replies = new Map<number, unknown>();
  const waiting = new Map<number, (reply: unknown) => void>();
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as { id?: number };
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (typeof message.id === 'number') {
        replies.set(message.id, message);
        waiting.get(message.id)?.(message);
      }
    }
  });
  const send = (message: object) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const request = (id: number, method: string, params: unknown) =>
    new Promise<unknown>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no reply to ${method} in 30 s; stderr:\n${stderr}`)), 30_000);
      waiting.set(id, (reply) => {
        clearTimeout(timer);
        done(reply);
      });
      send({ id, method, params });
    });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, send, request, exited, stderr: () => stderr };
}

describe('the server it starts in this repository', () => {
  test('is node_modules/.bin/samvad, and `samvad lsp --stdio` answers initialize with the features VS Code will use, then shuts down', async () => {
    const server = resolveServerCommand(base({ folders: [ROOT], platform: process.platform }));
    expect(server).toMatchObject({ command: join(ROOT, 'node_modules/.bin/samvad'), args: ['lsp'], source: 'workspace' });
    // vscode-languageclient appends --stdio for TransportKind.stdio.
    const session = lspSession(server.command, [...server.args, '--stdio'], ROOT);
    const reply = (await session.request(1, 'initialize', { processId: process.pid, rootUri: `file://${ROOT}`, capabilities: {}, workspaceFolders: null })) as {
      result: { capabilities: Record<string, unknown>; serverInfo?: { name: string } };
    };
    const capabilities = reply.result.capabilities;
    expect(reply.result.serverInfo?.name).toBe('samvad');
    expect(Object.keys(capabilities)).toEqual(
      expect.arrayContaining(['textDocumentSync', 'definitionProvider', 'referencesProvider', 'renameProvider', 'completionProvider', 'hoverProvider', 'documentSymbolProvider', 'documentFormattingProvider', 'codeActionProvider']),
    );
    session.send({ method: 'initialized', params: {} });
    await session.request(2, 'shutdown', null);
    session.send({ method: 'exit', params: null });
    expect(await session.exited).toBe(0);
  }, 60_000);
});
