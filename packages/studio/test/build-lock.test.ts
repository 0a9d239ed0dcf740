/**
 * The lock that makes studios started together build the page one at a time (a second build used
 * to replace the folder under the first studio's page: its script 404ed and the page never got ready).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { takeLock } from '../src/server/build-lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function lockPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samvad-lock-'));
  dirs.push(dir);
  return join(dir, 'web.lock');
}

/** A process that has ended: its pid names no one (for a lock its holder left behind). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.once('exit', done));
  return child.pid ?? 0;
}

describe('takeLock', () => {
  it('lets one holder in at a time: the second waits, told once, until the first releases', async () => {
    const path = lockPath();
    const events: string[] = [];
    const release1 = await takeLock(path, () => events.push('first waited'), 20);
    const second = takeLock(path, () => events.push('second waits'), 20).then((release) => {
      events.push('second holds');
      return release;
    });
    await new Promise((done) => setTimeout(done, 150));
    events.push('first releases');
    release1();
    (await second)();
    expect(events).toEqual(['second waits', 'first releases', 'second holds']);
  });

  it('takes over a lock whose holder has died, without waiting', async () => {
    const path = lockPath();
    mkdirSync(path);
    writeFileSync(join(path, 'pid'), String(await deadPid()));
    let waited = false;
    const release = await takeLock(path, () => (waited = true), 20);
    expect(waited).toBe(false);
    release();
  });

  it('waits for a live holder and takes the lock once that process is gone', async () => {
    const path = lockPath();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'pid'), String(holder.pid));
      let taken = false;
      let waited = false;
      const taking = takeLock(path, () => (waited = true), 20).then((release) => {
        taken = true;
        return release;
      });
      await new Promise((done) => setTimeout(done, 200));
      expect({ waited, taken }).toEqual({ waited: true, taken: false });
      holder.kill('SIGKILL');
      await new Promise((done) => holder.once('exit', done));
      (await taking)();
      expect(taken).toBe(true);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
