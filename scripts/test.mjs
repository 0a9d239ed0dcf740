// `npm test`: type-check the whole workspace, then run every test once.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => `${root}node_modules/.bin/${name}`;

for (const [name, args] of [
  ['tsc', ['-p', 'tsconfig.json', '--noEmit']],
  ['vitest', ['run', ...process.argv.slice(2)]],
]) {
  console.error(`\n$ ${name} ${args.join(' ')}`);
  const result = spawnSync(bin(name), args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
