/**
 * Checks one turn's expectations against what the bot actually did. Pure.
 * `bot:` and `bot contains:` each take the next reply; `bot options:` looks at the reply the line
 * before it checked when that is a menu, or else takes the next one; `node:` looks at where the
 * conversation rests; `bot called:` takes the next call the bot made (calls are counted apart
 * from replies).
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

/** A `call` the bot made: the endpoint and the fields it sent (interpolated). */
export interface MadeCall {
  readonly endpoint: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** What the bot did in answer to one `user:` line. */
export interface TurnOutcome {
  readonly replies: readonly Reply[];
  /** The calls it made, in order (absent: none). */
  readonly calls?: readonly MadeCall[];
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
  let callCursor = 0;
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
      case 'called': {
        const failure = checkCall(expectation, outcome.calls ?? [], callCursor);
        if (failure !== undefined) return failure;
        callCursor += 1;
        break;
      }
      default: {
        const unreachable: never = expectation;
        throw new Error(`unhandled expectation ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return undefined;
}

/**
 * `bot called: endpoint` against the call at `index`: the endpoint, then each listed field's exact
 * value (NFC). Fields sent but not listed are not checked.
 */
function checkCall(expected: Extract<Expectation, { kind: 'called' }>, calls: readonly MadeCall[], index: number): Failure | undefined {
  const wanted = [`called: ${expected.endpoint}`, ...expected.fields.map((f) => `${f.field}: ${f.value}`)];
  const call = calls[index];
  if (call === undefined) {
    const made = calls.length === 0 ? 'the bot made no call' : `the bot made only ${calls.length === 1 ? '1 call' : `${calls.length} calls`}`;
    return { line: expected.line, message: `expected a call to \`${expected.endpoint}\`, but ${made}`, diff: wanted.map((text) => ({ op: '-', text })) };
  }
  const nth = `call ${index + 1}`;
  if (call.endpoint !== expected.endpoint) {
    return {
      line: expected.line,
      message: `${nth} went to \`${call.endpoint}\`, not \`${expected.endpoint}\``,
      diff: [
        { op: '-', text: `called: ${expected.endpoint}` },
        { op: '+', text: `called: ${call.endpoint}` },
      ],
    };
  }
  const diff: DiffLine[] = [{ op: ' ', text: `called: ${call.endpoint}` }];
  let first: { line: number; message: string } | undefined;
  for (const field of expected.fields) {
    const sent = Object.hasOwn(call.fields, field.field) ? call.fields[field.field] : undefined;
    if (sent !== undefined && sent.normalize('NFC') === field.value.normalize('NFC')) {
      diff.push({ op: ' ', text: `${field.field}: ${sent}` });
      continue;
    }
    diff.push({ op: '-', text: `${field.field}: ${field.value}` });
    if (sent !== undefined) diff.push({ op: '+', text: `${field.field}: ${sent}` });
    first ??= {
      line: field.line,
      message:
        sent === undefined
          ? `${nth} (to \`${call.endpoint}\`) sent no field \`${field.field}\`; it sent ${Object.keys(call.fields).map((f) => `\`${f}\``).join(', ') || 'no fields'}`
          : `${nth} (to \`${call.endpoint}\`) sent a different \`${field.field}\``,
    };
  }
  return first === undefined ? undefined : { ...first, diff };
}
