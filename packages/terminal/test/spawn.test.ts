import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'packages', 'cli', 'bin', 'samvad.js');
const BOT = join(import.meta.dirname, 'fixtures', 'mini', 'bot.flow');

/** Runs `samvad chat …` as a real process with `input` on stdin. */
function chat(args: readonly string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'chat', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('samvad chat as a process', () => {
  it('plays stdin lines and prints the plain transcript', async () => {
    const { code, stdout, stderr } = await chat([BOT, '--script', '-'], '# to the departments\n1\n2\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('bot: नमस्कार 🙏 *जालना मित्र* मध्ये आपले स्वागत आहे. पर्याय निवडा:\n\n     [ 1 जालना मित्र ]  [ 2 शासन निर्णय ]');
    expect(stdout).toContain('you: 1\nbot: विभाग निवडा:\n\n     ☰ पर्याय पहा\n       1 महसूल\n         दाखले व सातबारा');
    expect(stdout).toContain('you: 2\nbot: जिल्हा रुग्णालय, जालना');
    expect(stdout).not.toContain('to the departments');
  });

  it('fails with the compiler’s file:line:col error when the flow does not compile', async () => {
    const broken = join(import.meta.dirname, 'fixtures', 'broken.flow');
    const { code, stdout, stderr } = await chat([broken, '--script', '-'], '1\n');
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/broken\.flow:\d+:\d+/);
  });
});
