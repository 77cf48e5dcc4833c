/**
 * A browser-wide Chromium performance trace (every renderer process, so every tab), kept small while it is read:
 * the trace of 20 tabs loading 500 images each and scanning for 15 minutes is several GB of JSON, past Node's
 * 512 MB string limit (page.tracing.stop() returns one string). The browser hands the trace over in buckets of
 * parsed events (transferMode ReportEvents); only those `keep` wants are kept, in a slim form.
 */
import type { Browser, CDPSession } from 'puppeteer-core';
import { SHARE_EVENTS, type TraceEvent } from './trace-share.js';

export interface BrowserTrace {
  events: TraceEvent[];
  /** Events the browser sent, kept or not. */
  seen: number;
  /** The browser's trace buffer filled and events were lost (the figures then undercount). */
  dataLoss: boolean;
  /** Highest buffer fill reported while recording, 0-1. */
  peakBufferFull: number;
}

/** What extensionShare reads: its complete events, tasks of 1 ms or more only (millions of shorter ones in 20 tabs;
 * they bear only on the "most content-script time in one task" figure, and only below 1 ms). */
export const keepForShare =
  (isOurs: (url: string) => boolean) =>
  (e: TraceEvent): boolean => {
    if (e.ph !== 'X' || !SHARE_EVENTS.has(e.name)) return false;
    if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') return (e.dur ?? 0) >= 1000;
    return e.name === 'Layout' || e.name === 'UpdateLayoutTree' || isOurs(e.args?.data?.url ?? '');
  };

function slim(e: TraceEvent): TraceEvent {
  const d = e.args?.data;
  const begin = e.args?.beginData?.url;
  // ParseHTML's URL (beginData) is how page-thread.ts finds the page's main thread.
  const args = d?.url ? { data: { url: d.url, functionName: d.functionName, lineNumber: d.lineNumber, columnNumber: d.columnNumber } } : begin ? { beginData: { url: begin } } : undefined;
  return { name: e.name, ph: e.ph, ts: e.ts, dur: e.dur, tdur: e.tdur, pid: e.pid, tid: e.tid, ...(args && { args }) };
}

export async function traceBrowser(
  browser: Browser,
  keep: (e: TraceEvent) => boolean,
  categories = ['devtools.timeline', 'toplevel'],
  bufferMB = 2048,
): Promise<{ stop(): Promise<BrowserTrace> }> {
  const cdp: CDPSession = await browser.target().createCDPSession();
  const events: TraceEvent[] = [];
  let seen = 0;
  let peakBufferFull = 0;
  cdp.on('Tracing.dataCollected', ({ value }: { value: TraceEvent[] }) => {
    seen += value.length;
    for (const e of value) if (keep(e)) events.push(slim(e));
  });
  cdp.on('Tracing.bufferUsage', ({ percentFull }: { percentFull?: number }) => {
    peakBufferFull = Math.max(peakBufferFull, percentFull ?? 0);
  });
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    bufferUsageReportingInterval: 5000,
    traceConfig: { includedCategories: categories, recordMode: 'recordUntilFull', traceBufferSizeInKb: bufferMB * 1024 },
  });
  return {
    async stop() {
      const done = new Promise<{ dataLossOccurred: boolean }>((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      const { dataLossOccurred } = await done;
      await cdp.detach().catch(() => undefined);
      return { events, seen, dataLoss: dataLossOccurred, peakBufferFull: +peakBufferFull.toFixed(3) };
    },
  };
}

export interface TraceWindows {
  windows: number;
  /** Seconds traced, and seconds from the first start to the stop: the gaps are the browser converting a window. */
  tracedS: number;
  spanS: number;
  windowsWithDataLoss: number;
  seen: number;
  kept: number;
}

/**
 * Traces in windows of `windowMs` until stopped, handing each window's trace to `each` and dropping it: one trace of
 * 20 tabs over 20 minutes took the browser's tracing service past 10 GB converting it to JSON (and minutes of a
 * core), so each window stays small. What runs while a window is converted is not traced; a task across a window's
 * edge is cut.
 */
export function traceInWindows(browser: Browser, keep: (e: TraceEvent) => boolean, windowMs: number, each: (t: BrowserTrace) => void, bufferMB = 512) {
  const t0 = Date.now();
  const sum: TraceWindows = { windows: 0, tracedS: 0, spanS: 0, windowsWithDataLoss: 0, seen: 0, kept: 0 };
  let stopped = false;
  let wake = () => {};
  const loop = (async () => {
    while (!stopped) {
      const trace = await traceBrowser(browser, keep, undefined, bufferMB);
      const start = Date.now();
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, windowMs);
      });
      sum.tracedS += (Date.now() - start) / 1000;
      const t = await trace.stop();
      Object.assign(sum, { windows: sum.windows + 1, windowsWithDataLoss: sum.windowsWithDataLoss + (t.dataLoss ? 1 : 0), seen: sum.seen + t.seen, kept: sum.kept + t.events.length });
      each(t);
    }
  })();
  return {
    async stop(): Promise<TraceWindows> {
      stopped = true;
      wake();
      await loop;
      return { ...sum, tracedS: Math.round(sum.tracedS), spanS: Math.round((Date.now() - t0) / 1000) };
    },
  };
}

/** Only the content script's own file (the offscreen document and popup are extension scripts too, in other renderers). */
export const isContentScript = (url: string) => url.startsWith('chrome-extension://') && url.includes('/src/content/');
