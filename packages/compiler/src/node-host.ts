import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CompilerHost, FileFacts } from './host.js';
import { MAX_FLOW_BYTES } from './includes.js';

/**
 * A host that reads `.flow` files from disk (used by the CLI and the benchmarks). A read opens the
 * file without blocking (a FIFO cannot stall it), checks it is a regular file, and reads at most
 * MAX_FLOW_BYTES + 1 bytes: never the whole of a file of unknown size.
 */
export function nodeHost(): CompilerHost {
  return {
    readFile: (path) => readBounded(path, MAX_FLOW_BYTES),
    resolve: (from, include) => resolve(dirname(from), include),
    inspect,
  };
}

function inspect(path: string): FileFacts | undefined {
  try {
    const real = realpathSync(path);
    const info = statSync(real);
    const kind = info.isFile() ? 'file' : info.isDirectory() ? 'folder' : 'other';
    return { real, kind, size: kind === 'file' ? info.size : 0 };
  } catch {
    return undefined;
  }
}

/** The UTF-8 text of a regular file of at most `limit` bytes, else `undefined`. */
export function readBounded(path: string, limit: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > limit) return undefined;
    // The size can be wrong (files in /proc report 0): read until the end, but never past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(info.size - total, 64 * 1024), limit + 1 - total));
      if (chunk.length === 0) return undefined;
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > limit) return undefined;
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
