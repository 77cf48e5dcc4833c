/**
 * Attributes renderer main-thread time to the content script from a Chromium performance trace (devtools.timeline
 * + toplevel categories). Per thread: a trace of several tabs holds several renderer processes, and an event only
 * counts inside a task of its own process and thread.
 */

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, when the trace records it: unlike `dur`, it does not count time the thread
   * waited for a core, which on a machine at load average 20 is most of a task's wall time. */
  tdur?: number;
  pid: number;
  tid: number;
  /** `data` on script events; `beginData` on ParseHTML (the document's URL). */
  args?: { data?: { url?: string; functionName?: string; lineNumber?: number; columnNumber?: number }; beginData?: { url?: string } };
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
  /** Threads the content script ran on (one per renderer main thread), and the tasks over 50 ms on them. */
  threads?: number;
  longTasksOnThoseThreads?: number;
  /** Those threads as "pid:tid", to count them across several traces (mergeShares). */
  threadIds?: string[];
}

/** The events extensionShare reads; anything else in a trace can be dropped before it (bench/lib/trace-stream.ts). */
export const SHARE_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'v8.compile', 'RunTask', 'ThreadControllerImpl::RunTask', 'Layout', 'UpdateLayoutTree']);
const OURS = new Set(['FunctionCall', 'EvaluateScript', 'v8.compile']);
const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

const threadOf = (e: TraceEvent) => `${e.pid}:${e.tid}`;
const byThread = (events: TraceEvent[]) => {
  const m = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const list = m.get(threadOf(e));
    if (list) list.push(e);
    else m.set(threadOf(e), [e]);
  }
  return m;
};
/** Outermost events only, per thread (a FunctionCall can nest inside another; RunTask inside the task controller's). */
function outermost(events: TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const list of byThread(events).values()) {
    let end = -Infinity;
    for (const e of list.sort((a, b) => a.ts - b.ts)) {
      if (e.ts < end) continue;
      out.push(e);
      end = e.ts + e.dur!;
    }
  }
  return out;
}
/** Index of the first event (sorted by ts) at or after ts. */
function firstAt(sorted: TraceEvent[], ts: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `isOurs(url)`: the scripts to attribute (default: any extension script the trace shows). */
export function shareOfEvents(all: TraceEvent[], isOurs: (url: string) => boolean = (u) => u.startsWith('chrome-extension://')): ExtensionShare {
  const events = all.filter((e) => e.ph === 'X' && e.dur !== undefined);
  const outer = outermost(events.filter((e) => OURS.has(e.name) && isOurs(e.args?.data?.url ?? '')));
  const ourThreads = byThread(outer); // sorted by ts: outermost() sorted each thread's events
  const tasks = outermost(events.filter((e) => TASKS.has(e.name) && ourThreads.has(threadOf(e))));
  let [long, max, longCpu, maxCpu, longOnThreads] = [0, 0, 0, 0, 0];
  for (const t of tasks) {
    const mine = ourThreads.get(threadOf(t))!;
    let inside = 0;
    let cpu = 0;
    for (let i = firstAt(mine, t.ts); i < mine.length && mine[i]!.ts < t.ts + t.dur!; i++) {
      inside += mine[i]!.dur!;
      cpu += mine[i]!.tdur ?? mine[i]!.dur!;
    }
    max = Math.max(max, inside);
    maxCpu = Math.max(maxCpu, cpu);
    if (t.dur! > 50_000) longOnThreads++;
    if (t.dur! > 50_000 && inside >= 50_000) long++;
    if (t.dur! > 50_000 && cpu >= 50_000) longCpu++;
  }
  // Forced layout and style work nested inside our calls (the browser records them as children of the call).
  const nested = byThread(events.filter((e) => (e.name === 'Layout' || e.name === 'UpdateLayoutTree') && ourThreads.has(threadOf(e))));
  for (const list of nested.values()) list.sort((a, b) => a.ts - b.ts);
  const inside = (o: TraceEvent, name: string) => {
    const list = nested.get(threadOf(o)) ?? [];
    let sum = 0;
    for (let i = firstAt(list, o.ts); i < list.length && list[i]!.ts < o.ts + o.dur!; i++) if (list[i]!.name === name) sum += list[i]!.dur!;
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
    threads: ourThreads.size,
    longTasksOnThoseThreads: longOnThreads,
    threadIds: [...ourThreads.keys()],
  };
}

/** The figures of several traces of one run (windows, bench/lib/trace-stream.ts) as one. */
export function mergeShares(shares: ExtensionShare[]): ExtensionShare {
  const sum = (f: (s: ExtensionShare) => number | undefined) => shares.reduce((a, s) => a + (f(s) ?? 0), 0);
  const max = (f: (s: ExtensionShare) => number) => Math.max(0, ...shares.map(f));
  const threadIds = [...new Set(shares.flatMap((s) => s.threadIds ?? []))];
  return {
    contentScriptMs: sum((s) => s.contentScriptMs),
    longTasksFromContentScript: sum((s) => s.longTasksFromContentScript),
    maxContentScriptMsInOneTask: max((s) => s.maxContentScriptMsInOneTask),
    longTasksFromContentScriptCpu: sum((s) => s.longTasksFromContentScriptCpu),
    maxContentScriptCpuMsInOneTask: max((s) => s.maxContentScriptCpuMsInOneTask),
    forcedLayoutMs: sum((s) => s.forcedLayoutMs),
    forcedStyleMs: sum((s) => s.forcedStyleMs),
    longestCalls: shares.flatMap((s) => s.longestCalls).sort((a, b) => b.ms - a.ms).slice(0, 8),
    threads: threadIds.length,
    longTasksOnThoseThreads: sum((s) => s.longTasksOnThoseThreads),
    threadIds,
  };
}

/** The same from a whole trace file (page.tracing.stop()). */
export function extensionShare(traceJson: string, scriptPrefix = 'chrome-extension://'): ExtensionShare {
  return shareOfEvents((JSON.parse(traceJson) as { traceEvents: TraceEvent[] }).traceEvents, (u) => u.startsWith(scriptPrefix));
}
