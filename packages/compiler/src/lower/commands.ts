import type { BotDecl, CommandKind } from '@samvad/dsl';
import { defaultCommandWords } from '@samvad/runtime';

/** The command kinds, in the order they are listed in a graph. */
export const COMMAND_KINDS: readonly CommandKind[] = ['home', 'back', 'help', 'language', 'restart'];

/**
 * The words of every global command: as declared by the bot, else the runtime's built-in words
 * (Marathi, Hindi and English, plus `0`, `#`), without repeats.
 */
export function commandWords(bot: BotDecl | undefined): Record<CommandKind, string[]> {
  const result = {} as Record<CommandKind, string[]>;
  for (const kind of COMMAND_KINDS) {
    const declared = bot?.commands.filter((c) => c.command === kind).flatMap((c) => c.words.map((w) => w.value)) ?? [];
    const words = declared.length > 0 ? declared : defaultCommandWords[kind];
    result[kind] = [...new Set(words)];
  }
  return result;
}

/** Normalises a word the way the runtime compares them: NFC, lower case, single spaces, no zero-width joiners. */
export function normaliseWord(word: string): string {
  return word
    .normalize('NFC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ');
}
