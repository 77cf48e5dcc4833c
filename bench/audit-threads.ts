/**
 * Where a bench:audit arm's CPU goes, by thread (Linux /proc/self/task; elsewhere only the total): the main
 * JavaScript thread, libvips' threads (the decodes), the rest that live on (libuv's pool running sharp's calls, V8's
 * platform threads: garbage collection, compilation) and the threads that ended during the arm (the audit's
 * decoding worker threads: terminated when the audit closes its pool). The total is process.cpuUsage(), which keeps
 * the CPU of threads that ended.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_S = 0.01; // USER_HZ is 100 on Linux

export interface ThreadCpu {
  total: number;
  /** Per live thread id: its name and CPU seconds. */
  threads: Map<string, { comm: string; s: number }>;
}

export function threadCpu(): ThreadCpu {
  const u = process.cpuUsage();
  const threads = new Map<string, { comm: string; s: number }>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        threads.set(tid, { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), s: (Number(f[11]) + Number(f[12])) * TICK_S });
      } catch {
        // the thread ended while we looked: counted with the ended ones
      }
    }
  } catch {
    // not Linux
  }
  return { total: (u.user + u.system) / 1e6, threads };
}

export interface CpuSplit {
  total: number;
  main: number;
  libvips: number;
  /** libuv's pool (sharp's calls) and V8's platform threads (GC, compiler). */
  otherLive: number;
  /** Threads that ended during the arm: the audit's decoding threads. */
  ended: number;
}

/** CPU seconds between two snapshots, split by kind of thread. */
export function cpuSplit(a: ThreadCpu, b: ThreadCpu): CpuSplit {
  const split: CpuSplit = { total: b.total - a.total, main: 0, libvips: 0, otherLive: 0, ended: 0 };
  if (!b.threads.size) return split;
  for (const [tid, t] of b.threads) {
    const d = t.s - (a.threads.get(tid)?.s ?? 0);
    if (tid === String(process.pid)) split.main += d;
    else if (t.comm.startsWith('libvips')) split.libvips += d;
    else split.otherLive += d;
  }
  // Ticks are coarser than cpuUsage: what the live threads do not account for is the ended threads', never below 0.
  split.ended = Math.max(0, split.total - split.main - split.libvips - split.otherLive);
  return split;
}
