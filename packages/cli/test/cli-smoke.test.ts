/**
 * Smoke tests of the real binary: `node packages/cli/bin/samvad.js …` in a child process.
 * Each spawn costs about half a second of tsx start-up, so each test checks several things.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../bin/samvad.js');
const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const ROOT = resolve(import.meta.dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'samvad-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function samvad(args: readonly string[], input?: string, cwd = FIXTURES): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    ...(input === undefined ? {} : { input }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('samvad (spawned)', () => {
  it('--help lists every command with a description', () => {
    const { code, stdout } = samvad(['--help']);
    expect(code).toBe(0);
    for (const command of ['check', 'compile', 'validate', 'graph', 'fmt', 'chat', 'test', 'serve', 'fake-graph-api']) {
      expect(stdout).toMatch(new RegExp(`^  ${command} .*\\S`, 'm'));
    }
  });

  it('check: a clean flow exits 0; a broken one exits 1 naming file:line:col; JSON on request', () => {
    const clean = samvad(['check', 'examples/hello.flow'], undefined, ROOT);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('✓ checked 1 file: no problems\n');

    const broken = samvad(['check', 'broken.flow']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('broken.flow:8:15');
    expect(broken.stdout).toContain('unknown target `nowhere`');
    expect(broken.stdout).toMatch(/checked 1 file: 1 error\n$/);

    const json = samvad(['check', 'broken.flow', '--format', 'json']);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { errors: number; diagnostics: { code: string; file: string; line: number; column: number }[] };
    expect(parsed.errors).toBe(1);
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'FLOW2001', file: 'broken.flow', line: 8, column: 15 });
  });

  it('compile writes the same bytes twice, and validate accepts them', () => {
    const first = join(scratch, 'a.json');
    const second = join(scratch, 'b.json');
    expect(samvad(['compile', 'shop.flow', '-o', first]).code).toBe(0);
    expect(samvad(['compile', 'shop.flow', '-o', second]).code).toBe(0);
    expect(readFileSync(first)).toEqual(readFileSync(second));
    const valid = samvad(['validate', first]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('valid graph `shop`');
  });

  it('graph --format svg draws an SVG', () => {
    const { code, stdout } = samvad(['graph', 'shop.flow', '--format', 'svg']);
    expect(code).toBe(0);
    expect(stdout).toContain('<svg');
  });

  it('fmt --check passes a formatted file and lists an unformatted one without touching it', () => {
    expect(samvad(['fmt', '--check', 'shop.flow']).code).toBe(0);
    const before = readFileSync(join(FIXTURES, 'unformatted.flow'), 'utf8');
    const { code, stdout } = samvad(['fmt', '--check', 'unformatted.flow', 'shop.flow']);
    expect(code).toBe(1);
    expect(stdout).toContain('unformatted.flow: not formatted');
    expect(stdout).not.toContain('shop.flow: not formatted');
    expect(readFileSync(join(FIXTURES, 'unformatted.flow'), 'utf8')).toBe(before);
  });

  it('test: a passing suite exits 0, a failing one exits 1 with a diff and the test line', () => {
    const passing = samvad(['test', 'tests']);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toContain('✓ opening hours');
    expect(passing.stdout).toMatch(/^2 passed, 0 failed$/m);

    const failing = samvad(['test', 'failing.convo', '--coverage']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('✗ hours are wrong');
    expect(failing.stdout).toContain('failing.convo:7: reply 1 differs');
    expect(failing.stdout).toContain('- Open 9 to 5.');
    expect(failing.stdout).toContain('+ Open 10 to 5.');
    expect(failing.stdout).toContain('coverage of shop.flow');
    expect(failing.stdout).toMatch(/^0 passed, 1 failed$/m);
  });

  it('chat --script - plays standard input and prints the transcript', () => {
    const { code, stdout } = samvad(['chat', 'shop.flow', '--script', '-', '--data', 'news.json'], '1\n');
    expect(code).toBe(0);
    expect(stdout).toContain('Welcome. Choose:');
    expect(stdout).toContain('you: 1');
    expect(stdout).toContain('Open 10 to 5.');
  });

  it('a missing file exits 2 with a message naming it', () => {
    const { code, stderr } = samvad(['check', 'missing.flow']);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read missing.flow: no such file');
  });
});
