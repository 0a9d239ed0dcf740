/**
 * Parses a conversation test file. Pure: text in, `{ convo, problems }` out; never throws.
 * One directive per line (`key: value`), `#` comment lines, `---` between cases; see `docs/testing.md`.
 */
import type { Inbound } from '@samvad/runtime';
import type { CalledField, ConvoCase, ConvoFile, ConvoProblem, ConvoSettings, Expectation, Located, Turn } from './types.js';
import { parseSends } from './sends.js';
import { closest } from './suggest.js';

/** Every directive a test file may use. */
export const CONVO_KEYS = [
  'flow',
  'language',
  'vars',
  'data',
  'case',
  'user',
  'user sends',
  'bot',
  'bot contains',
  'bot options',
  'bot called',
  'node',
] as const;

type Key = (typeof CONVO_KEYS)[number];

const DIRECTIVE = /^([a-z]+(?: [a-z]+)?):(?:[ \t]+(.*))?$/;
const VAR_ENTRY = /^([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/;

interface MutableSettings {
  language?: Located<string>;
  vars: Record<string, string>;
  data?: Located<string>;
}

interface MutableTurn {
  inbound: Inbound;
  source: string;
  line: number;
  expect: Expectation[];
}

interface MutableCase {
  name: string;
  /** Whether a `case:` line named it (a case opened by `---` or `user:` waits for one). */
  named: boolean;
  /** Media the case has sent so far (ids `media-1`, `media-2`, … in that order). */
  media: number;
  line: number;
  settings: MutableSettings;
  turns: MutableTurn[];
}

/** Where an indented line goes: more text of a `bot:` line, one more `vars:` entry, or a field of `bot called:`. */
type Continuation =
  | { kind: 'bot'; lines: string[]; line: number; turn: MutableTurn }
  | { kind: 'vars'; into: MutableSettings }
  | { kind: 'called'; fields: CalledField[] }
  | undefined;

const CALLED_FIELD = /^([A-Za-z_][A-Za-z0-9_]*):(?:[ \t]+(.*))?$/;

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function isKey(word: string): word is Key {
  return (CONVO_KEYS as readonly string[]).includes(word);
}

/** Parses the text of a test file shown to the user as `file`. */
export function parseConvo(file: string, text: string): { convo: ConvoFile; problems: ConvoProblem[] } {
  const problems: ConvoProblem[] = [];
  const header: MutableSettings = { vars: {} };
  let flow: Located<string> | undefined;
  const cases: MutableCase[] = [];
  let current: MutableCase | undefined;
  /** After `---`, every line belongs to the next case, never to the header. */
  let pastHeader = false;
  let turn: MutableTurn | undefined;
  let continuation: Continuation;

  const problem = (line: number, message: string) => problems.push({ line, message });
  const closeBot = () => {
    if (continuation?.kind === 'bot') {
      continuation.turn.expect.push({ kind: 'exact', text: continuation.lines.join('\n'), line: continuation.line });
    }
    continuation = undefined;
  };
  const startCase = (name: string | undefined, line: number): MutableCase => {
    const created: MutableCase = { name: name ?? `case at line ${line}`, named: name !== undefined, media: 0, line, settings: { vars: {} }, turns: [] };
    cases.push(created);
    current = created;
    turn = undefined;
    return created;
  };
  const settingsFor = (line: number, key: string): MutableSettings | undefined => {
    if (current === undefined && !pastHeader) return header;
    current ??= startCase(undefined, line);
    if (current.turns.length > 0) {
      problem(line, `\`${key}:\` must come before the first \`user:\` line of its case`);
      return undefined;
    }
    return current.settings;
  };
  const addVar = (into: MutableSettings, entry: string, line: number) => {
    const match = VAR_ENTRY.exec(entry);
    if (match === null) {
      problem(line, `expected a variable as \`name = value\`, found \`${entry}\``);
      return;
    }
    into.vars[match[1] ?? ''] = unquote((match[2] ?? '').trim());
  };

  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    const indented = /^[ \t]/.test(raw);
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed === '---') {
      closeBot();
      current = undefined;
      turn = undefined;
      pastHeader = true;
      return;
    }
    if (indented && continuation?.kind === 'called') {
      const field = CALLED_FIELD.exec(trimmed);
      if (field === null) {
        problem(line, `expected a field sent as \`name: value\` under \`bot called:\`, found \`${trimmed}\``);
        return;
      }
      const name = field[1] ?? '';
      const earlier = continuation.fields.find((f) => f.field === name);
      if (earlier !== undefined) problem(line, `field \`${name}\` is already listed on line ${earlier.line}`);
      else continuation.fields.push({ field: name, value: unquote((field[2] ?? '').trim()), line });
      return;
    }
    const match = DIRECTIVE.exec(trimmed);
    const word = match?.[1];
    if (match === null || word === undefined || !isKey(word)) {
      if (indented && continuation?.kind === 'bot') {
        continuation.lines.push(trimmed);
        return;
      }
      if (indented && continuation?.kind === 'vars') {
        addVar(continuation.into, trimmed, line);
        return;
      }
      if (word !== undefined) {
        const hint = closest(word, CONVO_KEYS);
        problem(line, `unknown directive \`${word}:\`${hint === undefined ? '' : `; did you mean \`${hint}:\`?`}`);
      } else {
        problem(line, 'cannot read this line: lines start with `user:`, `user sends:`, `bot:`, `bot contains:`, `bot options:`, `bot called:`, `node:`, `case:` or `#`');
      }
      return;
    }
    closeBot();
    const value = (match[2] ?? '').trim();
    switch (word) {
      case 'flow':
        if (current !== undefined || pastHeader) problem(line, '`flow:` belongs in the header, before the first case');
        else if (flow !== undefined) problem(line, `\`flow:\` is already given on line ${flow.line}`);
        else if (value === '') problem(line, '`flow:` needs the path of a .flow file or compiled graph');
        else flow = { value, line };
        return;
      case 'language':
      case 'data': {
        const into = settingsFor(line, word);
        if (into === undefined) return;
        if (value === '') problem(line, `\`${word}:\` needs a value`);
        else into[word] = { value, line };
        return;
      }
      case 'vars': {
        const into = settingsFor(line, word);
        if (into === undefined) return;
        if (value !== '') addVar(into, value, line);
        continuation = { kind: 'vars', into };
        return;
      }
      case 'case':
        if (current === undefined || current.turns.length > 0 || current.named) {
          startCase(value === '' ? undefined : value, line);
        } else if (value !== '') {
          current.name = value;
          current.named = true;
        }
        return;
      case 'user':
      case 'user sends': {
        const owner = current ?? startCase(undefined, line);
        let inbound: Inbound | string = { kind: 'text', text: value };
        if (word === 'user sends') inbound = parseSends(value, `media-${owner.media + 1}`);
        if (typeof inbound === 'string') {
          problem(line, inbound);
          // Kept as a turn so that its `bot:` lines are not reported too (the file will not run).
          inbound = { kind: 'unsupported', what: value };
        }
        if (inbound.kind === 'media') owner.media += 1;
        turn = { inbound, source: trimmed, line, expect: [] };
        owner.turns.push(turn);
        return;
      }
      case 'bot':
      case 'bot contains':
      case 'bot options':
      case 'bot called':
      case 'node': {
        if (turn === undefined) {
          problem(line, `\`${word}:\` must follow a \`user:\` line (the bot only answers the citizen)`);
          return;
        }
        if (word === 'bot') continuation = { kind: 'bot', lines: value === '' ? [] : [value], line, turn };
        else if (value === '') problem(line, `\`${word}:\` needs a value`);
        else if (word === 'bot called') {
          const fields: CalledField[] = [];
          turn.expect.push({ kind: 'called', endpoint: value, fields, line });
          continuation = { kind: 'called', fields };
        }
        else if (word === 'bot contains') turn.expect.push({ kind: 'contains', text: value, line });
        else if (word === 'node') turn.expect.push({ kind: 'node', node: value, line });
        else turn.expect.push({ kind: 'options', titles: value.split('|').map((title) => title.trim()), line });
        return;
      }
      default: {
        const unreachable: never = word;
        throw new Error(`unhandled directive ${String(unreachable)}`);
      }
    }
  });
  closeBot();

  if (flow === undefined) problem(1, 'missing `flow:` line naming the .flow file (or compiled graph) under test');
  if (cases.length === 0) problem(lines.length, 'no cases: write `case: <name>` followed by `user:` and `bot:` lines');
  for (const each of cases) {
    if (each.turns.length === 0) problem(each.line, `case "${each.name}" has no \`user:\` line`);
  }
  const freezeSettings = (s: MutableSettings): ConvoSettings => ({
    vars: { ...s.vars },
    ...(s.language === undefined ? {} : { language: s.language }),
    ...(s.data === undefined ? {} : { data: s.data }),
  });
  const convo: ConvoFile = {
    file,
    ...(flow === undefined ? {} : { flow }),
    settings: freezeSettings(header),
    cases: cases.map(
      (each): ConvoCase => ({
        name: each.name,
        line: each.line,
        settings: freezeSettings(each.settings),
        turns: each.turns.map((t): Turn => ({ inbound: t.inbound, source: t.source, line: t.line, expect: t.expect })),
      }),
    ),
  };
  return { convo, problems };
}

/** A case's effective starting state: the header's settings with the case's own on top. */
export function caseSettings(convo: ConvoFile, testCase: ConvoCase): ConvoSettings {
  const language = testCase.settings.language ?? convo.settings.language;
  const data = testCase.settings.data ?? convo.settings.data;
  return {
    vars: { ...convo.settings.vars, ...testCase.settings.vars },
    ...(language === undefined ? {} : { language }),
    ...(data === undefined ? {} : { data }),
  };
}
