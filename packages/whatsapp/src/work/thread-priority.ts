/**
 * The processing worker runs at a lower CPU priority than the HTTP thread: acknowledging a
 * webhook (verify, store, 200) comes first, answering it (the turn, the outbox) a moment later.
 * When both want the same core, the HTTP thread gets most of it (four times the worker's share at
 * nice 5), so a burst is stored and acknowledged at the pace it arrives and the worker catches up
 * as it ends; with the same priority each hand-off to the worker preempted the HTTP thread
 * mid-burst (on 2 cores: ~8 µs of its time per message).
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The default `SAMVAD_WORKER_NICE`: a quarter of the HTTP thread's CPU share when they compete. */
export const DEFAULT_WORKER_NICE = 5;

/**
 * Lowers the calling thread's priority to `nice` (0 = unchanged, 19 = lowest). Linux only: a
 * thread's own id is read from `/proc/thread-self`, and Linux applies `setpriority` to one thread.
 * Returns why it could not, or undefined when done (or nothing to do).
 */
export function lowerThreadPriority(nice: number): string | undefined {
  if (nice === 0) return undefined;
  if (process.platform !== 'linux') return `thread priorities are set on Linux only (this is ${process.platform})`;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return 'could not tell this thread’s id from /proc/thread-self';
    setPriority(tid, nice);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
