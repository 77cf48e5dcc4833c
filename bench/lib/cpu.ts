/**
 * CPU time spent by a process tree (Linux /proc), for benchmarks on a shared machine: wall-clock rates there move
 * with other people's load, while the CPU a pipeline spends per image mostly does not. `cores / (CPU ms per image)`
 * is then what the pipeline could do on an otherwise idle machine if it kept every core busy.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Stat {
  ppid: number;
  ms: number;
}

function stats(): Map<number, Stat> {
  const out = new Map<number, Stat>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Fields after the parenthesised command name (which may contain spaces): state ppid ... utime(14) stime(15).
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * TICK_MS });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** CPU ms of `root` and all its live descendants (children that ended are not counted: sample before they go),
 * but for those `skip` leaves out (with their own descendants). */
export function treeCpuMs(root: number, skip: (pid: number) => boolean = () => false): number {
  const all = stats();
  const kids = new Map<number, number[]>();
  for (const [pid, s] of all) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), pid]);
  let total = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    if (skip(pid)) continue;
    total += all.get(pid)?.ms ?? 0;
    todo.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** Chromium's tracing service: while a benchmark traces, its work is the measurement's, not the page's. */
export function isTracingService(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('TracingService');
  } catch {
    return false;
  }
}

/** CPU ms of this Node process (the benchmark's local servers run here) plus the browser's process tree. */
export function cpuMs(browserPid: number | undefined): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000 + (browserPid ? treeCpuMs(browserPid) : 0);
}
