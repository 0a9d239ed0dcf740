/** `loadInWorker`: serve's graph loads run in a worker thread with a time limit and a heap cap, and report the files read. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInWorker } from '../src/cli/compile-worker.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'samvad-compile-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadInWorker', () => {
  it('compiles a .flow with its includes and lists every file it read', async () => {
    const result = await loadInWorker(join(ROOT, 'examples/includes.flow'), ROOT);
    expect(result.ok).toBe(true);
    expect(result.files).toEqual(
      expect.arrayContaining(['examples/includes.flow', 'examples/includes/revenue.flow', 'examples/includes/health.flow', 'examples/includes/common.flow'].map((f) => join(ROOT, f))),
    );
  });

  it('refuses a flow with errors with a report capped at 20 diagnostics, naming how many more', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `menu m${i}\n  text: "x"\n  option a -> nowhere${i}\n    en: "A"\n`);
    const file = join(dir, 'many.flow');
    writeFileSync(file, `bot many\n  languages: en "English"\n  start: m0\n\n${lines.join('\n')}`);
    const result = await loadInWorker(file, dir);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message.match(/error\[FLOW/g)).toHaveLength(20);
      expect(result.message).toMatch(/… and \d+ more errors \(run `samvad check` to see all\)$/);
      expect(result.message.length).toBeLessThanOrEqual(8 * 1024 + 60);
    }
  });

  it('stops a load that overruns its time limit and says so', async () => {
    const file = join(dir, 'garbage.flow');
    writeFileSync(file, Array.from({ length: 40_000 }, (_, i) => `menu -> "x ${i} option { then mr: back`).join('\n'));
    const result = await loadInWorker(file, dir, { timeoutMs: 300 });
    expect(result).toEqual({ ok: false, message: `loading ${file} took longer than 0.3 s and was stopped (is the file very large?)`, files: [file] });
  });

  it('stops a load that needs more than its heap cap and says so (the server thread lives on)', async () => {
    const file = join(dir, 'heavy.flow');
    writeFileSync(file, Array.from({ length: 60_000 }, (_, i) => `option -> "x ${i}" { then mr: back menu`).join('\n'));
    const result = await loadInWorker(file, dir, { heapMb: 24, timeoutMs: 60_000 });
    expect(result).toEqual({ ok: false, message: `loading ${file} needed more than 24 MB of memory and was stopped (is the file very large?)`, files: [file] });
  });

  it('reads a graph.json only when it is a regular file', async () => {
    const result = await loadInWorker('/dev/zero', dir);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe('cannot read /dev/zero: not a regular file, missing, or larger than 64 MiB');
  });
});
