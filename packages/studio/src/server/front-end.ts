/**
 * The page: a static front end built by Vite into `dist/web`. An installed package ships it built;
 * in the workspace it is built on the first start, and again whenever its sources are newer.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';

/** `packages/studio` in the workspace, or the installed package's `dist`. */
const HERE = resolve(import.meta.dirname, '../..');
const INSTALLED = basename(HERE) === 'dist';
/** Where the built page is served from. */
export const WEB_DIR = INSTALLED ? join(HERE, 'web') : join(HERE, 'dist', 'web');
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
  const sources = [join(HERE, 'src', 'web'), join(HERE, 'src', 'shared')];
  const built = mtimeOf(join(WEB_DIR, STAMP));
  if (built !== undefined && newest(sources) <= built) return false;
  log('building the studio page (once, with Vite)…');
  await buildFrontEnd(WEB_DIR);
  return true;
}

/** Builds the page into `outDir` (through a temporary folder, so a reader never sees half of it). */
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
  rmSync(outDir, { recursive: true, force: true });
  try {
    renameSync(temp, outDir);
  } catch (error) {
    // Another studio built it at the same moment: keep theirs.
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(join(outDir, 'index.html'))) throw error;
  }
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
