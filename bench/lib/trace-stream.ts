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
  const args = d?.url ? { data: { url: d.url, functionName: d.functionName, lineNumber: d.lineNumber, columnNumber: d.columnNumber } } : undefined;
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

/** Only the content script's own file (the offscreen document and popup are extension scripts too, in other renderers). */
export const isContentScript = (url: string) => url.startsWith('chrome-extension://') && url.includes('/src/content/');
