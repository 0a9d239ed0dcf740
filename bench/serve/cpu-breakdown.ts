/**
 * Where the CPU goes during one phase of the stores benchmark (`stores.ts --cpu`), from Linux's
 * per-thread and per-process counters (/proc/<pid>/task/<tid>/stat, 100 ticks/s):
 * - each serve process's threads: the HTTP thread (the main thread: verify, store, acknowledge),
 *   the processing worker (the one thread with a raised nice value: turns and sends), and the rest
 *   (V8's GC and compiler threads, libuv's pool);
 * - each PostgreSQL process, named by `pg_stat_activity` (read every 250 ms during the phase, so
 *   connections opened mid-phase count from when first seen): client backends by their
 *   `application_name` (`samvad serve` = the HTTP thread's pool, `(processing)`, `(sending)`),
 *   background processes by `backend_type`; the postmaster itself, and processes that ended during
 *   the phase (autovacuum workers, closed connections) through the postmaster's `cutime`/`cstime`;
 * - the fake Graph API, this process (autocannon and the checks), and the whole machine
 *   (/proc/stat), so that what other users of the machine took shows as "others".
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { PgPool } from '@samvad/whatsapp/db';

/** utime + stime (ticks), nice and parent of a /proc stat file; undefined when gone. */
function stat(path: string): { ticks: number; children: number; nice: number; ppid: number } | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14) priority(15) nice(16)
    return { ticks: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]), nice: Number(f[16]), ppid: Number(f[1]) };
  } catch {
    return undefined;
  }
}

/** Busy ticks of the whole machine (all cores): everything but idle and iowait. */
function machineBusy(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  return v.reduce((a, b) => a + b, 0) - (v[3] ?? 0) - (v[4] ?? 0);
}

interface Counter {
  label: string;
  readonly path: string;
  readonly start: number;
}

/** What one phase cost, ms of CPU per label (largest first), and the machine's busy ms. */
export interface Breakdown {
  readonly wallMs: number;
  readonly machineBusyMs: number;
  readonly rows: readonly { readonly label: string; readonly ms: number }[];
}

/** Watches serve processes, a PostgreSQL server (through `admin`), the fake and this process for one phase. */
export class CpuWatch {
  private readonly counters: Counter[] = [];
  private readonly seen = new Set<string>();
  private postmaster: { pid: number; own: number; children: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();
  private readonly startedAt = Date.now();
  private readonly machineStart = machineBusy();

  private constructor(private readonly admin: PgPool | undefined) {}

  /** Starts watching; `serve` pids are labelled `serve#1…`. */
  static async start(serve: readonly number[], fakePid: number | undefined, admin: PgPool | undefined): Promise<CpuWatch> {
    const watch = new CpuWatch(admin);
    serve.forEach((pid, i) => {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const s = stat(`/proc/${pid}/task/${tid}/stat`);
        if (s === undefined) continue;
        const thread = Number(tid) === pid ? 'HTTP thread' : s.nice > 0 ? 'processing worker thread' : 'other threads (GC, JIT, libuv)';
        watch.add(`serve#${i + 1} ${thread}`, `/proc/${pid}/task/${tid}/stat`);
      }
    });
    if (fakePid !== undefined) watch.add('fake Graph API', `/proc/${fakePid}/stat`);
    watch.add('bench (autocannon, checks)', `/proc/${process.pid}/stat`);
    await watch.sample();
    watch.timer = setInterval(() => {
      watch.sampling = watch.sampling.then(() => watch.sample());
    }, 250);
    return watch;
  }

  private add(label: string, path: string): void {
    if (this.seen.has(path)) {
      // A backend first seen while connecting has no application_name yet: name it once known.
      const counter = this.counters.find((c) => c.path === path);
      if (counter !== undefined && counter.label.endsWith('(no name)')) counter.label = label;
      return;
    }
    const s = stat(path);
    if (s === undefined) return;
    this.seen.add(path);
    this.counters.push({ label, path, start: s.ticks });
  }

  private async sample(): Promise<void> {
    if (this.admin === undefined) return;
    const { rows } = await this.admin
      .query<{ pid: number; application_name: string; backend_type: string }>(`SELECT pid, application_name, backend_type FROM pg_stat_activity`)
      .catch(() => ({ rows: [] }));
    for (const row of rows) {
      const label = row.backend_type === 'client backend' ? `pg backend: ${row.application_name || '(no name)'}` : `pg ${row.backend_type}`;
      this.add(label, `/proc/${row.pid}/stat`);
      if (this.postmaster === undefined) {
        const ppid = stat(`/proc/${row.pid}/stat`)?.ppid;
        const pm = ppid === undefined ? undefined : stat(`/proc/${ppid}/stat`);
        if (ppid !== undefined && pm !== undefined) this.postmaster = { pid: ppid, own: pm.ticks, children: pm.children };
      }
    }
  }

  /** Stops and reads the counters. */
  async stop(): Promise<Breakdown> {
    clearInterval(this.timer);
    await this.sampling;
    const sums = new Map<string, number>();
    const add = (label: string, ticks: number) => sums.set(label, (sums.get(label) ?? 0) + ticks * 10);
    for (const c of this.counters) {
      const s = stat(c.path);
      if (s !== undefined) add(c.label, s.ticks - c.start);
    }
    if (this.postmaster !== undefined) {
      const pm = stat(`/proc/${this.postmaster.pid}/stat`);
      if (pm !== undefined) {
        add('pg postmaster', pm.ticks - this.postmaster.own);
        add('pg processes ended during the phase', pm.children - this.postmaster.children);
      }
    }
    const machineBusyMs = (machineBusy() - this.machineStart) * 10;
    const ours = [...sums.values()].reduce((a, b) => a + b, 0);
    sums.set('others on the machine (not this benchmark)', Math.max(0, machineBusyMs - ours));
    const rows = [...sums].map(([label, ms]) => ({ label, ms })).sort((a, b) => b.ms - a.ms);
    return { wallMs: Date.now() - this.startedAt, machineBusyMs, rows };
  }
}

/** The breakdown as text lines: ms of CPU, cores used on average, share of this benchmark's CPU. */
export function describeBreakdown(b: Breakdown, requests: number): string {
  const ours = b.rows.filter((r) => !r.label.startsWith('others')).reduce((a, r) => a + r.ms, 0);
  const lines = b.rows.map(
    (r) =>
      `  ${r.label.padEnd(52)} ${String(Math.round(r.ms)).padStart(6)} ms  ${(r.ms / b.wallMs).toFixed(2)} cores  ` +
      `${r.label.startsWith('others') ? '   ' : `${String(Math.round((100 * r.ms) / Math.max(1, ours))).padStart(2)} %`}  ${((r.ms * 1000) / Math.max(1, requests)).toFixed(0)} µs/ack`,
  );
  return [`  wall ${b.wallMs} ms; machine busy ${b.machineBusyMs} ms (${(b.machineBusyMs / b.wallMs).toFixed(2)} cores); this benchmark ${Math.round(ours)} ms`, ...lines].join('\n');
}
