/** File access for commands: clear messages naming the file, paths shown relative to the cwd. */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { readBounded } from '@samvad/compiler';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CliError } from './exit.js';

/** `file` as the user should see it: relative to `cwd` when inside it, with `/` separators. */
export function displayPath(cwd: string, file: string): string {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
  return shown.split(sep).join('/');
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** The largest file a command reads (a graph, a test, canned data): 64 MiB. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a UTF-8 file or throws a `CliError` naming it. Only a regular file of at most
 * MAX_INPUT_BYTES is read (and never past that): a device, FIFO or huge file is refused at once.
 */
export async function readText(cwd: string, file: string): Promise<string> {
  const abs = resolve(cwd, file);
  let info;
  try {
    info = await stat(abs);
  } catch (error) {
    throw new CliError(`cannot read ${displayPath(cwd, file)}: ${describe(error)}`);
  }
  if (info.isDirectory()) throw new CliError(`cannot read ${displayPath(cwd, file)}: is a folder, not a file`);
  if (!info.isFile()) throw new CliError(`cannot read ${displayPath(cwd, file)}: not a regular file (a device, pipe or socket)`);
  if (info.size > MAX_INPUT_BYTES) throw new CliError(`cannot read ${displayPath(cwd, file)}: larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
  const text = readBounded(abs, MAX_INPUT_BYTES);
  if (text === undefined) throw new CliError(`cannot read ${displayPath(cwd, file)}: it changed while being read, or is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
  return text;
}

/** Writes a UTF-8 file (creating its folder if needed) or throws a `CliError` naming it. */
export async function writeText(cwd: string, file: string, text: string): Promise<void> {
  const abs = resolve(cwd, file);
  try {
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, text, 'utf8');
  } catch (error) {
    throw new CliError(`cannot write ${displayPath(cwd, file)}: ${describe(error)}`);
  }
}

/** Reads and parses a JSON file, or throws a `CliError` naming it. */
export async function readJson(cwd: string, file: string): Promise<unknown> {
  const text = await readText(cwd, file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // V8's message quotes the text around the error; say where only (the file may hold anything).
    const detail = error instanceof Error ? (/at position \d+/.exec(error.message)?.[0] ?? 'it is not JSON text') : 'it is not JSON text';
    throw new CliError(`${displayPath(cwd, file)} is not valid JSON (${detail})`);
  }
}

/**
 * Expands files and folders (recursively) into the files whose names end with one of `extensions`,
 * sorted. A missing path, or a named file with another extension, is a `CliError`.
 */
export async function expandPaths(cwd: string, paths: readonly string[], extensions: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  const walk = async (abs: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const child = resolve(abs, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (extensions.some((ext) => entry.name.endsWith(ext))) found.add(child);
    }
  };
  for (const path of paths) {
    const abs = resolve(cwd, path);
    let info;
    try {
      info = await stat(abs);
    } catch (error) {
      throw new CliError(`cannot read ${displayPath(cwd, path)}: ${describe(error)}`);
    }
    if (info.isDirectory()) await walk(abs);
    else if (extensions.some((ext) => abs.endsWith(ext))) found.add(abs);
    else throw new CliError(`${displayPath(cwd, path)} is not a ${extensions.map((ext) => `*${ext}`).join(' or ')} file`);
  }
  return [...found].sort();
}
