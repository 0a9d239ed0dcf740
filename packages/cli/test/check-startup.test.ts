/**
 * `samvad check` loads only what checking needs: not Ajv (the graph is not validated when
 * checking; Ajv loads on the first validation) and not SQLite's native addon (the session store
 * is `@samvad/runtime/sqlite`, apart from the runtime's index). Both are CommonJS, so the spawned
 * process logs CommonJS loads as well as ES module loads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { moduleLoggingSamvad } from './support/module-log.js';

describe('modules samvad check loads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samvad-check-startup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = moduleLoggingSamvad(dir, { commonJs: true });
  const heavy = (urls: string[]) => urls.filter((url) => /\/node_modules\/(ajv|better-sqlite3)\//.test(url));

  it('check of Jalna Mitra loads the compiler but neither Ajv nor better-sqlite3, and still reports as before', () => {
    const check = run(['check', 'flows/jalna-mitra.flow']);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toContain('checked 13 files: no problems');
    expect(check.loaded.some((url) => url.includes('/packages/compiler/'))).toBe(true);
    expect(heavy(check.loaded)).toEqual([]);
  });

  it('the hooks do see Ajv when a command validates a graph (compile)', () => {
    const out = join(dir, 'hello.graph.json');
    const compile = run(['compile', 'examples/hello.flow', '-o', out]);
    expect(compile.status, compile.stderr).toBe(0);
    expect(compile.loaded.some((url) => /\/node_modules\/ajv\//.test(url))).toBe(true);
  });
});
