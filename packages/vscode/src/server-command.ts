/**
 * Which program the extension starts as the language server: pure, so that it is tested without
 * VS Code (test/server-command.test.ts). The editor-facing part is extension.ts.
 *
 * Order: the `samvad.server.command` setting; else the first workspace folder's
 * `node_modules/.bin/samvad` (the version the project pins); else `samvad` on `PATH`.
 */
import { isAbsolute, join } from 'node:path';

/** What the resolution reads: settings, workspace folders, the platform and the file system. */
export interface ServerCommandInput {
  /** `samvad.server.command`; empty or blank means "find it". */
  readonly configured: string;
  /** `samvad.server.args` (default `["lsp"]`). */
  readonly args: readonly string[];
  /** File-system paths of the workspace folders, in order. */
  readonly folders: readonly string[];
  /** False in a workspace the user has not trusted: its own binaries are never run. */
  readonly trusted: boolean;
  readonly platform: NodeJS.Platform;
  /** True when a file exists at the path. */
  readonly exists: (path: string) => boolean;
}

/** Where a server command came from, as the output channel names it. */
export type ServerCommandSource = 'setting' | 'workspace' | 'path';

/** A program to spawn with stdio pipes, and why it was chosen. */
export interface ServerCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** The folder the server runs in (the first workspace folder), if any. */
  readonly cwd: string | undefined;
  /** Windows `.cmd`/`.bat` shims only start through a shell. */
  readonly shell: boolean;
  readonly source: ServerCommandSource;
}

const WORKSPACE_VARIABLE = '${workspaceFolder}';

/** The server command for these settings and folders. */
export function resolveServerCommand(input: ServerCommandInput): ServerCommand {
  const cwd = input.folders[0];
  const args = [...input.args];
  const configured = input.configured.trim();
  if (configured !== '') {
    const command = expandConfigured(configured, cwd);
    const shell = needsShell(command, input.platform);
    return { command: quotedForShell(command, shell), args, cwd, shell, source: 'setting' };
  }
  if (input.trusted) {
    const names = input.platform === 'win32' ? ['samvad.cmd', 'samvad.exe', 'samvad'] : ['samvad'];
    for (const folder of input.folders) {
      for (const name of names) {
        const candidate = join(folder, 'node_modules', '.bin', name);
        if (!input.exists(candidate)) continue;
        const shell = needsShell(candidate, input.platform);
        return { command: quotedForShell(candidate, shell), args, cwd, shell, source: 'workspace' };
      }
    }
  }
  return { command: 'samvad', args, cwd, shell: input.platform === 'win32', source: 'path' };
}

/** `${workspaceFolder}` replaced; a relative path with a slash taken from the first folder. */
function expandConfigured(configured: string, folder: string | undefined): string {
  const expanded = folder === undefined ? configured : configured.split(WORKSPACE_VARIABLE).join(folder);
  const isBareName = !/[\\/]/.test(expanded);
  if (isBareName || isAbsolute(expanded) || folder === undefined) return expanded;
  return join(folder, expanded);
}

function needsShell(command: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' && /\.(cmd|bat)$/i.test(command);
}

/** Through a shell, a path with spaces (`C:\Users\A B\…`) must be quoted. */
function quotedForShell(command: string, shell: boolean): string {
  return shell && /\s/.test(command) && !command.startsWith('"') ? `"${command}"` : command;
}

/** One line for the output channel: what runs, from where, and why it was chosen. */
export function describeServerCommand(server: ServerCommand): string {
  const why: Record<ServerCommandSource, string> = {
    setting: 'from the samvad.server.command setting',
    workspace: "the workspace's own samvad",
    path: 'samvad on PATH',
  };
  const line = [server.command, ...server.args].join(' ');
  return `starting \`${line}\` (${why[server.source]})${server.cwd === undefined ? '' : ` in ${server.cwd}`}`;
}

/** The message shown when the server does not start, with what to do about it. */
export function startFailureMessage(server: ServerCommand, reason: string): string {
  const fix =
    server.source === 'setting'
      ? 'Check the samvad.server.command setting.'
      : 'Install samvad in the workspace (npm install --save-dev samvad) or on PATH, or set samvad.server.command.';
  return `Samvad: the language server \`${[server.command, ...server.args].join(' ')}\` did not start (${reason}). ${fix}`;
}
