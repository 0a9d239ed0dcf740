/**
 * The exit-code rule of docs/cli.md, through the spawned binary: 1 for errors in the input (a graph
 * file that is not JSON is an invalid graph), 2 for usage and I/O problems (a `--data` file that is
 * not JSON, a language the bot does not speak, `chat` without a terminal and without `--script`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../bin/samvad.js');
const ROOT = resolve(import.meta.dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'samvad-exit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function samvad(args: readonly string[], input = ''): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('exit codes (spawned)', () => {
  it('a graph file that is not JSON is an invalid graph: validate exits 1 and says where', () => {
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, '{"format": 1,');
    const { code, stdout } = samvad(['validate', broken]);
    expect(code).toBe(1);
    expect(stdout).toContain('not a valid graph');
    expect(stdout).toMatch(/not valid JSON \(at line 1, column \d+\)/);
  });

  it('chat without a terminal and without --script is a usage problem: exit 2 and how to script it', () => {
    const { code, stdout, stderr } = samvad(['chat', 'examples/hello.flow']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('the interactive simulator needs a terminal; use --script -');
  });

  it('chat with a language the bot does not speak, or a --data file that is not JSON, exits 2', () => {
    const lang = samvad(['chat', 'examples/hello.flow', '--lang', 'fr', '--script', '-'], '1\n');
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('unknown language `fr`; this bot speaks mr, hi, en');
    const data = join(scratch, 'data.json');
    writeFileSync(data, 'not json');
    const canned = samvad(['chat', 'examples/data-source.flow', '--data', data, '--script', '-'], '1\n');
    expect(canned.code).toBe(2);
    expect(canned.stderr).toContain('is not valid JSON');
  });

  it('a script or bot that is a device or a folder exits 2 and says which it is', () => {
    const device = samvad(['chat', 'examples/hello.flow', '--script', '/dev/null']);
    expect(device.code).toBe(2);
    expect(device.stderr).toContain('cannot read /dev/null: not a regular file (a device, pipe or socket)');
    const folder = samvad(['chat', 'examples']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('cannot read examples: is a folder, not a file');
  });
});
