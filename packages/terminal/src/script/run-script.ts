/**
 * Script mode: user lines in, a transcript out. No TTY needed, so tests, CI and shell pipes use it.
 * Lines that start with `# ` (a hash and a space) and blank lines are skipped; a lone `#` is sent,
 * since it is a common "back" word. Simulator commands (`/lang xx`, `/reset`, `/photo`, `/location` …)
 * work as in the UI.
 */
import type { Inbound } from '@samvad/runtime';
import type { ChatEngine, ChatTurn } from '../chat/engine.js';
import { parseCommand } from '../chat/commands.js';
import { renderTurn } from '../render/transcript.js';
import type { TranscriptTurn } from '../render/transcript.js';

export interface ScriptOptions {
  /** Write each turn as plain text as soon as it is known (omit for JSON: print at the end). */
  readonly onTurn?: (text: string) => void;
}

/** Whether a script line is a comment or blank (skipped). */
export function isSkippedLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || /^#\s/.test(trimmed) || trimmed.startsWith('#!');
}

/** Plays `lines` against `engine`, returning every turn (the bot's opening first). */
export async function runScript(
  engine: ChatEngine,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ScriptOptions = {},
): Promise<TranscriptTurn[]> {
  const turns: TranscriptTurn[] = [];
  const record = (turn: ChatTurn, inbound?: Inbound) => {
    const entry: TranscriptTurn = {
      ...(inbound === undefined ? {} : { inbound }),
      outbound: turn.outbound,
      node: turn.snapshot.node,
      language: turn.snapshot.language,
      ...(turn.notices.length > 0 ? { notices: turn.notices } : {}),
      ...(turn.calls !== undefined && turn.calls.length > 0 ? { calls: turn.calls } : {}),
    };
    turns.push(entry);
    options.onTurn?.(`${renderTurn(entry, turn.listButton)}\n\n`);
  };

  record(await engine.open());
  let media = 0;
  for await (const raw of lines) {
    if (isSkippedLine(raw)) continue;
    const line = raw.replace(/\r$/, '');
    const command = parseCommand(line, `sim-media-${media + 1}`);
    if (command === undefined) {
      const inbound: Inbound = { kind: 'text', text: line };
      record(await engine.send(inbound), inbound);
      continue;
    }
    switch (command.kind) {
      case 'lang':
        record(await engine.setLanguage(command.code));
        break;
      case 'reset':
        record(await engine.reset());
        break;
      case 'send':
        if (command.inbound.kind === 'media') media += 1;
        record(await engine.send(command.inbound), command.inbound);
        break;
      case 'quit':
        return turns;
      case 'vars':
      case 'help':
        break;
      case 'invalid':
        throw new Error(command.message);
      default: {
        const never: never = command;
        throw new Error(`unexpected command ${JSON.stringify(never)}`);
      }
    }
  }
  return turns;
}
