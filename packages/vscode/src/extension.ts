/**
 * The VS Code side of Samvad: starts `samvad lsp` (the language server of packages/lsp) over
 * stdio for `.flow` files, restarts it on command, when its settings change or when the
 * workspace is trusted, and logs to the "Samvad" output channel. Highlighting and editing rules
 * are declarative (syntaxes/, language-configuration.json). Bundled by scripts/package.mjs into
 * dist/extension.js.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { describeServerCommand, resolveServerCommand, startFailureMessage } from './server-command.js';
import type { ServerCommand } from './server-command.js';

const LANGUAGE = 'samvad';
const OPEN_SETTINGS = 'Open Settings';
const SHOW_OUTPUT = 'Show Output';

/** The running client, if any, and what it needs to (re)start. */
interface State {
  client: LanguageClient | undefined;
  readonly output: vscode.LogOutputChannel;
  readonly watcher: vscode.FileSystemWatcher;
}

let state: State | undefined;
/** Starts, stops and restarts run one after the other, never interleaved. */
let queue: Promise<void> = Promise.resolve();

function enqueue(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task);
  return queue;
}

/** Called by VS Code when a `.flow` file opens (or a Samvad command runs). */
export function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Samvad', { log: true });
  // The server re-checks a bot when one of its files changes on disk (another editor, git).
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.flow');
  const current: State = { client: undefined, output, watcher };
  state = current;
  const restart = () => enqueue(async () => {
    output.info('restarting the language server');
    await stop(current);
    await start(current);
  });
  context.subscriptions.push(
    output,
    watcher,
    vscode.commands.registerCommand('samvad.restartServer', restart),
    vscode.commands.registerCommand('samvad.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('samvad.server')) void restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
  );
  return enqueue(() => start(current));
}

/** Called by VS Code on shutdown: the server is asked to exit. */
export function deactivate(): Promise<void> {
  const current = state;
  state = undefined;
  return current === undefined ? Promise.resolve() : enqueue(() => stop(current));
}

function serverCommand(): ServerCommand {
  const settings = vscode.workspace.getConfiguration('samvad.server');
  return resolveServerCommand({
    configured: settings.get<string>('command', ''),
    args: settings.get<string[]>('args', ['lsp']),
    folders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    trusted: vscode.workspace.isTrusted,
    platform: process.platform,
    exists: existsSync,
  });
}

async function start(current: State): Promise<void> {
  const server = serverCommand();
  current.output.info(describeServerCommand(server));
  const executable = { command: server.command, args: [...server.args], transport: TransportKind.stdio, options: { cwd: server.cwd, shell: server.shell } };
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: LANGUAGE }],
    synchronize: { fileEvents: current.watcher },
    outputChannel: current.output,
  };
  const client = new LanguageClient(LANGUAGE, 'Samvad', serverOptions, clientOptions);
  current.client = client;
  try {
    await client.start();
  } catch (error) {
    current.client = undefined;
    const message = startFailureMessage(server, error instanceof Error ? error.message : String(error));
    current.output.error(message);
    void client.dispose().catch(() => undefined);
    void vscode.window.showErrorMessage(message, OPEN_SETTINGS, SHOW_OUTPUT).then((choice) => {
      if (choice === OPEN_SETTINGS) void vscode.commands.executeCommand('workbench.action.openSettings', 'samvad.server');
      if (choice === SHOW_OUTPUT) current.output.show(true);
    });
  }
}

async function stop(current: State): Promise<void> {
  const client = current.client;
  current.client = undefined;
  if (client === undefined) return;
  try {
    await client.stop();
  } catch (error) {
    current.output.warn(`stopping the server: ${error instanceof Error ? error.message : String(error)}`);
  }
}
