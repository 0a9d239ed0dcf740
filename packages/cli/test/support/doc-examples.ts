/**
 * Extracts the shell examples of Markdown documents, so that a test can run them (docs.test.ts).
 * Pure: text in, blocks out. The conventions, which a reader also benefits from:
 *
 * - ```` ```console ````: lines starting with `$ ` are commands; the lines after one, up to the next
 *   `$ `, are its expected output. An expected line must appear in the output, in order (lines in
 *   between may be left out); `…` in a line stands for any text, and a line that is only `…` for
 *   any lines. `# exit N` at the end of a command is its exit code (default 0).
 * - ```` ```sh ```` (or `bash`, `shell`): every line that is not blank or a `#` comment is a
 *   command, expected to exit 0 (or `# exit N`). A line ending in `\` continues on the next.
 * - ```` ```<lang> file=<path> ````: the block is written to `<path>` before the commands after it
 *   run (the example's input, shown to the reader).
 * - `<!-- doc-test: skip (why) -->` before a block: not run; the runner lists it with the reason.
 *   `<!-- doc-test: server -->`: a command that runs until stopped; it is stopped once its
 *   expected output has appeared. `<!-- doc-test: setup` + shell lines + `-->`: run, unseen, before
 *   the next block (e.g. to make a broken file for the example).
 * - Any other block with a line that looks like a command (`samvad …`, `npx samvad …`,
 *   `node packages/cli/bin/samvad.js …`, `npm start|test`) and no `<placeholder>` is reported as
 *   unmarked, so that no example escapes the runner.
 */

/** One command of an example and what it should do. */
export interface DocCommand {
  /** 1-based line of the command in its document. */
  readonly line: number;
  readonly command: string;
  /** Expected output lines (`…` = any text); empty: not checked. */
  readonly expected: readonly string[];
  readonly exit: number;
}

/** A fenced block of a document that the runner acts on. */
export type DocBlock =
  | { readonly kind: 'commands'; readonly line: number; readonly commands: readonly DocCommand[]; readonly server: boolean; readonly setup: readonly string[] }
  | { readonly kind: 'file'; readonly line: number; readonly path: string; readonly content: string; readonly setup: readonly string[] }
  | { readonly kind: 'skip'; readonly line: number; readonly reason: string; readonly commands: readonly string[] }
  | { readonly kind: 'unmarked'; readonly line: number; readonly text: string };

const FENCE = /^(\s*)(```+|~~~+)\s*(.*)$/;
const SHELL = new Set(['sh', 'bash', 'shell']);
const LOOKS_LIKE_COMMAND = /^\s*(\$\s+)?(?:[A-Z_]+=\S*\s+)*(samvad|npx samvad|pnpm exec samvad|node packages\/cli\/bin\/samvad\.js|npm (start|test)|printf .*\|\s*samvad)\b/;
const PLACEHOLDER = /<[a-z][^>]*>/;
const EXIT = /#.*\bexit\s+(\d+)\s*$/;
const DIRECTIVE = /^\s*<!--\s*doc-test:\s*(skip|server|setup)\b\s*(.*?)\s*(-->)?\s*$/;

/** The blocks of one Markdown document, in order. */
export function extractDocBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  let skip: string | undefined;
  let server = false;
  let setup: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const directive = DIRECTIVE.exec(line);
    if (directive !== null) {
      const [, kind, rest = '', closed] = directive;
      if (kind === 'skip') skip = rest.replace(/^\((.*)\)$/, '$1') || 'no reason given';
      else if (kind === 'server') server = true;
      else {
        if (rest !== '' && !rest.startsWith('(')) setup.push(rest); // `(…)` says what the setup makes
        if (closed === undefined) {
          for (i += 1; i < lines.length && !(lines[i] as string).includes('-->'); i += 1) setup.push((lines[i] as string).trim());
        }
        setup = setup.filter((l) => l !== '');
      }
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence === null) continue;
    const [, indent = '', marker = '```', info = ''] = fence;
    const body: string[] = [];
    const start = i + 1;
    for (i += 1; i < lines.length; i += 1) {
      const closing = FENCE.exec(lines[i] as string);
      if (closing !== null && (closing[2] as string).startsWith(marker) && closing[3] === '') break;
      body.push((lines[i] as string).slice(Math.min(indent.length, leading(lines[i] as string))));
    }
    const words = info.trim().split(/\s+/);
    const lang = words[0] ?? '';
    const file = words.find((w) => w.startsWith('file='))?.slice(5);
    if (skip !== undefined) {
      const commands = lang === 'console' ? consoleCommands(body, start) : shellCommands(body, start);
      blocks.push({ kind: 'skip', line: start, reason: skip, commands: commands.map((c) => c.command.replace(/\s+#.*$/, '').trim()) });
    } else if (file !== undefined) {
      blocks.push({ kind: 'file', line: start, path: file, content: body.join('\n') + '\n', setup });
    } else if (lang === 'console') {
      blocks.push({ kind: 'commands', line: start, commands: consoleCommands(body, start), server, setup });
    } else if (SHELL.has(lang)) {
      blocks.push({ kind: 'commands', line: start, commands: shellCommands(body, start), server, setup });
    } else if (body.some((l) => LOOKS_LIKE_COMMAND.test(l) && !PLACEHOLDER.test(l))) {
      blocks.push({ kind: 'unmarked', line: start, text: body.join('\n') });
    } else {
      continue;
    }
    skip = undefined;
    server = false;
    setup = [];
  }
  return blocks;
}

function leading(line: string): number {
  return line.length - line.trimStart().length;
}

function exitOf(command: string): number {
  const match = EXIT.exec(command);
  return match === null ? 0 : Number(match[1]);
}

/** `$ ` lines with their output; a command line ending in `\` continues on the next line. */
function consoleCommands(body: readonly string[], start: number): DocCommand[] {
  const out: { line: number; command: string; expected: string[] }[] = [];
  for (let k = 0; k < body.length; k += 1) {
    const text = body[k] as string;
    if (text.startsWith('$ ')) {
      let command = text.slice(2);
      const line = start + k + 1;
      while (command.endsWith('\\') && k + 1 < body.length) {
        k += 1;
        command = `${command.slice(0, -1).trimEnd()} ${(body[k] as string).trim()}`;
      }
      out.push({ line, command, expected: [] });
    } else if (out.length > 0 && text.trim() !== '') {
      (out[out.length - 1] as { expected: string[] }).expected.push(text);
    }
  }
  return out.map((c) => ({ ...c, exit: exitOf(c.command) }));
}

/** Every line that is not blank or a comment; `\` continues a line. */
function shellCommands(body: readonly string[], start: number): DocCommand[] {
  const out: DocCommand[] = [];
  for (let k = 0; k < body.length; k += 1) {
    const text = (body[k] as string).trim();
    if (text === '' || text.startsWith('#')) continue;
    let command = text;
    const line = start + k + 1;
    while (command.endsWith('\\') && k + 1 < body.length) {
      k += 1;
      command = `${command.slice(0, -1).trimEnd()} ${(body[k] as string).trim()}`;
    }
    out.push({ line, command, expected: [], exit: exitOf(command) });
  }
  return out;
}

/** True when `actual` is the expected line, `…` standing for any text. */
export function lineMatches(expected: string, actual: string): boolean {
  const want = expected.trimEnd();
  const got = actual.trimEnd();
  if (!want.includes('…')) return want === got;
  const pieces = want.split('…');
  const first = pieces[0] as string;
  const last = pieces[pieces.length - 1] as string;
  if (!got.startsWith(first) || !got.endsWith(last) || got.length < first.length + last.length) return false;
  let at = first.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = got.indexOf(piece, at);
    if (found < 0 || found + piece.length > got.length - last.length) return false;
    at = found + piece.length;
  }
  return true;
}

/**
 * The expected lines not found, in order, in `output` (an empty list: all found). A line that is
 * only `…` matches nothing itself: it says lines were left out, which is always allowed.
 */
export function missingLines(expected: readonly string[], output: string): string[] {
  const actual = output.split('\n');
  const missing: string[] = [];
  let at = 0;
  for (const want of expected) {
    if (want.trim() === '…') continue;
    let found = -1;
    for (let k = at; k < actual.length; k += 1) {
      if (lineMatches(want, actual[k] as string)) {
        found = k;
        break;
      }
    }
    if (found < 0) missing.push(want);
    else at = found + 1;
  }
  return missing;
}
