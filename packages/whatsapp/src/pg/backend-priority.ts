/**
 * The PostgreSQL backends that do the processing worker's work (turns, sends, calls) run at the
 * worker's lower CPU priority when PostgreSQL runs on this machine — as the worker thread itself
 * does (work/thread-priority.ts). On a machine shared with the database, those backends otherwise
 * compete at full priority with the acknowledgements (the HTTP thread and its INSERT's backend)
 * for the same cores: under a burst processing would take the CPU the acknowledgements need,
 * instead of catching up as the burst ends.
 *
 * A backend is reniced only when it is certainly the one serving this connection on this machine:
 * `pg_backend_pid()` names a process whose title (`/proc/<pid>/cmdline`) is PostgreSQL's and
 * carries this connection's own client port (`postgres: user db 127.0.0.1(54321) …`). Otherwise
 * (the database on another machine, a Unix socket, another OS, no permission — raising the
 * niceness of another user's process needs that user or CAP_SYS_NICE) nothing changes.
 */
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { PgClient } from './pool.js';

/** A field of an object the `pg` types do not describe (the client's socket and backend process id), if it is one. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * Sets the niceness of the backend serving `client` to `nice` when it runs on this machine (see the
 * file comment): the backend's process id is the one PostgreSQL announced when the connection
 * started (`BackendKeyData`, kept by `pg` for cancel requests), so no query is sent. Returns why it
 * did not, or undefined when done (or nothing to do); never throws.
 */
export function lowerBackendPriority(client: PgClient, nice: number): string | undefined {
  if (nice === 0) return undefined;
  if (process.platform !== 'linux') return `process priorities are set on Linux only (this is ${process.platform})`;
  const port = field(field(field(client, 'connection'), 'stream'), 'localPort');
  const pid = field(client, 'processID');
  if (typeof port !== 'number') return 'the connection has no TCP port to recognise its backend by';
  if (typeof pid !== 'number') return 'PostgreSQL did not say its backend process id';
  let title: string;
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return 'PostgreSQL runs on another machine';
  }
  if (!title.startsWith('postgres') || !title.includes(`(${port})`)) return 'PostgreSQL runs on another machine';
  try {
    setPriority(pid, nice);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
