/**
 * The VS Code side of Samvad: starts `samvad lsp` (the language server of packages/lsp) over
 * stdio for `.flow` files, restarts it on command or when its settings change, and logs to the
 * "Samvad" output channel. Highlighting and editing rules are declarative (syntaxes/,
 * language-configuration.json). Bundled by scripts/package.mjs into dist/extension.js.
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

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

/** Called by VS Code when a `.flow` file opens (or a Samvad command runs). */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const channel = vscode.window.createOutputChannel('Samvad', { log: true });
  output = channel;
  context.subscriptions.push(
    channel,
    vscode.commands.registerCommand('samvad.restartServer', () => restart(context)),
    vscode.commands.registerCommand('samvad.showOutput', () => channel.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('samvad.server')) void restart(context);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart(context)),
    { dispose: () => void stop() },
  );
  await start(context);
}

/** Called by VS Code on shutdown: the server is asked to exit. */
export function deactivate(): Promise<void> {
  return stop();
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

async function start(context: vscode.ExtensionContext): Promise<void> {
  const channel = output;
  if (channel === undefined) return;
  const server = serverCommand();
  channel.info(describeServerCommand(server));
  const executable = { command: server.command, args: [...server.args], transport: TransportKind.stdio, options: { cwd: server.cwd, shell: server.shell } };
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.flow');
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE },
      { scheme: 'untitled', language: LANGUAGE },
    ],
    synchronize: { fileEvents: watcher },
    outputChannel: channel,
  };
  const next = new LanguageClient(LANGUAGE, 'Samvad', serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = startFailureMessage(server, reason);
    channel.error(message);
    client = undefined;
    const choice = await vscode.window.showErrorMessage(message, OPEN_SETTINGS, SHOW_OUTPUT);
    if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'samvad.server');
    if (choice === SHOW_OUTPUT) channel.show(true);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) return;
  try {
    await running.stop();
  } catch (error) {
    output?.warn(`stopping the server: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  output?.info('restarting the language server');
  await stop();
  await start(context);
}
