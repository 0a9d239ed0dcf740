#!/usr/bin/env node
// The `samvad` binary. In a source checkout (src/main.ts beside this folder) it runs the
// TypeScript sources through tsx's loader, always: a dist/ left over from an earlier build can
// never be run by mistake while developing. An installed package ships no src/, only the
// JavaScript built by `node scripts/build.mjs`, and runs that with plain Node.
import { existsSync } from 'node:fs';

const source = new URL('../src/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/src/main.js');
}
