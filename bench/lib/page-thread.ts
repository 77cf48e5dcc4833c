/**
 * The page's own main-thread cost from a Chromium performance trace, by thread (CPU) time: what the page's
 * renderer main thread ran, whoever asked for it (the page, the content script, the browser's loading of what the
 * content script fetched). The content-script attribution (trace-share.ts) only sees JavaScript; this is what
 * showed that reading images in the page cost the page 1.3-3 s of CPU while the content script's own JavaScript
 * time went down (docs/benchmarks.md, "2026-12-03, quiet machine"). Wall time would mostly measure the wait for a
 * core on a 2-core machine.
 */
import type { TraceEvent } from './trace-share.js';

export interface PageThread {
  /** CPU time of every task on the thread that parsed the page. */
  cpuMs: number;
  /** Tasks over 50 ms of wall time, and over 50 ms of CPU time, on that thread. */
  longTasks: number;
  longTasksCpu: number;
}

/** A scheduler task: what a thread's CPU time is summed over. */
export const isTask = (e: TraceEvent) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');

/** The figures for the renderer main thread that parsed a document whose URL contains `urlPart` (events parsed once by the caller). */
export function pageThread(events: readonly TraceEvent[], urlPart: string): PageThread | undefined {
  const parser = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.includes(urlPart));
  if (!parser) return undefined;
  const tasks = events.filter((e) => isTask(e) && e.pid === parser.pid && e.tid === parser.tid);
  return {
    cpuMs: Math.round(tasks.reduce((sum, t) => sum + (t.tdur ?? 0), 0) / 1000),
    longTasks: tasks.filter((t) => (t.dur ?? 0) > 50_000).length,
    longTasksCpu: tasks.filter((t) => (t.tdur ?? 0) > 50_000).length,
  };
}
