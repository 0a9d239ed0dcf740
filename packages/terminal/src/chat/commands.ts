/**
 * Simulator commands typed on the input line. `/lang en`, `/reset`, `/vars`, `/quit` and `/help`
 * steer the simulator and never reach the bot; `/photo`, `/document`, `/location` and `/contact`
 * send the bot what a citizen's phone would (see `inbound.ts`).
 */
import type { Inbound } from '@samvad/runtime';
import { contactInbound, documentInbound, locationInbound, parseCoordinates, photoInbound } from './inbound.js';

export type SimCommand =
  | { readonly kind: 'lang'; readonly code: string }
  | { readonly kind: 'reset' }
  | { readonly kind: 'vars' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'help' }
  /** A photo, document, location or contact for the bot. */
  | { readonly kind: 'send'; readonly inbound: Inbound }
  | { readonly kind: 'invalid'; readonly message: string };

/** One line summarising the commands that steer the simulator. */
export const COMMAND_HELP = '/lang <code>  /reset  /vars (Ctrl+V)  /quit (Ctrl+C)  /help';

/** The commands that send the bot something other than text, each with its arguments. */
export const SEND_COMMANDS: readonly string[] = ['/photo [caption]', '/document name.pdf [caption]', '/location lat,long [name]', '/contact "Name" +91…'];

/** One line summarising the commands that send the bot something other than text. */
export const SEND_HELP = SEND_COMMANDS.join('  ');

const USAGE = {
  document: 'usage: /document name.pdf [caption], e.g. /document arj.pdf Application form',
  location: 'usage: /location lat,long [name], e.g. /location 19.84,75.88 Jalna',
  contact: 'usage: /contact "Name" +91…, e.g. /contact "Asha Patil" +919800000000',
} as const;

/**
 * The command on `line`, or `undefined` when the line is a message for the bot. `mediaId` is the
 * media id a `/photo` or `/document` gets (the caller makes each one unique, as WhatsApp does).
 */
export function parseCommand(line: string, mediaId = 'sim-media-1'): SimCommand | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return undefined;
  const name = /^\/(\S*)/.exec(trimmed)?.[1] ?? '';
  const rest = trimmed.slice(name.length + 1).trim();
  const args = rest === '' ? [] : rest.split(/\s+/);
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
    case 'photo':
      return { kind: 'send', inbound: photoInbound(mediaId, unquote(rest)) };
    case 'document': {
      const [filename, caption] = firstWord(rest);
      if (filename === '') return { kind: 'invalid', message: USAGE.document };
      return { kind: 'send', inbound: documentInbound(mediaId, filename, unquote(caption)) };
    }
    case 'location':
      return location(rest);
    case 'contact':
      return contact(rest);
    default:
      return { kind: 'invalid', message: `unknown command /${name}; commands: ${COMMAND_HELP}  ·  ${SEND_HELP}` };
  }
}

/** `/location 19.84,75.88 Jalna` (also `19.84, 75.88`). */
function location(rest: string): SimCommand {
  const match = /^(-?[\d.]+\s*,\s*-?[\d.]+)(?:\s+(.*))?$/.exec(rest);
  if (match === null) return { kind: 'invalid', message: USAGE.location };
  const at = parseCoordinates(match[1] ?? '');
  if (typeof at === 'string') return { kind: 'invalid', message: `${at}; ${USAGE.location}` };
  return { kind: 'send', inbound: locationInbound(at.latitude, at.longitude, unquote(match[2] ?? '')) };
}

/** `/contact "Asha Patil" +919800000000`; without quotes, the last word is the phone when it looks like one. */
function contact(rest: string): SimCommand {
  let name: string;
  let phone: string;
  const quoted = /^["“]([^"”]*)["”]\s*(.*)$/.exec(rest);
  if (quoted !== null) {
    name = (quoted[1] ?? '').trim();
    phone = (quoted[2] ?? '').trim();
  } else {
    const words = rest.split(/\s+/);
    const last = words[words.length - 1] ?? '';
    const isPhone = words.length > 1 && /^\+?[\d\s-]{6,}$/.test(last);
    name = (isPhone ? words.slice(0, -1) : words).join(' ').trim();
    phone = isPhone ? last : '';
  }
  if (name === '') return { kind: 'invalid', message: USAGE.contact };
  if (phone !== '' && !/^\+?[\d\s-]{6,}$/.test(phone)) return { kind: 'invalid', message: `"${phone}" is not a phone number; ${USAGE.contact}` };
  return { kind: 'send', inbound: contactInbound(name, phone) };
}

/** The first word (or quoted words) of `text`, and the rest. */
function firstWord(text: string): [string, string] {
  const quoted = /^["“]([^"”]*)["”]\s*(.*)$/.exec(text);
  if (quoted !== null) return [(quoted[1] ?? '').trim(), (quoted[2] ?? '').trim()];
  const match = /^(\S*)\s*(.*)$/.exec(text);
  return [match?.[1] ?? '', (match?.[2] ?? '').trim()];
}

/** `text` without one pair of surrounding quotes. */
function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && /^["“]/.test(t) && /["”]$/.test(t) ? t.slice(1, -1) : t;
}
