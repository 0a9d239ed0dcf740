/** Spawns the real `samvad` binary (serve, fake-graph-api) as child processes on 127.0.0.1. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../../..');
export const SAMVAD = resolve(ROOT, 'packages/cli/bin/samvad.js');

export interface Spawned {
  readonly child: ChildProcess;
  /** The URL the process printed (`listening on <url>`). */
  readonly url: string;
  readonly output: () => string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9), then wait for the exit. */
  kill9(): Promise<void>;
}

/** Runs `samvad <args>` and resolves once it prints its URL (fails after `timeoutMs`). */
export function spawnSamvad(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<Spawned> {
  const child = spawn(process.execPath, [SAMVAD, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`samvad ${args.join(' ')} did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s)]+)/.exec(out);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      const url = match[1];
      resolvePromise({
        child,
        url,
        output: () => out,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
        async kill9() {
          if (child.exitCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => void (out += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`samvad ${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
}

/** Runs `samvad <args>` to completion. */
export function runSamvad(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [SAMVAD, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => void (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => void (out += c.toString('utf8')));
  return new Promise((done) => child.once('exit', (code) => done({ code, out })));
}
