// Installs the workspace's dependencies when they are missing or stale, so that
// `npm start` and `npm test` work on a fresh machine with only Node.js and npm.
import { createHash } from 'node:crypto';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const PNPM = 'npx -y pnpm@12.4.2';

function manifestHash() {
  const hash = createHash('sha256');
  const files = ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml'];
  for (const dir of readdirSync(join(root, 'packages')).sort()) files.push(join('packages', dir, 'package.json'));
  for (const file of files) {
    const path = join(root, file);
    if (existsSync(path)) hash.update(file).update(readFileSync(path));
  }
  return hash.digest('hex');
}

const stamp = join(root, 'node_modules', '.samvad-install-stamp');
const wanted = manifestHash();
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) process.exit(0);

const frozen = existsSync(join(root, 'pnpm-lock.yaml')) && process.env.CI ? ' --frozen-lockfile' : '';
console.error(`samvad: installing dependencies (${PNPM} install${frozen}) …`);
execSync(`${PNPM} install${frozen}`, { cwd: root, stdio: 'inherit' });
writeFileSync(stamp, manifestHash());
