// `npm run build`: compiles every package to packages/*/dist (JavaScript + .d.ts) with
// `tsc -b tsconfig.build.json`, from a clean slate so no file of an earlier build survives.
// The workspace itself never runs dist/ (see packages/cli/bin/samvad.js); packed and installed
// packages do (`npm run pack`).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;

// Only the dist/ folders tsc writes: the VS Code extension bundles its own (packages/vscode/scripts),
// and a test packaging it may be running beside this build.
const built = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')).references.map((ref) => dirname(join(root, ref.path)));
for (const dir of built) rmSync(join(dir, 'dist'), { recursive: true, force: true });
const started = Date.now();
// tsc prints its errors on stdout: send them to stderr, so that pack.mjs's stdout lists only tarballs.
const tsc = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 2, 2] });
if (tsc.status !== 0) {
  console.error('samvad build: tsc failed (see the errors above); nothing was packed.');
  process.exit(tsc.status ?? 1);
}
// The graph validator, precompiled from the JSON schema (Ajv standalone): a built runtime validates
// without loading Ajv's compiler (packages/runtime/src/graph/precompile.ts says why).
const graphDist = join(root, 'packages/runtime/dist/src/graph');
const { precompiledValidatorSource } = await import(pathToFileURL(join(graphDist, 'precompile.js')).href);
const { PRECOMPILED_VALIDATOR } = await import(pathToFileURL(join(graphDist, 'ajv-schema.js')).href);
writeFileSync(join(graphDist, PRECOMPILED_VALIDATOR), precompiledValidatorSource());
console.error(`samvad build: packages/*/dist written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
