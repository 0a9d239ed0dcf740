/**
 * The example conversation tests (`examples/tests/*.convo`) pass and cover every node, option and
 * language of the example flows. Runs the CLI in-process (no spawn) with captured output.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './helpers/in-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('examples/tests', () => {
  it('every example conversation test passes with full coverage', async () => {
    const { code, out, err } = await runInProcess(ROOT, ['test', 'examples/tests', '--min-coverage', '100']);
    expect(err).toBe('');
    expect(out).not.toContain('✗');
    expect(out).not.toContain('below the minimum');
    expect(out).toMatch(/^\d+ passed, 0 failed$/m);
    expect(code).toBe(0);
  });

  it('--min-coverage fails a suite that leaves part of its flow untested, and says what', async () => {
    const { code, out } = await runInProcess(ROOT, ['test', 'packages/cli/test/fixtures/tests', '--min-coverage', '80']);
    expect(code).toBe(1);
    expect(out).toMatch(/^2 passed, 0 failed$/m);
    expect(out).toContain('not visited: check_member, is_member, members');
    expect(out).toContain('below the minimum of 80%: nodes, options, languages');
  });
});
