/**
 * Where bench:list-load's stalls happen (LIST_LOAD_PROBE=1): in the options page, the time of every slow reply and
 * long gap beside the #lists-status line shown then (the operation's phase), in both browsers; in Chromium also a
 * browser-wide trace (bench/lib/trace-stream.ts) of the tasks over 100 ms on every thread, each with the longest
 * events inside it (script, GC, IndexedDB), to name what ran.
 */
import type { Browser, Page } from 'puppeteer-core';
import type { TraceEvent } from './trace-share.js';
import { traceBrowser } from './trace-stream.js';

/** Starts logging the status line's changes; slow replies and gaps are logged by list-load.ts's own loops. */
export async function startPhaseLog(options: Page): Promise<void> {
  await options.evaluate(() => {
    const w = window as unknown as { __phases: Array<[number, string]> };
    w.__phases = [];
    const s = document.getElementById('lists-status')!;
    // Only the phase name: the seconds counter changes every second.
    new MutationObserver(() => {
      const text = (s.textContent ?? '').replace(/\d+ s\b.*/, '').slice(0, 60);
      if (w.__phases.at(-1)?.[1] !== text) w.__phases.push([performance.now(), text]);
    }).observe(s, { childList: true, characterData: true, subtree: true });
  });
}

export interface Stall {
  at: number;
  ms: number;
  kind: 'reply' | 'gap';
  phase: string;
}

/** The slow replies and gaps (over `overMs`) since the last call, each with the phase shown then. */
export async function takeStalls(options: Page, overMs: number): Promise<Stall[]> {
  return options.evaluate((over) => {
    const w = window as unknown as { __phases: Array<[number, string]>; __slow: Array<[number, number, 'reply' | 'gap']> };
    // No named function here: tsx would wrap it in a helper the page does not have.
    return w.__slow
      .splice(0)
      .filter(([, ms]) => ms > over)
      .map(([at, ms, kind]) => ({ at: Math.round(at), ms: Math.round(ms), kind, phase: [...w.__phases].reverse().find(([p]) => p <= at)?.[1] ?? '' }));
  }, overMs);
}

interface Task {
  thread: string;
  ms: number;
  cpuMs: number;
  /** The longest events inside, by name (and script function). */
  inside: string[];
}

/** Chromium: traces until stop(), then gives the tasks of 100 ms or more on every thread, longest first. */
export async function traceTasks(browser: Browser): Promise<{ stop(): Promise<{ tasks: Task[]; dataLoss: boolean }> }> {
  const threads = new Map<string, string>();
  const keep = (e: TraceEvent & { args?: { name?: string } }) => {
    if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    return e.ph === 'X' && (e.dur ?? 0) >= 20_000;
  };
  const trace = await traceBrowser(browser, keep, ['toplevel', 'devtools.timeline', 'v8', 'disabled-by-default-v8.gc', 'IndexedDB', 'ServiceWorker']);
  return {
    async stop() {
      const t = await trace.stop();
      const isTask = (e: TraceEvent) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask';
      const tasks = t.events.filter((e) => isTask(e) && (e.dur ?? 0) >= 100_000).sort((a, b) => b.dur! - a.dur!);
      const seen = new Set<string>();
      const out: Task[] = [];
      for (const task of tasks) {
        // One per start: the controller's RunTask and the scheduler's nest.
        const key = `${task.pid}:${task.tid}:${Math.round(task.ts / 10_000)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const inside = t.events
          .filter((e) => e !== task && !isTask(e) && e.pid === task.pid && e.tid === task.tid && e.ts >= task.ts && e.ts < task.ts + task.dur!)
          .sort((a, b) => b.dur! - a.dur!)
          .slice(0, 5)
          .map((e) => `${e.name}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''}${e.args?.data?.url ? ` ${e.args.data.url.replace(/^.*\//, '')}` : ''} ${Math.round(e.dur! / 1000)}`);
        out.push({ thread: threads.get(`${task.pid}:${task.tid}`) ?? `${task.pid}:${task.tid}`, ms: Math.round(task.dur! / 1000), cpuMs: Math.round((task.tdur ?? 0) / 1000), inside });
        if (out.length >= 15) break;
      }
      return { tasks: out, dataLoss: t.dataLoss };
    },
  };
}
