import { dirname, isAbsolute, relative, sep } from 'node:path';

/** `path` relative to `base` with `/` separators, or `path` unchanged when `base` is not given. */
export function relativeTo(base: string | undefined, path: string): string {
  if (base === undefined) return path;
  if (isAbsolute(path) !== isAbsolute(base)) return path;
  const rel = relative(base, path);
  return (rel === '' ? path : rel).split(sep).join('/');
}

/** The folder of a file path. */
export function folderOf(path: string): string {
  return dirname(path);
}
