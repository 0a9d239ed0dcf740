#!/usr/bin/env node
// Runs a TypeScript file through tsx's loader: `node packages/cli/bin/tsx-run.js bench/run-all.ts [args…]`
// (used by `npm run bench`; the script sees its own arguments in process.argv.slice(2)).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [script, ...rest] = process.argv.slice(2);
if (script === undefined) {
  process.stderr.write('usage: tsx-run.js <file.ts> [args…]\n');
  process.exit(2);
}
process.argv = [process.argv[0] ?? 'node', resolve(script), ...rest];
register();
await import(pathToFileURL(resolve(script)).href);
