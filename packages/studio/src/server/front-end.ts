/**
 * The page: a static front end built by Vite. An installed package ships it built in `dist/web`;
 * in the workspace it is built into `.tmp/web` on the first start, and again whenever its sources
 * are newer.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import { takeLock } from './build-lock.js';

/** `packages/studio` in the workspace, or the installed package's `dist`. */
const HERE = resolve(import.meta.dirname, '../..');
const INSTALLED = basename(HERE) === 'dist';
/** Where `prepack` builds the page for the package's tarball (an installed package's `dist/web`). */
export const PACKED_WEB_DIR = INSTALLED ? join(HERE, 'web') : join(HERE, 'dist', 'web');
/**
 * Where the built page is served from: an installed package's `dist/web`; in the workspace a
 * gitignored folder of its own, because `npm run build` and `npm run pack` empty every `dist/`
 * (a studio serving from `dist/web` lost its page to a packing test running beside it).
 */
export const WEB_DIR = INSTALLED ? PACKED_WEB_DIR : join(HERE, '.tmp', 'web');
/** Written last by a build: its time is the build's. */
const STAMP = '.built';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Builds the page when it is missing or older than its sources (workspace only). Returns whether it built. */
export async function ensureFrontEnd(log: (line: string) => void): Promise<boolean> {
  if (INSTALLED) {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`the studio's page is missing from ${WEB_DIR}: reinstall @samvad/studio`);
    return false;
  }
  if (isFresh()) return false;
  // Studios started together (two terminals, parallel tests) build one at a time: the second
  // finds the first's build fresh, instead of replacing the folder under the first one's page.
  const release = await takeLock(`${WEB_DIR}.lock`, () => log('waiting for another studio to finish building the page…'));
  try {
    if (isFresh()) return false;
    log('building the studio page (once, with Vite)…');
    await buildFrontEnd(WEB_DIR);
    return true;
  } finally {
    release();
  }
}

/** Whether the built page exists and is newer than every source of it. */
function isFresh(): boolean {
  const built = mtimeOf(join(WEB_DIR, STAMP));
  return built !== undefined && newest([join(HERE, 'src', 'web'), join(HERE, 'src', 'shared')]) <= built;
}

/** Builds the page into `outDir` (through a temporary folder, swapped in by two renames, so a reader never sees half of it). */
export async function buildFrontEnd(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const temp = `${outDir}.${process.pid}.tmp`;
  await build({
    configFile: false,
    root: join(HERE, 'src', 'web'),
    base: './',
    logLevel: 'warn',
    build: { outDir: temp, emptyOutDir: true, chunkSizeWarningLimit: 2000, reportCompressedSize: false },
  });
  writeFileSync(join(temp, STAMP), new Date().toISOString());
  mkdirSync(resolve(outDir, '..'), { recursive: true });
  const old = `${outDir}.${process.pid}.old`;
  const hadOne = existsSync(outDir);
  if (hadOne) renameSync(outDir, old);
  try {
    renameSync(temp, outDir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    if (hadOne && !existsSync(outDir)) renameSync(old, outDir);
    if (!existsSync(join(outDir, 'index.html'))) throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

/** A file of the built page for a URL path, or `undefined`. */
export async function frontEndFile(urlPath: string): Promise<{ body: Buffer; type: string } | undefined> {
  const wanted = urlPath === '/' ? '/index.html' : urlPath;
  const file = resolve(WEB_DIR, `.${decodeURIComponent(wanted)}`);
  if (!file.startsWith(WEB_DIR + sep)) return undefined;
  try {
    return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}

function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function newest(dirs: readonly string[]): number {
  let latest = 0;
  for (const dir of dirs) {
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      latest = Math.max(latest, mtimeOf(join(entry.parentPath, entry.name)) ?? 0);
    }
  }
  return latest;
}
