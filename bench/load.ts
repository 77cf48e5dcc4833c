/**
 * `npm run bench:load`, in Chromium, each half with and without the extension in one run (issue 8, "Under load"):
 *  1. One tab of the infinite-scroll page (/gen/scroll.html, LOAD_IMAGES = 10,000 images, each its own URL, demo
 *     images of which three are in the demo list), scrolled top to bottom continuously for LOAD_SECONDS (60).
 *  2. LOAD_TABS (20) tabs of a 500-image page opened at once.
 * Measured: the service worker's JS heap sampled every second (start, peak, end), the page's JS heap and long
 * tasks with vs without the extension, the long tasks the content script itself caused (performance trace,
 * bench/lib/trace-share.ts; for the tabs, a browser-wide trace across all of them: bench/lib/load-tabs.ts), the
 * browser's CPU time, and whether every image the page shows got a verdict (tab report checked + skipped).
 * A benchmark, not a test: it prints and records figures and asserts nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { startDemoServers } from '../scripts/demo-server.js';
import { tabIdOf, tabReport } from '../scripts/lib/launch.js';
import { instrument, pageCost, type ExtensionShare, type PageCost } from './lib/browser-metrics.js';
import { isTask, pageThread, type PageThread } from './lib/page-thread.js';
import { shareOfEvents, type TraceEvent } from './lib/trace-share.js';
import { isContentScript, keepForShare, traceBrowser } from './lib/trace-stream.js';
import { loadavg, shownImages, sleep, start, waitForVerdicts } from './lib/load-run.js';
import { printTabs, tabsRun } from './lib/load-tabs.js';
import { heapFigures, type WorkerHeap } from './lib/worker-heap.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const IMAGES = Number(process.env.LOAD_IMAGES ?? 10_000);
const TABS = Number(process.env.LOAD_TABS ?? 20);
const TAB_IMAGES = Number(process.env.LOAD_TAB_IMAGES ?? 500);
/** After the scroll (or the tabs' load), how long the images may take to all get a verdict before we give up. */
const VERDICT_TIMEOUT_MS = Number(process.env.LOAD_VERDICT_TIMEOUT_S ?? 300) * 1000;
/** The tabs half traces in windows of this length (bench/lib/trace-stream.ts traceInWindows). */
const TRACE_WINDOW_MS = Number(process.env.LOAD_TRACE_WINDOW_S ?? 60) * 1000;
/** LOAD_PLAIN=0 skips the runs without the extension (ad-hoc runs while finding a cause; ratios are then null). */
const PLAIN = process.env.LOAD_PLAIN !== '0';
/** When this run started: a partial record it wrote earlier is replaced by its full one. */
const started = new Date().toISOString();
const servers = await startDemoServers();

interface ScrollResult extends PageCost {
  onPage: number;
  shown: number;
  reachedBottom: boolean;
  pageHeapMB: number;
  verdicts?: number;
  verdictsAfterScrollMs?: number;
  share?: ExtensionShare;
  /** The page's main thread by CPU (page-thread.ts), traced with and without the extension. */
  thread?: PageThread;
  workerHeap?: ReturnType<typeof heapFigures>;
  heapSamples?: WorkerHeap['samples'];
}

const forShare = keepForShare(isContentScript);
const keepForScroll = (e: TraceEvent) => forShare(e) || e.name === 'ParseHTML' || (e.tid === e.pid && isTask(e));

async function scrollRun(withExtension: boolean): Promise<ScrollResult> {
  const run = await start(withExtension);
  try {
    const page = await run.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await instrument(page);
    // Streamed and filtered as it comes (trace-stream.ts): a minute of 10,000 image loads is over Node's 512 MB
    // string limit as one trace. Kept: what the content-script share reads, the page's ParseHTML, and every task
    // of every process's main thread (tid = pid on Linux), which page-thread.ts sums.
    const trace = await traceBrowser(run.browser, keepForScroll);
    const url = `${servers.pageOrigin}/gen/scroll.html?tag=s&n=${IMAGES}`;
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    const tabId = run.session ? await tabIdOf(run.session, url) : 0;
    // Scroll continuously: every 100 ms to where a steady reader would be, so the whole feed is read in SECONDS.
    const t0 = Date.now();
    let reachedBottom = false;
    while (Date.now() - t0 < SECONDS * 1000) {
      reachedBottom = await page.evaluate((f: number, n: number) => {
        const perRow = Math.max(1, Math.floor(document.getElementById('feed')!.clientWidth / 124));
        const total = Math.ceil(n / perRow) * 88;
        window.scrollTo(0, Math.round(total * Math.min(1, f)));
        return document.images.length >= n && innerHeight + scrollY >= document.body.scrollHeight - 2;
      }, (Date.now() - t0) / (SECONDS * 1000), IMAGES);
      if (run.session && tabId) run.heap?.progress(await tabReport(run.session, tabId).then((r) => r.checked + r.skipped));
      await sleep(100);
    }
    const { onPage, shown } = await shownImages(page);
    // The trace covers the scroll and the image loads only, not the verdict wait.
    const { events } = await trace.stop();
    const share = run.session ? shareOfEvents(events, isContentScript) : undefined;
    const thread = pageThread(events, '/gen/scroll.html');
    const v = run.session ? await waitForVerdicts(run, [{ tabId, shown }], VERDICT_TIMEOUT_MS) : undefined;
    const pageHeapMB = +(((await page.metrics()).JSHeapUsedSize ?? 0) / 1024 / 1024).toFixed(1);
    await run.heap?.stop();
    return {
      ...(await pageCost(page)),
      onPage,
      shown,
      reachedBottom,
      pageHeapMB,
      verdicts: v?.verdicts[0],
      verdictsAfterScrollMs: v?.ms,
      share,
      thread,
      workerHeap: run.heap && heapFigures(run.heap),
      heapSamples: run.heap?.samples,
    };
  } finally {
    await run.browser.close();
  }
}

const ratio = (a: number, b: number) => (b ? +(a / b).toFixed(2) : null);
/** Written after each half, so a run stopped during the second half still records the first (`partial: true`). */
function record(scroll: unknown, tabs: unknown, partial: boolean): void {
  const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  const result = { date: new Date().toISOString(), settings: { LOAD_SECONDS: SECONDS, LOAD_IMAGES: IMAGES, LOAD_TABS: TABS, LOAD_TAB_IMAGES: TAB_IMAGES, LOAD_VERDICT_TIMEOUT_S: VERDICT_TIMEOUT_MS / 1000, LOAD_TRACE_WINDOW_S: TRACE_WINDOW_MS / 1000 }, loadavg, partial, scroll, tabs };
  // Appended to the recorded runs (a partial record of this run is replaced by the full one), never overwriting them.
  const file = new URL('results/load.json', import.meta.url);
  const old = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { note?: string; runs?: Array<{ date: string; partial?: boolean }> }) : {};
  const runs = (old.runs ?? []).filter((r) => !(r.partial && r.date >= started));
  writeFileSync(file, `${JSON.stringify({ ...old, runs: [...runs, result] }, null, 2)}\n`);
}
try {
  const only = process.env.BENCH_ONLY; // 'scroll' or 'tabs' while tuning one half
  let scroll;
  if (only !== 'tabs') {
    const plain = await scrollRun(false);
    const ext = await scrollRun(true);
    const { heapSamples, ...withExtension } = ext;
    scroll = { images: IMAGES, seconds: SECONDS, withExtension, withoutExtension: plain, ratios: { pageHeap: ratio(ext.pageHeapMB, plain.pageHeapMB), longTasks: ratio(ext.longTasks, plain.longTasks), taskTime: ratio(ext.taskMs, plain.taskMs), pageThreadCpu: ratio(ext.thread?.cpuMs ?? 0, plain.thread?.cpuMs ?? 0) }, heapSamples };
    const w = ext.workerHeap!;
    console.log(`scroll: ${ext.onPage} images on the page after ${SECONDS} s of scrolling (${ext.shown} loaded; bottom ${ext.reachedBottom ? 'reached' : 'not reached'}); ${ext.verdicts} verdicts, the last ${ext.verdictsAfterScrollMs} ms after the scroll ended`);
    console.log(`  service worker heap: start ${w.startMB} MB, peak ${w.peakMB} MB, end ${w.endMB} MB (${w.samples} samples, ${w.restarts} restarts)`);
    console.log(`  page JS heap ${ext.pageHeapMB} vs ${plain.pageHeapMB} MB (${scroll.ratios.pageHeap}x); long tasks ${ext.longTasks} vs ${plain.longTasks} (longest ${ext.longestTaskMs} vs ${plain.longestTaskMs} ms); task time ${ext.taskMs} vs ${plain.taskMs} ms (${scroll.ratios.taskTime}x)`);
    console.log(`  content script (trace): ${ext.share?.contentScriptMs} ms of main-thread time, ${ext.share?.longTasksFromContentScript} long tasks caused by it, at most ${ext.share?.maxContentScriptMsInOneTask} ms in one task; forced layout ${ext.share?.forcedLayoutMs} ms, style ${ext.share?.forcedStyleMs} ms`);
    console.log(`  by thread (CPU) time: ${ext.share?.longTasksFromContentScriptCpu} long tasks caused by it, at most ${ext.share?.maxContentScriptCpuMsInOneTask} ms in one task (load average ${loadavg()})`);
    console.log(`  page main thread (trace of the scroll, CPU time of its tasks): ${ext.thread?.cpuMs} vs ${plain.thread?.cpuMs} ms (${scroll.ratios.pageThreadCpu}x); long tasks there ${ext.thread?.longTasks} vs ${plain.thread?.longTasks} by wall, ${ext.thread?.longTasksCpu} vs ${plain.thread?.longTasksCpu} by CPU`);
    for (const c of ext.share?.longestCalls ?? []) console.log(`    ${c.ms} ms (CPU ${c.cpuMs ?? '?'} ms) ${c.fn} (layout ${c.layoutMs}, style ${c.styleMs})`);
    if (only !== 'scroll') record(scroll, undefined, true);
  }
  let tabs;
  if (only !== 'scroll') {
    const o = { origin: servers.pageOrigin, tabs: TABS, images: TAB_IMAGES, verdictTimeoutMs: VERDICT_TIMEOUT_MS, traceWindowMs: TRACE_WINDOW_MS };
    const uptimeStart = loadavg();
    const without = PLAIN ? await tabsRun(false, o) : undefined;
    const ext = await tabsRun(true, o);
    tabs = { imagesPerTab: TAB_IMAGES, loadavgStart: uptimeStart, loadavgEnd: loadavg(), ...printTabs(ext, without) };
  }
  record(scroll, tabs, false);
} finally {
  await servers.close();
}
