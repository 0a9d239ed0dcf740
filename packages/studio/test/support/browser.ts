/**
 * The browser tests' Chromium (Debian's, driven by playwright-core) and the real `samvad studio`
 * spawned on a copy of flows/. A missing Chromium fails the tests with how to install it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../../..');
const SAMVAD = resolve(ROOT, 'packages/cli/bin/samvad.js');
/** Where screenshots go (gitignored: `.tmp/`). */
export const ARTIFACTS = resolve(ROOT, '.tmp/studio-screenshots');

/** Chromium's path: `SAMVAD_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM = process.env['SAMVAD_CHROMIUM'] ?? '/usr/bin/chromium';

/** Launches headless Chromium, or throws saying how to install it (the tests never skip). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the studio's browser tests need Chromium at ${CHROMIUM}, which is missing: install it with \`apt-get update && apt-get install -y chromium\` (as root; .ci/run does this), or point SAMVAD_CHROMIUM at a Chromium binary`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A copy of the repository's flows/ in a temporary folder. */
export function copyFlows(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'samvad-studio-'));
  cpSync(resolve(ROOT, 'flows'), join(dir, 'flows'), { recursive: true, filter: (src) => !src.endsWith('.tsv') && !src.includes('/reference') });
  return { dir: join(dir, 'flows'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A running `samvad studio`. */
export interface Studio {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `samvad studio <args>` and resolves with its URL once it prints it (it may build the page first). */
export function spawnStudio(args: readonly string[], timeoutMs = 180_000): Promise<Studio> {
  const child = spawn(process.execPath, [SAMVAD, 'studio', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`samvad studio did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => void (out += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolvePromise({
        url,
        child,
        output: () => out,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`samvad studio exited with ${code}:\n${out}`));
    });
  });
}
