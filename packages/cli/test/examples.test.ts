/**
 * The example conversation tests (`examples/tests/*.convo`) pass and cover every node, option and
 * language of the example flows. Runs the CLI in-process (no spawn) with captured output.
 */
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../src/cli/context.js';
import { runCli } from '../src/program.js';

const ROOT = resolve(import.meta.dirname, '../../..');

function bufferContext(): { ctx: CliContext; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const ctx: CliContext = {
    cwd: ROOT,
    stdout: { write: (text) => void (out += text) },
    stderr: { write: (text) => void (err += text) },
    color: false,
    colorErr: false,
    env: {},
    streams: { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() },
  };
  return { ctx, out: () => out, err: () => err };
}

describe('examples/tests', () => {
  it('every example conversation test passes with full coverage', async () => {
    const { ctx, out, err } = bufferContext();
    const code = await runCli(['test', 'examples/tests', '--min-coverage', '100'], ctx);
    expect(err()).toBe('');
    expect(out()).not.toContain('✗');
    expect(out()).not.toContain('below the minimum');
    expect(out()).toMatch(/^\d+ passed, 0 failed$/m);
    expect(code).toBe(0);
  });

  it('--min-coverage fails a suite that leaves part of its flow untested, and says what', async () => {
    const { ctx, out } = bufferContext();
    const code = await runCli(['test', 'packages/cli/test/fixtures/tests', '--min-coverage', '80'], ctx);
    expect(code).toBe(1);
    expect(out()).toMatch(/^2 passed, 0 failed$/m);
    expect(out()).toContain('not visited: check_member, is_member, members');
    expect(out()).toContain('below the minimum of 80%: nodes, options, languages');
  });
});
