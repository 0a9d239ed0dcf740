/**
 * `npm run bench`: the compile, runtime, language-server and serve benchmarks (serve: against a bare server, and on both stores), one after the other, each in its own
 * process (they must not share a heap or a core with each other). Results go to stdout; record
 * them in BENCHMARKS.md with the date and the machine's load.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;
const benches: readonly (readonly string[])[] = [
  ['bench/compile/run.ts', '--runs', '5'],
  ['bench/runtime/run.ts'],
  ['bench/runtime/matching.ts'], // checks routing correctness first
  ['bench/lsp/run.ts'], // keystroke → diagnostics through the protocol; every result checked
  ['bench/serve/run.ts', '--duration', '6', '--rounds', '5'], // sends as fast as the fake takes; every reply checked
  ['bench/serve/stores.ts', '--rounds', '2'], // SQLite × 1 against PostgreSQL × 1, 2, 3; every reply checked
  ['bench/serve/calls.ts', '--citizens', '200', '--rounds', '2'], // durable calls on both stores; every submission and reference checked
];

let failed = 0;
for (const args of benches) {
  console.log(`\n$ tsx ${args.join(' ')}`);
  const result = spawnSync(tsx, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
