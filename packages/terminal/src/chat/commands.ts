/**
 * Simulator commands typed on the input line (`/lang en`, `/reset`, `/vars`, `/quit`):
 * they steer the simulator and never reach the bot.
 */

export type SimCommand =
  | { readonly kind: 'lang'; readonly code: string }
  | { readonly kind: 'reset' }
  | { readonly kind: 'vars' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'help' }
  | { readonly kind: 'invalid'; readonly message: string };

/** One line summarising the commands. */
export const COMMAND_HELP = '/lang <code>  /reset  /vars (Ctrl+V)  /quit (Ctrl+C)  /help';

/** The command on `line`, or `undefined` when the line is a message for the bot. */
export function parseCommand(line: string): SimCommand | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return undefined;
  const [name = '', ...args] = trimmed.slice(1).split(/\s+/);
  switch (name) {
    case 'lang':
    case 'language':
      return args[0] !== undefined && args.length === 1
        ? { kind: 'lang', code: args[0] }
        : { kind: 'invalid', message: 'usage: /lang <code>, e.g. /lang en' };
    case 'reset':
      return { kind: 'reset' };
    case 'vars':
      return { kind: 'vars' };
    case 'quit':
    case 'exit':
      return { kind: 'quit' };
    case 'help':
      return { kind: 'help' };
    default:
      return { kind: 'invalid', message: `unknown command /${name}; commands: ${COMMAND_HELP}` };
  }
}
