/**
 * Transcripts: the record of a simulated conversation, as plain text (`you:` / `bot:` blocks)
 * or as JSON for machines.
 */
import type { Inbound, Outbound } from '@samvad/runtime';
import type { ChatCall } from '../chat/engine.js';
import { describeCall } from './calls.js';
import { renderPlain } from './plain.js';

/** One exchange: what the user sent (absent for the bot's opening) and everything the bot answered. */
export interface TranscriptTurn {
  readonly inbound?: Inbound;
  readonly outbound: readonly Outbound[];
  /** The node the conversation rests at after the turn. */
  readonly node: string;
  /** The conversation's language after the turn. */
  readonly language: string;
  /** Simulator lines that are not messages (`reloaded`, a language switch, a reset). */
  readonly notices?: readonly string[];
  /** The calls the bot made (endpoint, fields sent, the answer). */
  readonly calls?: readonly ChatCall[];
}

export type Transcript = readonly TranscriptTurn[];

const YOU = 'you: ';
const BOT = 'bot: ';
const INDENT = ' '.repeat(BOT.length);

/**
 * How an inbound message looks in a transcript: the typed text, the tapped choice's title, or what
 * the phone sent (`[🖼 photo: caption]`, `[📄 document arj.pdf]`, `[📍 location 19.84, 75.88 Jalna]`,
 * `[👤 contact Asha +91…]`).
 */
export function describeInbound(inbound: Inbound): string {
  switch (inbound.kind) {
    case 'text':
      return inbound.text;
    case 'reply':
      return `(tap) ${inbound.title ?? inbound.id}`;
    case 'unsupported':
      return `(${inbound.what})`;
    case 'data':
      return `(data ${inbound.requestId}: ${inbound.result.ok ? `${inbound.result.items.length} items` : inbound.result.reason})`;
    case 'media':
      return bracket(mediaWhat(inbound), inbound.caption);
    case 'location':
      return bracket(`📍 location ${inbound.latitude}, ${inbound.longitude}`, [inbound.name, inbound.address].filter((part) => part !== undefined && part !== '').join(', '), ' ');
    case 'contact':
      return bracket(`👤 contact ${inbound.name}`, inbound.phone, ' ');
    case 'call':
      return `(call ${inbound.requestId}: ${inbound.result.ok ? 'answered' : inbound.result.reason})`;
    default:
      return unreachable(inbound);
  }
}

function mediaWhat(media: Extract<Inbound, { kind: 'media' }>): string {
  switch (media.mediaType) {
    case 'image':
      return '🖼 photo';
    case 'document':
      return `📄 document${media.filename === undefined ? '' : ` ${media.filename}`}`;
    case 'video':
      return '🎬 video';
    case 'audio':
      return '🎤 voice note';
    case 'sticker':
      return 'sticker';
    default:
      return unreachable(media.mediaType);
  }
}

/** `[what: detail]` (or `[what detail]` with `joiner` ' '), `[what]` without a detail. */
function bracket(what: string, detail: string | undefined, joiner = ': '): string {
  return detail === undefined || detail === '' ? `[${what}]` : `[${what}${joiner}${detail}]`;
}

/**
 * One turn as `you:` / `bot:` blocks; continuation lines are indented under the first. `listButton`:
 * the graph's label of a list's button (default: the simulator's own for the language).
 */
export function renderTurn(turn: TranscriptTurn, listButton?: string): string {
  const lines: string[] = [];
  if (turn.inbound !== undefined) lines.push(block(YOU, describeInbound(turn.inbound)));
  for (const notice of turn.notices ?? []) lines.push(`-- ${notice}`);
  for (const call of turn.calls ?? []) lines.push(...describeCall(call).map((line) => `-- ${line}`));
  const options = listButton === undefined ? { lang: turn.language } : { lang: turn.language, listButton };
  for (const message of turn.outbound) lines.push(block(BOT, renderPlain(message, options)));
  return lines.join('\n');
}

/** A whole transcript as plain text: turns separated by a blank line, ending with a newline. */
export function renderTranscript(transcript: Transcript): string {
  return transcript.length === 0 ? '' : `${transcript.map((turn) => renderTurn(turn)).join('\n\n')}\n`;
}

/** A whole transcript as pretty JSON (turns with inbound, outbound, node, language). */
export function transcriptJson(transcript: Transcript): string {
  return `${JSON.stringify(transcript, null, 2)}\n`;
}

function block(prefix: string, text: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? prefix + line : line === '' ? '' : INDENT + line))
    .join('\n');
}

function unreachable(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
