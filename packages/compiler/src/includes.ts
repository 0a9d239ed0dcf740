/**
 * Which files a bot may read: the root `.flow` file and `.flow` files inside the root file's
 * folder (after resolving symbolic links), regular files no larger than MAX_FLOW_BYTES. Pure
 * decisions over what the host reports (`CompilerHost.inspect`); a refused file is never read, so
 * `include "/proc/self/environ"` or a link to `/dev/zero` cannot leak or hang anything.
 */
import type { FileFacts } from './host.js';

/** The largest `.flow` file read: 16 MiB (the Jalna bot's largest file is ~60 KiB; the 50,000-node benchmark bot ~13 MiB). */
export const MAX_FLOW_BYTES = 16 * 1024 * 1024;

/** Why a file is not read. */
export type Refusal = 'absolute' | 'not-flow' | 'outside' | 'link-outside' | 'link-not-flow' | 'not-file' | 'too-large';

/** What is wrong with an include as written: an absolute path, or a file that is not `.flow`. */
export function refuseWritten(written: string): Refusal | undefined {
  if (written.startsWith('/') || written.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(written)) return 'absolute';
  if (!isFlowName(written)) return 'not-flow';
  return undefined;
}

/** `outside` when `path` (as resolved, before links) is not under `folder`. */
export function refusePlace(path: string, folder: string): Refusal | undefined {
  return isInside(path, folder) ? undefined : 'outside';
}

/**
 * What is wrong with the file itself: a link leading out of `realFolder` or to a file that is not
 * `.flow`, something other than a regular file (a device, FIFO, socket or folder), or too large.
 * `realFolder` undefined skips the containment test (the root file, chosen by the operator).
 */
export function refuseFacts(facts: FileFacts, realFolder: string | undefined): Refusal | undefined {
  if (realFolder !== undefined && !isInside(facts.real, realFolder)) return 'link-outside';
  if (!isFlowName(facts.real)) return 'link-not-flow';
  if (facts.kind !== 'file') return 'not-file';
  if (facts.size > MAX_FLOW_BYTES) return 'too-large';
  return undefined;
}

/** The reason as the end of a sentence ("… is refused: <reason>"), and a short label for the caret. */
export function describeRefusal(refusal: Refusal): { readonly reason: string; readonly label: string } {
  switch (refusal) {
    case 'absolute':
      return { reason: 'an include path must be relative to the including file', label: 'absolute path' };
    case 'not-flow':
      return { reason: 'only `.flow` files can be included', label: 'not a .flow file' };
    case 'outside':
      return { reason: "it is outside the bot's folder (the folder of the root file)", label: "outside the bot's folder" };
    case 'link-outside':
      return { reason: "it is a link to a file outside the bot's folder", label: "links outside the bot's folder" };
    case 'link-not-flow':
      return { reason: 'it is a link to a file that is not a `.flow` file', label: 'links to a file that is not .flow' };
    case 'not-file':
      return { reason: 'it is not a regular file (a folder, device, pipe or socket)', label: 'not a regular file' };
    case 'too-large':
      return { reason: `it is larger than ${MAX_FLOW_BYTES / 1024 / 1024} MiB, the most a flow file may be`, label: 'too large' };
    default:
      return unreachable(refusal);
  }
}

/** The folder of `path` (POSIX or native absolute): `a/b.flow` → `a`, `b.flow` → `.`. */
export function folderOf(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (slash < 0) return '.';
  return slash === 0 ? path.slice(0, 1) : path.slice(0, slash);
}

/** True when `path` names a `.flow` file (any case). */
export function isFlowName(path: string): boolean {
  return path.toLowerCase().endsWith('.flow');
}

/** True when `path` is strictly under `folder` (both normalised: no `.` or `..` left but leading `..`). */
function isInside(path: string, folder: string): boolean {
  const p = normalise(path);
  const f = normalise(folder);
  if (f === '') return p !== '' && !p.startsWith('/') && p !== '..' && !p.startsWith('../');
  if (f === '/') return p.startsWith('/') && p.length > 1;
  return p.startsWith(`${f}/`);
}

/** `a/./b/../c` → `a/c`; `..` above a relative start is kept; `.` → ''. */
function normalise(path: string): string {
  const unified = path.replaceAll('\\', '/');
  const absolute = unified.startsWith('/');
  const parts: string[] = [];
  for (const part of unified.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part === '..' && absolute) continue;
    else parts.push(part);
  }
  return (absolute ? '/' : '') + parts.join('/');
}

function unreachable(value: never): never {
  throw new Error(`unexpected refusal: ${String(value)}`);
}
