/**
 * Page-side measurements for the page benchmark, the same with and without the extension: long tasks (a
 * PerformanceObserver installed before any page script), the load time, and Chromium's own counters
 * (ScriptDuration, TaskDuration: every script on the page's main thread, content scripts included).
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { EXECUTABLES } from '../../scripts/lib/launch.js';

export interface PageCost {
  loadMs: number;
  longTasks: number;
  longTaskMs: number;
  longestTaskMs: number;
  scriptMs: number;
  taskMs: number;
}

/** Chromium without the extension, launched with the same flags as scripts/lib/launch.ts. */
export function launchPlainChromium(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'chrome',
    executablePath: EXECUTABLES.chrome,
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function instrument(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Scrolls to the bottom a screen at a time, as a reader would (lazy images load on the way), then back to the top. */
export async function scrollThrough(page: Page, pauseMs = 150): Promise<void> {
  for (;;) {
    const more = await page.evaluate(() => {
      window.scrollBy(0, Math.round(innerHeight * 0.8));
      return innerHeight + scrollY < document.body.scrollHeight - 2;
    });
    await new Promise((r) => setTimeout(r, pauseMs));
    if (!more) break;
  }
  await new Promise((r) => setTimeout(r, 1000));
  await page.evaluate(() => window.scrollTo(0, 0));
}

export async function pageCost(page: Page): Promise<PageCost> {
  const m = await page.metrics();
  const { longTasks, loadMs } = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return { longTasks: (window as unknown as { __longTasks: number[] }).__longTasks, loadMs: nav ? nav.loadEventEnd - nav.startTime : 0 };
  });
  return {
    loadMs: Math.round(loadMs),
    longTasks: longTasks.length,
    longTaskMs: Math.round(longTasks.reduce((a, b) => a + b, 0)),
    longestTaskMs: Math.round(Math.max(0, ...longTasks)),
    scriptMs: Math.round((m.ScriptDuration ?? 0) * 1000),
    taskMs: Math.round((m.TaskDuration ?? 0) * 1000),
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, when the trace records it: unlike `dur`, it does not count time the thread
   * waited for a core, which on a machine at load average 20 is most of a task's wall time. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; functionName?: string; lineNumber?: number; columnNumber?: number } };
}

export interface ExtensionShare {
  /** Time in the content script's own functions (trace events whose script is the extension's). */
  contentScriptMs: number;
  /** Main-thread tasks over 50 ms in which the content script itself ran 50 ms or more. */
  longTasksFromContentScript: number;
  /** Most content-script time inside any one task. */
  maxContentScriptMsInOneTask: number;
  /** The same two by thread (CPU) time: what the content script itself ran, without waiting for a core. */
  longTasksFromContentScriptCpu: number;
  maxContentScriptCpuMsInOneTask: number;
  /** Of the content script's time, forced layout and style recalculation (Layout / UpdateLayoutTree inside it). */
  forcedLayoutMs: number;
  forcedStyleMs: number;
  /** The longest content-script calls: which function (minified name:line:column) and how much of it was layout. */
  longestCalls: Array<{ ms: number; cpuMs?: number; fn: string; layoutMs: number; styleMs: number }>;
}

/** Attributes main-thread time to the content script from a Chromium performance trace (devtools.timeline). */
export function extensionShare(traceJson: string, scriptPrefix = 'chrome-extension://'): ExtensionShare {
  const events = (JSON.parse(traceJson) as { traceEvents: TraceEvent[] }).traceEvents.filter((e) => e.ph === 'X' && e.dur !== undefined);
  const ours = events.filter((e) => (e.name === 'FunctionCall' || e.name === 'EvaluateScript' || e.name === 'v8.compile') && e.args?.data?.url?.startsWith(scriptPrefix));
  // Outermost of our events only (a FunctionCall can nest inside another of ours).
  ours.sort((a, b) => a.ts - b.ts);
  const outer: TraceEvent[] = [];
  for (const e of ours) {
    const last = outer.at(-1);
    if (last && last.tid === e.tid && e.ts < last.ts + last.dur!) continue;
    outer.push(e);
  }
  const tasks = events.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  let long = 0;
  let max = 0;
  let longCpu = 0;
  let maxCpu = 0;
  for (const t of tasks) {
    let inside = 0;
    let cpu = 0;
    for (const e of outer) {
      if (e.tid !== t.tid || e.pid !== t.pid || e.ts < t.ts || e.ts >= t.ts + t.dur!) continue;
      inside += e.dur!;
      cpu += e.tdur ?? e.dur!;
    }
    max = Math.max(max, inside);
    maxCpu = Math.max(maxCpu, cpu);
    if (t.dur! > 50_000 && inside >= 50_000) long++;
    if (t.dur! > 50_000 && cpu >= 50_000) longCpu++;
  }
  // Forced layout and style work nested inside our calls (the browser records them as children of the call).
  const nested = events.filter((e) => e.name === 'Layout' || e.name === 'UpdateLayoutTree').sort((a, b) => a.ts - b.ts);
  const inside = (o: TraceEvent, name: string) => {
    let lo = 0;
    let hi = nested.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nested[mid]!.ts < o.ts) lo = mid + 1;
      else hi = mid;
    }
    let sum = 0;
    for (let i = lo; i < nested.length && nested[i]!.ts < o.ts + o.dur!; i++) {
      const e = nested[i]!;
      if (e.name === name && e.tid === o.tid && e.pid === o.pid) sum += e.dur!;
    }
    return sum;
  };
  let layout = 0;
  let style = 0;
  const calls = outer.map((o) => {
    const l = inside(o, 'Layout');
    const st = inside(o, 'UpdateLayoutTree');
    layout += l;
    style += st;
    const d = o.args?.data;
    return { ms: +(o.dur! / 1000).toFixed(1), cpuMs: o.tdur === undefined ? undefined : +(o.tdur / 1000).toFixed(1), fn: `${o.name} ${d?.functionName || '?'}:${d?.lineNumber ?? ''}:${d?.columnNumber ?? ''}`, layoutMs: +(l / 1000).toFixed(1), styleMs: +(st / 1000).toFixed(1) };
  });
  return {
    forcedLayoutMs: Math.round(layout / 1000),
    forcedStyleMs: Math.round(style / 1000),
    longestCalls: calls.sort((a, b) => b.ms - a.ms).slice(0, 8),
    contentScriptMs: Math.round(outer.reduce((a, e) => a + e.dur!, 0) / 1000),
    longTasksFromContentScript: long,
    maxContentScriptMsInOneTask: +(max / 1000).toFixed(1),
    longTasksFromContentScriptCpu: longCpu,
    maxContentScriptCpuMsInOneTask: +(maxCpu / 1000).toFixed(1),
  };
}
