/**
 * The second half of bench:load (issue 8): LOAD_TABS tabs of a 500-image page opened at once, each in its own
 * window. Besides the page long tasks (PerformanceObserver in each page), a browser-wide performance trace, taken
 * in windows (trace-stream.ts), attributes renderer main-thread time to the content script across all tabs, per
 * renderer main thread (the tabs share a few renderer processes), as the scroll half does for its one tab
 * (trace-share.ts). Both runs, with and without the extension, are traced so that the tracing's cost in the pages
 * is on both sides of the CPU ratio; the tracing service's own CPU is left out of it.
 */
import { tabIdOf } from '../../scripts/lib/launch.js';
import { instrument, pageCost } from './browser-metrics.js';
import { isTracingService, treeCpuMs } from './cpu.js';
import { loadavg, shownImages, start, waitForVerdicts, type Run } from './load-run.js';
import { mergeShares, shareOfEvents, type ExtensionShare } from './trace-share.js';
import { isContentScript, keepForShare, traceInWindows, type TraceWindows } from './trace-stream.js';
import { heapFigures, type WorkerHeap } from './worker-heap.js';

export interface TabsSettings {
  origin: string;
  tabs: number;
  images: number;
  verdictTimeoutMs: number;
  /** Length of one trace window (trace-stream.ts traceInWindows). */
  traceWindowMs: number;
}

export interface TabsResult {
  tabs: number;
  loadAllMs: number;
  tabsNotLoadedIn300s: number;
  onPage: number;
  shown: number;
  longTasks: number;
  longestTaskMs: number;
  /** CPU time of the browser's process tree, its tracing service left out: opening the tabs until all loaded, and
   * the whole run (with the wait). */
  loadCpuMs: number;
  runCpuMs: number;
  verdicts?: number;
  /** Per tab: verdicts, and images the browser loaded (what a verdict is expected for). */
  verdictsPerTab?: number[];
  shownPerTab: number[];
  tabsComplete?: number;
  verdictsAfterLoadMs?: number;
  share?: ExtensionShare;
  trace: TraceWindows;
  workerHeap?: ReturnType<typeof heapFigures>;
  samples?: WorkerHeap['samples'];
}

export async function tabsRun(withExtension: boolean, o: TabsSettings): Promise<TabsResult> {
  const run: Run = await start(withExtension);
  const pid = run.browser.process()?.pid;
  const cpu = () => (pid ? treeCpuMs(pid, isTracingService) : 0);
  try {
    const pages = await Promise.all(
      Array.from({ length: o.tabs }, async () => {
        // Each in its own window: Chromium gives a background tab no rendering frames, so IntersectionObserver (and
        // with it the content script's scan) waits until the tab is shown; windows make all 20 scan at once.
        const p = await run.browser.newPage({ type: 'window' });
        await p.setViewport({ width: 1280, height: 900 });
        await instrument(p);
        return p;
      }),
    );
    const urls = pages.map((_, i) => `${o.origin}/gen/scroll.html?tag=t${i}&n=${o.images}&first=${o.images}`);
    const shares: ExtensionShare[] = [];
    const trace = traceInWindows(run.browser, keepForShare(isContentScript), o.traceWindowMs, (t) => shares.push(shareOfEvents(t.events, isContentScript)));
    const cpu0 = cpu();
    const t0 = Date.now();
    // A tab not loaded in 5 minutes (a busy machine) is measured as it is: verdicts count against what it loaded.
    const late = await Promise.all(pages.map((p, i) => p.goto(urls[i]!, { waitUntil: 'load', timeout: 300_000 }).then(() => 0, () => 1)));
    const loadAllMs = Date.now() - t0;
    const loadCpuMs = cpu() - cpu0;
    const shown = await Promise.all(pages.map(shownImages));
    const v = run.session
      ? await waitForVerdicts(run, await Promise.all(urls.map(async (u, i) => ({ tabId: await tabIdOf(run.session!, `${u.split('&')[0]}&`), shown: shown[i]!.shown }))), o.verdictTimeoutMs)
      : undefined;
    const runCpuMs = cpu() - cpu0;
    const traced = await trace.stop();
    const costs = await Promise.all(pages.map(pageCost));
    await run.heap?.stop();
    return {
      tabs: o.tabs,
      loadAllMs,
      tabsNotLoadedIn300s: late.reduce((a: number, b) => a + b, 0),
      onPage: shown.reduce((a, s) => a + s.onPage, 0),
      shown: shown.reduce((a, s) => a + s.shown, 0),
      longTasks: costs.reduce((a, c) => a + c.longTasks, 0),
      longestTaskMs: Math.max(0, ...costs.map((c) => c.longestTaskMs)),
      loadCpuMs,
      runCpuMs,
      verdicts: v?.verdicts.reduce((a, b) => a + b, 0),
      verdictsPerTab: v?.verdicts,
      shownPerTab: shown.map((s) => s.shown),
      tabsComplete: v?.verdicts.filter((n, i) => n >= shown[i]!.shown).length,
      verdictsAfterLoadMs: v?.ms,
      share: run.session ? mergeShares(shares) : undefined,
      trace: traced,
      workerHeap: run.heap && heapFigures(run.heap),
      // Every 10th sample: verdicts so far (progress) and storage.session in use, to tell a rate from a plateau.
      samples: run.heap?.samples.filter((_, i) => i % 10 === 0),
    };
  } finally {
    await run.browser.close();
  }
}

const ratio = (a: number, b: number) => (b ? +(a / b).toFixed(2) : null);

/** Prints the tabs half (with the extension against without, when measured) and returns what bench:load records. */
export function printTabs(ext: TabsResult, without: TabsResult | undefined) {
  const plain = without ?? { ...ext, loadAllMs: 0, tabsNotLoadedIn300s: 0, longTasks: 0, longestTaskMs: 0, loadCpuMs: 0, runCpuMs: 0 };
  const ratios = { loadAll: ratio(ext.loadAllMs, plain.loadAllMs), longTasks: ratio(ext.longTasks, plain.longTasks), loadCpu: ratio(ext.loadCpuMs, plain.loadCpuMs) };
  const [w, s] = [ext.workerHeap!, ext.share];
  console.log(`${ext.tabs} tabs x ${Math.round(ext.onPage / ext.tabs)} images at once: ${ext.verdicts}/${ext.shown} verdicts (${ext.tabsComplete}/${ext.tabs} tabs complete) ${ext.verdictsAfterLoadMs} ms after all loaded; load ${ext.loadAllMs} vs ${plain.loadAllMs} ms (${ratios.loadAll}x)`);
  console.log(`  browser CPU while loading ${ext.loadCpuMs} vs ${plain.loadCpuMs} ms (${ratios.loadCpu}x); whole run with the extension ${ext.runCpuMs} ms (load average ${loadavg()})`);
  console.log(`  service worker heap: start ${w.startMB} MB, peak ${w.peakMB} MB, end ${w.endMB} MB; page long tasks ${ext.longTasks} vs ${plain.longTasks} (longest ${ext.longestTaskMs} vs ${plain.longestTaskMs} ms)`);
  console.log(`  content script (trace, ${s?.threads} renderer main threads, ${s?.longTasksOnThoseThreads} tasks over 50 ms on them): ${s?.contentScriptMs} ms of main-thread time, ${s?.longTasksFromContentScript} long tasks caused by it (${s?.longTasksFromContentScriptCpu} by CPU time), at most ${s?.maxContentScriptMsInOneTask} ms in one task (CPU ${s?.maxContentScriptCpuMsInOneTask} ms)`);
  const t = ext.trace;
  console.log(`  trace: ${t.windows} windows, ${t.tracedS} of ${t.spanS} s traced, ${t.seen} events, ${t.kept} kept, ${t.windowsWithDataLoss} windows lost data`);
  for (const c of s?.longestCalls ?? []) console.log(`    ${c.ms} ms (CPU ${c.cpuMs ?? '?'} ms) ${c.fn} (layout ${c.layoutMs}, style ${c.styleMs})`);
  console.log(`  storage.session: peak ${w.sessionPeakMB} MB, end ${w.sessionEndMB} MB; worker warnings: ${w.warnings.length ? '' : 'none'}`);
  for (const { count, text } of w.warnings) console.log(`    ${count} x ${text}`);
  return { withExtension: ext, withoutExtension: without ?? null, ratios };
}
