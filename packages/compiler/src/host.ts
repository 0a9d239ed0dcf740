/**
 * The compiler's only window on the outside world. The core never touches the file system:
 * the CLI passes a node-fs host (`node-host.ts`), tests pass an in-memory one.
 */
export interface CompilerHost {
  /** The text of `path`, or `undefined` when it cannot be read. */
  readFile(path: string): string | undefined;
  /** The path of `include` (as written in an `include` line) relative to the file `from`. */
  resolve(from: string, include: string): string;
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
