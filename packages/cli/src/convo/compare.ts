/**
 * Checks one turn's expectations against what the bot actually did. Pure.
 * `bot:` and `bot contains:` each take the next reply; `bot options:` looks at the reply the line
 * before it checked when that is a menu, or else takes the next one; `node:` looks at where the
 * conversation rests.
 */
import { diffLines } from './diff.js';
import type { DiffLine } from './diff.js';
import type { Expectation } from './types.js';

/** One bot message as a test sees it. */
export interface Reply {
  /** The message as plain text, the way the simulator's transcript shows it. */
  readonly text: string;
  /** Titles of the options it offers (menus only). */
  readonly options?: readonly string[];
}

/** What the bot did in answer to one `user:` line. */
export interface TurnOutcome {
  readonly replies: readonly Reply[];
  /** The node the conversation rests at afterwards. */
  readonly node: string;
}

/** Why a case failed: the test-file line, a one-line message and an expected/actual diff. */
export interface Failure {
  readonly line: number;
  readonly message: string;
  readonly diff: readonly DiffLine[];
}

/** Lines as compared: NFC, trimmed, blank lines dropped. */
export function comparableLines(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function squash(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

const ordinal = (index: number) => `reply ${index + 1}`;

/** The first expectation of the turn that does not hold, or `undefined` when all do. */
export function checkTurn(expect: readonly Expectation[], outcome: TurnOutcome): Failure | undefined {
  let cursor = 0;
  let lastChecked: { reply: Reply; index: number } | undefined;
  const missing = (line: number, wanted: string[]): Failure => ({
    line,
    message: `expected another reply, but the bot sent ${outcome.replies.length === 1 ? 'only 1 reply' : `only ${outcome.replies.length} replies`}`,
    diff: wanted.map((text) => ({ op: '-', text })),
  });

  for (const expectation of expect) {
    switch (expectation.kind) {
      case 'exact': {
        const wanted = comparableLines(expectation.text);
        const reply = outcome.replies[cursor];
        if (reply === undefined) return missing(expectation.line, wanted);
        lastChecked = { reply, index: cursor };
        const actual = comparableLines(reply.text);
        if (wanted.join('\n') !== actual.join('\n')) {
          return { line: expectation.line, message: `${ordinal(cursor)} differs`, diff: diffLines(wanted, actual) };
        }
        cursor += 1;
        break;
      }
      case 'contains': {
        const reply = outcome.replies[cursor];
        if (reply === undefined) return missing(expectation.line, [`… ${expectation.text} …`]);
        lastChecked = { reply, index: cursor };
        if (!squash(reply.text).includes(squash(expectation.text))) {
          return {
            line: expectation.line,
            message: `${ordinal(cursor)} does not contain "${expectation.text}"`,
            diff: [{ op: '-', text: `… ${expectation.text} …` }, ...comparableLines(reply.text).map((text) => ({ op: '+' as const, text }))],
          };
        }
        cursor += 1;
        break;
      }
      case 'options': {
        // The reply just checked, if it is a menu (or nothing follows it); otherwise the next one.
        let target = lastChecked?.reply.options !== undefined || cursor >= outcome.replies.length ? lastChecked : undefined;
        lastChecked = undefined;
        if (target === undefined) {
          const reply = outcome.replies[cursor];
          if (reply === undefined) return missing(expectation.line, [...expectation.titles]);
          target = { reply, index: cursor };
          cursor += 1;
        }
        const actual = (target.reply.options ?? []).map((title) => squash(title));
        const wanted = expectation.titles.map((title) => squash(title));
        if (target.reply.options === undefined) {
          return {
            line: expectation.line,
            message: `${ordinal(target.index)} offers no options`,
            diff: [...wanted.map((text) => ({ op: '-' as const, text })), ...comparableLines(target.reply.text).map((text) => ({ op: '+' as const, text }))],
          };
        }
        if (wanted.join('\n') !== actual.join('\n')) {
          return { line: expectation.line, message: `${ordinal(target.index)} offers different options`, diff: diffLines(wanted, actual) };
        }
        break;
      }
      case 'node':
        if (outcome.node !== expectation.node) {
          return {
            line: expectation.line,
            message: `the conversation is at node \`${outcome.node}\`, not \`${expectation.node}\``,
            diff: [
              { op: '-', text: `node: ${expectation.node}` },
              { op: '+', text: `node: ${outcome.node}` },
            ],
          };
        }
        break;
      default: {
        const unreachable: never = expectation;
        throw new Error(`unhandled expectation ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return undefined;
}
