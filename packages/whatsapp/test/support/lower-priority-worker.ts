/** Test fixture: a worker thread that lowers its own priority and reports its nice value from /proc. */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../../src/work/thread-priority.js';

const problem = lowerThreadPriority((workerData as { nice: number }).nice);
const stat = readFileSync('/proc/thread-self/stat', 'utf8');
parentPort?.postMessage({ problem: problem ?? null, nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) });
