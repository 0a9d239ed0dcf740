/** File URIs of the protocol and the absolute paths the compiler uses. */
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The path of a `file:` URI, or `undefined` for another scheme (an untitled buffer). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The `file:` URI of an absolute path. */
export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}
