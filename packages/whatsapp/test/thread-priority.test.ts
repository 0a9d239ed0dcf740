import { readFileSync, readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { lowerThreadPriority } from '../src/work/thread-priority.js';
import { startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';

/** The nice value of one thread of this process, from /proc (field 19 of its stat line). */
const niceOf = (tid: number | string): number => {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};
const threadNices = (): number[] => readdirSync('/proc/self/task').map(niceOf);

/** Runs the fixture in a worker thread (through the same bootstrap as the processing worker). */
async function inWorker(nice: number): Promise<{ problem: string | null; nice: number }> {
  const worker = new Worker(new URL('../src/work/boot.mjs', import.meta.url), {
    workerData: { entry: new URL('./support/lower-priority-worker.ts', import.meta.url).href, nice },
  });
  try {
    return await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.runIf(process.platform === 'linux')('the processing worker’s priority', () => {
  it('lowers the calling thread only, not the rest of the process', async () => {
    const mainBefore = niceOf(process.pid);
    expect(await inWorker(7)).toEqual({ problem: null, nice: 7 });
    expect(niceOf(process.pid)).toBe(mainBefore);
    expect(lowerThreadPriority(0)).toBeUndefined(); // 0: nothing to do, this thread untouched
    expect(niceOf(process.pid)).toBe(mainBefore);
  });

  it('runs the server’s worker at SAMVAD_WORKER_NICE (default 5) and the HTTP thread unchanged', async () => {
    const before = threadNices();
    expect(before).not.toContain(5);
    h = await startHarness();
    expect(threadNices()).toContain(5);
    expect(niceOf(process.pid)).toBe(before[0]);
  });
});
