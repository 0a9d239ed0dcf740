/**
 * Fast start: `samvad` loads only the command on its command line. The top-level help is built
 * from the table in `commands/register.ts`; these tests check that table against the commands
 * themselves, and which modules a real `samvad` process loads for `--help` and for `check`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandEnv } from '../src/cli/command.js';
import { COMMANDS, loadAllRegistrars } from '../src/commands/register.js';
import { createProgram } from '../src/program.js';
import { runInProcess } from './helpers/in-process.js';
import { moduleLoggingSamvad } from './support/module-log.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const quiet = { write: () => undefined };
const env = () =>
  commandEnv({ cwd: ROOT, stdout: quiet, stderr: quiet, color: false, colorErr: false, env: {}, streams: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr } });

describe('the command table', () => {
  it('lists every command exactly as the loaded command describes itself', async () => {
    const lazy = createProgram(env(), new Map()).helpInformation();
    const full = createProgram(env(), await loadAllRegistrars());
    expect(lazy).toBe(full.helpInformation());
    expect(full.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
  });

  it('runs a command given after a global option, and suggests a command for a typo', async () => {
    const run = await runInProcess(resolve(ROOT, 'packages/cli/test/fixtures'), ['help', 'check']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Usage: samvad check [options] <paths...>');
    const typo = await runInProcess(ROOT, ['chek']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('(Did you mean check?)');
  });
});

describe('modules a samvad process loads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samvad-startup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = moduleLoggingSamvad(dir);
  const loaded = (args: string[]): string[] => {
    const child = run(args);
    expect(child.status, child.stderr).toBe(0);
    return child.loaded;
  };
  const heavy = (urls: string[], pattern: RegExp) => urls.filter((url) => pattern.test(url));

  it('--help loads commander and the CLI shell only: no command, no other package', () => {
    const urls = loaded(['--help']);
    expect(urls.some((url) => url.includes('/commander/'))).toBe(true);
    expect(heavy(urls, /\/commands\/(?!register)|\/packages\/(compiler|dsl|runtime|terminal|whatsapp|sources)\/|\/node_modules\/(ink|react|ajv|better-sqlite3|chevrotain|@viz-js|cheerio|prom-client)\//)).toEqual([]);
  });

  it('check loads the compiler, but not Ink, React, Graphviz, the server or the GR scraper', () => {
    const urls = loaded(['check', 'flows/jalna-mitra.flow']);
    expect(urls.some((url) => url.includes('/packages/compiler/'))).toBe(true);
    expect(heavy(urls, /\/packages\/(terminal|whatsapp|sources)\/|\/node_modules\/(ink|react|@viz-js|cheerio|prom-client)\//)).toEqual([]);
  });
});
