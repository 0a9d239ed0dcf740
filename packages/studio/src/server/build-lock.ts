/**
 * A lock between processes on one machine: a folder (`mkdir` is atomic) holding the holder's pid.
 * A lock whose holder has ended, or that is older than any holder could need, is taken over.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A lock older than this is a holder that died without cleaning up (a build takes a minute at most). */
const STALE_MS = 10 * 60_000;

/** Takes the lock at `path`, polling while another process holds it (`onWait` once); resolves with its release. */
export async function takeLock(path: string, onWait: () => void, pollMs = 200): Promise<() => void> {
  mkdirSync(dirname(path), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'pid'), String(process.pid));
      return () => rmSync(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isStale(path)) {
      rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (!waited) onWait();
    waited = true;
    await new Promise((done) => setTimeout(done, pollMs));
  }
}

/** Whether the lock's holder is gone (no such process) or the lock is older than `STALE_MS`. */
function isStale(path: string): boolean {
  let since: number;
  try {
    since = statSync(path).mtimeMs;
  } catch {
    return false; // released meanwhile: try again
  }
  if (Date.now() - since > STALE_MS) return true;
  let pid: number;
  try {
    pid = Number(readFileSync(join(path, 'pid'), 'utf8'));
  } catch {
    return false; // the holder has just made it and is writing its pid
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
