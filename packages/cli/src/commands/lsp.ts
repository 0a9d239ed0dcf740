/** `samvad lsp`: the `.flow` language server over stdio, for editors (VS Code, Neovim, Helix, Emacs). */
import type { Command } from 'commander';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { ExitCode } from '../cli/exit.js';

/** Registers `samvad lsp`. */
export function registerLsp(program: Command, env: CommandEnv): void {
  program
    .command('lsp')
    .description('run the .flow language server over stdio (editors start it)')
    .option('--stdio', 'talk the Language Server Protocol over stdin/stdout (the default, and the only transport)')
    // Clients add their own flags (e.g. `--clientProcessId=…` from vscode-languageclient): accepted, not needed.
    .allowUnknownOption()
    .addHelpText('after', '\nAn editor starts it; it reads JSON-RPC on stdin and writes it on stdout.\nSee docs/editor.md for VS Code, Neovim, Helix and Emacs.')
    .action(
      action(env, async () => {
        const { runStdioServer } = await import('@samvad/lsp');
        await runStdioServer();
        return ExitCode.ok;
      }),
    );
}
