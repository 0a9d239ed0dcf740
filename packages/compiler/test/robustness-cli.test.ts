/**
 * The three inputs of issue 10 item 10, through the real `samvad check` and `samvad compile`:
 * each gets a short report of diagnostics and exit code 1 — never a JavaScript stack trace,
 * never exit 2, never megabytes of output.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMVAD = resolve(ROOT, 'packages/cli/bin/samvad.js');
const dir = mkdtempSync(join(tmpdir(), 'samvad-robust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [SAMVAD, ...args], { cwd: dir, maxBuffer: 64 << 20, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      done({ code, stdout, stderr });
    });
  });
}

const header = 'bot b\n  languages: en "English"\n  start: home\n\nmenu home\n  text: "Hi"\n  option a -> route\n    "A"\n    set x = "1"\n\n';

const inputs: Record<string, string | Buffer> = {
  // 10,000 `and` terms: `check` said clean, `compile` failed with stack frames.
  'and.flow': `${header}branch route\n  when ${Array.from({ length: 10_000 }, (_, i) => `x == "${i}"`).join(' and ')} -> done\n  else -> done\n\npage done\n  text: "Done"\n  then home\n`,
  // 100,000 gotos in a cycle: a raw RangeError trace, exit 2.
  'gotos.flow': `bot b\n  languages: en "English"\n  start: g0\n\n${Array.from({ length: 100_000 }, (_, i) => `goto g${i} -> g${(i + 1) % 100_000}\n`).join('')}`,
  // A megabyte of random bytes: 32 MB of diagnostics in 22 s.
  'binary.flow': (() => {
    const bytes = Buffer.alloc(1 << 20);
    let seed = 12345;
    for (let i = 0; i < bytes.length; i += 1) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = seed >> 16;
    }
    return bytes;
  })(),
};
for (const [name, content] of Object.entries(inputs)) writeFileSync(join(dir, name), content);

const expected: Record<string, RegExp> = {
  'and.flow': /^error\[FLOW1106\]: this condition has 10,000 terms; at most 100 are allowed$/m,
  'gotos.flow': /^error\[FLOW4006\]: `g0` → `g1` → .* → `g99999` → `g0` loops without waiting for the citizen \(100,000 nodes\)$/m,
  'binary.flow': /^error\[FLOW1004\]: this is not a text \.flow file: it contains NUL bytes$/m,
};

describe('samvad check and compile on input built to break them', () => {
  test.each(Object.keys(inputs).flatMap((name) => [['check', name], ['compile', name]]))('%s %s: a diagnostic, exit 1, no stack trace', async (command, name) => {
    const { code, stdout, stderr } = await run([command, name, ...(command === 'compile' ? ['-o', 'out.json'] : [])]);
    const output = `${stdout}${stderr}`;
    expect(output).toMatch(expected[name] as RegExp);
    expect(code).toBe(1);
    expect(output).not.toMatch(/internal error|RangeError|\n\s+at \S/);
    expect(output.length).toBeLessThan(4_000);
    expect(output.split('\n').filter((l) => /^(error|warning)\[/.test(l))).toHaveLength(1);
  });
});
