import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CompilerHost } from './host.js';

/** A host that reads `.flow` files from disk (used by the CLI and the benchmarks). */
export function nodeHost(): CompilerHost {
  return {
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    resolve: (from, include) => resolve(dirname(from), include),
  };
}
