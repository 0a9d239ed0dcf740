// `npm run pack [-- <folder>]`: builds every package, then packs each into a tarball in <folder>
// (default build/packages). Packing goes through pnpm, not npm: pnpm turns the `workspace:*`
// ranges between the packages into their versions and swaps `exports` for the built ones in
// `publishConfig` — a tarball from plain `npm pack` would point at sources it does not contain.
// Prints the tarballs' paths, one a line, on stdout.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = resolve(process.argv[2] ?? join(root, 'build/packages'));
const PNPM = ['-y', 'pnpm@12.4.2'];

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of readdirSync(join(root, 'packages')).sort()) {
  // A private package is no npm package: the VS Code extension ships as a .vsix (packages/vscode/scripts/package.mjs).
  if (JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')).private === true) continue;
  execFileSync('npx', [...PNPM, 'pack', '--pack-destination', out], { cwd: join(root, 'packages', name), stdio: ['ignore', 'ignore', 'inherit'] });
}
for (const file of readdirSync(out).sort()) console.log(join(out, file));
