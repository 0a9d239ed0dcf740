import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readSession } from '../../src/session/session.js';
import { SqliteSessionStore } from '../../src/store/sqlite-store.js';

const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

it('a session written by a process that is then SIGKILLed reads back intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samvad-crash-'));
  const file = join(dir, 'sessions.db');
  try {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('written')) resolve();
      });
      proc.on('exit', (code) => reject(new Error(`child exited early (${String(code)})`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;

    const store = new SqliteSessionStore(file);
    const a = store.getSync('citizen-a');
    expect(a).toMatchObject({ node: 'caste_certificate', vars: { name: 'सीता', n: '1' } });
    expect(readSession(a).ok).toBe(true);
    const b = store.getSync('citizen-b');
    expect(readSession(b).ok).toBe(true);
    expect(b?.node).toBe('busy');
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
