/**
 * The compiler's only window on the outside world. The core never touches the file system:
 * the CLI passes a node-fs host (`node-host.ts`), tests pass an in-memory one.
 */
export interface CompilerHost {
  /** The text of `path`, or `undefined` when it cannot be read. */
  readFile(path: string): string | undefined;
  /** The path of `include` (as written in an `include` line) relative to the file `from`. */
  resolve(from: string, include: string): string;
  /**
   * What is at `path` without reading it, symbolic links resolved, or `undefined` when nothing is.
   * A host over a real file system must provide it: the compiler refuses, before reading, a file
   * that leads out of the bot's folder or is not a regular `.flow` file (`includes.ts`). An
   * in-memory host has no links or devices and leaves it out.
   */
  inspect?(path: string): FileFacts | undefined;
}

/** What a host reports about a path before it is read. */
export interface FileFacts {
  /** The path with every symbolic link resolved (`realpath`). */
  readonly real: string;
  /** `other`: a device, FIFO or socket. */
  readonly kind: 'file' | 'folder' | 'other';
  /** Bytes (a regular file's size; 0 for the rest). */
  readonly size: number;
}

/**
 * A host over an in-memory map of paths to texts (tests, editors, the property tests).
 * Paths are POSIX-style; includes resolve relative to the including file's folder.
 */
export function memoryHost(files: Readonly<Record<string, string>> | ReadonlyMap<string, string>): CompilerHost {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return {
    readFile: (path) => map.get(path),
    resolve: (from, include) => joinPosix(dirnamePosix(from), include),
  };
}

function dirnamePosix(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash) || '/';
}

function joinPosix(dir: string, rel: string): string {
  if (rel.startsWith('/')) return normalise(rel);
  return normalise(dir === '.' ? rel : `${dir}/${rel}`);
}

function normalise(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part === '..' && absolute) continue;
    else parts.push(part);
  }
  return (absolute ? '/' : '') + parts.join('/');
}
