/**
 * Docs that are executed: every shell example of README.md and docs/*.md (conventions in
 * support/doc-examples.ts) runs through the real `samvad` binary in a scratch copy of the
 * repository's bots, with its exit code and the output lines it shows checked. Examples that
 * cannot run in a test are marked `<!-- doc-test: skip (why) -->` and listed with their reason.
 * Also: no file of the repository names a path outside it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { extractDocBlocks, missingLines } from './support/doc-examples.js';
import type { DocBlock, DocCommand } from './support/doc-examples.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'packages/cli/bin/samvad.js');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const COMMAND_TIMEOUT_MS = 60_000;
const scratch = mkdtempSync(join(tmpdir(), 'samvad-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder where `samvad` and the repository paths the docs use work, and writing is harmless. */
function workspace(doc: string): { cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = join(scratch, doc.replace(/[^A-Za-z0-9]+/g, '-'));
  mkdirSync(cwd, { recursive: true });
  for (const folder of ['flows', 'examples']) cpSync(join(ROOT, folder), join(cwd, folder), { recursive: true });
  for (const shared of ['packages', 'node_modules', 'package.json', 'scripts']) symlinkSync(join(ROOT, shared), join(cwd, shared));
  const bin = join(cwd, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'samvad'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'samvad'), 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    NPM_CONFIG_OFFLINE: 'true',
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
  };
  return { cwd, env };
}

interface Ran {
  readonly code: number | null;
  readonly output: string;
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv): Ran {
  // On its own line: a trailing `# exit N` comment must not swallow the redirection.
  const result = spawnSync('bash', ['-c', `exec 2>&1\n${command}`], { cwd, env, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Runs a command that serves until stopped: stops it once the expected lines have appeared. */
async function runServer(command: DocCommand, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran & { missing: string[] }> {
  const child = spawn('bash', ['-c', `exec 2>&1\nexec ${command.command}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((done) => {
    const finish = (code: number | null) => {
      clearTimeout(timer);
      done({ code, output, missing: missingLines(command.expected, output) });
    };
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      if (missingLines(command.expected, output).length === 0) child.kill('SIGTERM');
    });
    child.on('exit', (code) => finish(code));
  });
}

/** What is wrong with one command's run, or undefined. */
function problem(doc: string, command: DocCommand, ran: Ran, missing: readonly string[], server: boolean): string | undefined {
  const where = `${doc}:${command.line}: \`${command.command}\``;
  if (missing.length > 0) return `${where}: output lacks\n  ${missing.join('\n  ')}\n--- output was:\n${ran.output}`;
  if (!server && ran.code !== command.exit) return `${where}: exit ${ran.code ?? 'killed'}, the doc says ${command.exit}\n--- output was:\n${ran.output}`;
  return undefined;
}

const extracted = DOCS.map((doc) => [doc, extractDocBlocks(readFileSync(join(ROOT, doc), 'utf8'))] as const);
const skipped = extracted.flatMap(([doc, blocks]) => blocks.flatMap((b) => (b.kind === 'skip' ? [`${doc}:${b.line} (${b.reason}): ${b.commands.join('; ') || 'no command'}`] : [])));

describe('docs that are executed', () => {
  test('every command-like block is marked: run (console/sh), a file, or skipped with a reason', () => {
    const unmarked = extracted.flatMap(([doc, blocks]) => blocks.flatMap((b) => (b.kind === 'unmarked' ? [`${doc}:${b.line}:\n${b.text}`] : [])));
    expect(unmarked, 'mark these ```console (with output) or ```sh, or <!-- doc-test: skip (why) -->').toEqual([]);
    // Listed so that the lead sees what no test runs.
    console.log(`doc examples skipped (${skipped.length}):\n  ${skipped.join('\n  ')}`);
    expect(skipped.every((s) => !s.includes('(no reason given)'))).toBe(true);
  });

  test.each(extracted.filter(([, blocks]) => blocks.some((b) => b.kind === 'commands')))(
    '%s: every example runs as shown',
    async (doc, blocks: readonly DocBlock[]) => {
      expect((await runBlocks(doc, blocks)).join('\n\n')).toBe('');
    },
    300_000,
  );

  test('the runner itself: a stale line, a wrong exit code and a skipped block are told apart', async () => {
    const doc = [
      '```console',
      '$ samvad compile examples/hello.flow -o build/hello.json',
      '✓ wrote build/hello.json (3 nodes, sha256:189053841504…)',
      '$ samvad check missing.flow',
      '```',
      '<!-- doc-test: skip (a server) -->',
      '```sh',
      'samvad serve build/hello.json',
      '```',
    ].join('\n');
    const blocks = extractDocBlocks(doc);
    expect(blocks.map((b) => b.kind)).toEqual(['commands', 'skip']);
    const problems = await runBlocks('self-test.md', blocks);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('output lacks\n  ✓ wrote build/hello.json (3 nodes, sha256:189053841504…)');
    expect(problems[0]).toMatch(/✓ wrote build\/hello\.json \(3 nodes, sha256:[0-9a-f]{12}…\)/);
    expect(problems[1]).toContain('self-test.md:4: `samvad check missing.flow`: exit 2, the doc says 0');
  }, 60_000);
});

/** Runs a document's blocks in order in its own workspace; returns what went wrong. */
async function runBlocks(doc: string, blocks: readonly DocBlock[]): Promise<string[]> {
  const { cwd, env } = workspace(doc);
  const problems: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'skip' || block.kind === 'unmarked') continue;
    for (const setup of block.setup) {
      const ran = run(setup, cwd, env);
      if (ran.code !== 0) problems.push(`${doc}:${block.line}: setup \`${setup}\` failed (${ran.code}):\n${ran.output}`);
    }
    if (block.kind === 'file') {
      mkdirSync(dirname(join(cwd, block.path)), { recursive: true });
      writeFileSync(join(cwd, block.path), block.content);
      continue;
    }
    for (const command of block.commands) {
      const found: Ran & { missing?: string[] } = block.server ? await runServer(command, cwd, env) : run(command.command, cwd, env);
      const wrong = problem(doc, command, found, found.missing ?? missingLines(command.expected, found.output), block.server);
      if (wrong !== undefined) problems.push(wrong);
    }
  }
  return problems;
}

describe('every command of `samvad --help` is documented', () => {
  test('README.md lists it and docs/cli.md has a section and a table row for it', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z][\w-]*)\b/gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
    expect(commands).toContain('check');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const cli = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
    const missing = commands.flatMap((c) => [
      ...(readme.includes(`| \`samvad ${c}`) ? [] : [`README.md: no row for ${c}`]),
      ...(cli.includes(`\n## ${c}\n`) ? [] : [`docs/cli.md: no "## ${c}" section`]),
      ...(cli.includes(`| [\`${c}\`](#${c}) |`) ? [] : [`docs/cli.md: no table row for ${c}`]),
    ]);
    expect(missing).toEqual([]);
  });
});

describe('a repository file quoted in a doc is quoted as it is', () => {
  // A paragraph that starts with a file's path in backquotes and ends with `:`, then a fenced block.
  const quotes = DOCS.flatMap((doc) => {
    const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n');
    return lines.flatMap((line, k) => {
      const path = /^`([\w./-]+\.(?:flow|convo|json|tsv))`.*:$/.exec(line)?.[1];
      if (path === undefined || lines[k + 1] !== '' || !(lines[k + 2] ?? '').startsWith('```')) return [];
      const end = lines.indexOf('```', k + 3);
      return [[`${doc}:${k + 1} ${path}`, path, lines.slice(k + 3, end).join('\n')] as const];
    });
  });

  test('some docs quote files', () => {
    expect(quotes.length).toBeGreaterThan(0);
  });

  test.each(quotes)('%s', (_where, path, quoted) => {
    expect(quoted.trimEnd()).toBe(readFileSync(join(ROOT, path), 'utf8').trimEnd());
  });
});

describe('docs/diagnostics pages show their golden fixture as it is', () => {
  const dir = join(ROOT, 'docs/diagnostics');
  const pages = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  const citing = pages.flatMap((page) => {
    const text = readFileSync(join(dir, page), 'utf8');
    const input = /`(packages\/compiler\/test\/fixtures\/[^`]+)\/input\.flow`:\s*\n\s*```[^\n]*\n([\s\S]*?)\n```/.exec(text);
    if (input === null) return [];
    const report = /reports:\s*\n\s*```[^\n]*\n([\s\S]*?)\n```/.exec(text.slice(input.index + input[0].length));
    return [[page, input[1] as string, input[2] as string, report?.[1]] as const];
  });

  test('most pages cite a fixture', () => {
    expect(citing.length).toBeGreaterThan(pages.length / 2);
  });

  // The last line differs on purpose: `samvad check` ends with `✗ checked 1 file: 1 error`, the
  // renderer alone (expected.txt) with `1 error`.
  const withoutSummary = (text: string) => text.trim().split('\n').slice(0, -1).join('\n').trimEnd();
  test.each(citing)('%s', (_page, folder, input, report) => {
    expect(input.trim()).toBe(readFileSync(join(ROOT, folder, 'input.flow'), 'utf8').trim());
    expect(report, 'a "`samvad check` reports:" block after the input').toBeDefined();
    expect(withoutSummary(report ?? '')).toBe(withoutSummary(readFileSync(join(ROOT, folder, 'expected.txt'), 'utf8')));
  });
});

describe('the repository is self-contained', () => {
  test('no tracked file names a path outside the repository (the shared reference folder)', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f !== '');
    const outside = /\/work\/shared|shared\/reference/;
    const hits: string[] = [];
    for (const file of files) {
      if (file.endsWith('docs.test.ts') || /\.(png|jpg|svg|ico|db|lock)$/.test(file)) continue;
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue; // listed but deleted in the working tree
      }
      text.split('\n').forEach((line, k) => {
        if (outside.test(line)) hits.push(`${file}:${k + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
