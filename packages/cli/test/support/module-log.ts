/**
 * Runs the real `samvad` with a module hook that writes the URL of every ES module it loads (and,
 * with `commonJs`, the file of every CommonJS module it requires) to a log, for start-up tests.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SAMVAD } from '../../../whatsapp/test/support/processes.js';

/** A finished `samvad` run and what it loaded, in load order. */
export type LoggedRun = SpawnSyncReturns<string> & { readonly loaded: string[] };

/**
 * Writes the hooks into `dir` and returns a function that runs `samvad <args>` (from the
 * repository root, 60 s at most) with them. `commonJs`: also log CommonJS modules, which the
 * ES module hooks do not see when required from CommonJS or through createRequire.
 */
export function moduleLoggingSamvad(dir: string, options: { readonly commonJs?: boolean } = {}): (args: readonly string[]) => LoggedRun {
  const log = join(dir, 'loaded.txt');
  // The hook runs on the loader thread.
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  const flags = ['--import', pathToFileURL(join(dir, 'register.mjs')).href];
  if (options.commonJs === true) {
    writeFileSync(
      join(dir, 'cjs.cjs'),
      `const Module = require('node:module'); const { appendFileSync } = require('node:fs');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try { appendFileSync(${JSON.stringify(log)}, Module._resolveFilename(request, parent, isMain) + '\\n'); } catch {}
  return load.apply(this, arguments);
};`,
    );
    flags.unshift('--require', join(dir, 'cjs.cjs'));
  }
  return (args) => {
    writeFileSync(log, '');
    const child = spawnSync(process.execPath, [...flags, SAMVAD, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { ...child, loaded: readFileSync(log, 'utf8').split('\n').filter((line) => line !== '') };
  };
}
