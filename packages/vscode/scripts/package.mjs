// Builds the extension and packs it: `node scripts/package.mjs [--out <file.vsix>]`.
// 1. esbuild bundles src/extension.ts and vscode-languageclient into one CommonJS file,
//    dist/extension.js (`vscode` is provided by the editor), so the .vsix needs no node_modules;
// 2. vsce packs it (the same as `vsce package --no-dependencies`), offline.
// Prints the path of the .vsix on stdout.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { createVSIX } from '@vscode/vsce';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(root, 'build', `${manifest.name}-${manifest.version}.vsix`));

await build({
  entryPoints: [join(root, 'src/extension.ts')],
  outfile: join(root, 'dist/extension.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  minify: true,
  keepNames: true,
  logLevel: 'warning',
});
mkdirSync(dirname(out), { recursive: true });
await createVSIX({ cwd: root, packagePath: out, dependencies: false });
console.log(out);
