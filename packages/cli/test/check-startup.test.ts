/**
 * `samvad check` loads only what checking needs: not Ajv (the graph is not validated when
 * checking; Ajv loads on the first validation) and not SQLite's native addon (the session store
 * is `@samvad/runtime/sqlite`, apart from the runtime's index). Both are CommonJS, so the spawned
 * process logs CommonJS loads as well as ES module loads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMVAD = resolve(ROOT, 'packages/cli/bin/samvad.js');

describe('modules samvad check loads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samvad-check-startup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'loaded.txt');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }`,
  );
  // CommonJS modules required from CommonJS (or through createRequire) bypass the ES module hooks.
  writeFileSync(
    join(dir, 'cjs.cjs'),
    `const Module = require('node:module'); const { appendFileSync } = require('node:fs');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try { appendFileSync(${JSON.stringify(log)}, Module._resolveFilename(request, parent, isMain) + '\\n'); } catch {}
  return load.apply(this, arguments);
};`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);

  const run = (args: string[]) => {
    writeFileSync(log, '');
    const child = spawnSync(process.execPath, ['--require', join(dir, 'cjs.cjs'), '--import', pathToFileURL(join(dir, 'register.mjs')).href, SAMVAD, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { ...child, loaded: readFileSync(log, 'utf8').split('\n').filter((line) => line !== '') };
  };
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
