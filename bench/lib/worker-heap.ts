/**
 * Samples the extension's service worker JS heap (CDP Runtime.getHeapUsage on the worker's own target) once a
 * second for the load benchmark, with the bytes `storage.session` holds (its quota is 10 MB in Chrome: tab results
 * live there) and the worker's console warnings and errors (a failed message handler logs one), counted by text. If the browser replaces the worker (it stopped and a new event started another),
 * the next sample attaches to the new target and the restart is counted.
 */
import type { CDPSession, Target } from 'puppeteer-core';
import type { Session } from '../../scripts/lib/launch.js';

export interface HeapSample {
  /** seconds since sampling started */
  t: number;
  usedMB: number;
  totalMB: number;
  /** what the caller says was done at that moment (e.g. images with a verdict) */
  progress: number;
  /** chrome.storage.session.getBytesInUse() in the worker, MB */
  sessionMB?: number;
}

export interface WorkerHeap {
  samples: HeapSample[];
  restarts: number;
  /** The worker's console warnings and errors, first 160 characters of each, with how often each came. */
  warnings: Map<string, number>;
  /** Sets the progress figure stored with the following samples. */
  progress(n: number): void;
  stop(): Promise<void>;
}

const MB = 1024 * 1024;

export async function watchWorkerHeap(s: Session, everyMs = 1000): Promise<WorkerHeap> {
  const base = await s.ext.evaluate(() => chrome.runtime.getURL(''));
  const isOurs = (t: Target) => t.type() === 'service_worker' && t.url().startsWith(base);
  let target: Target | undefined;
  let cdp: CDPSession | undefined;
  let progress = 0;
  let restarts = 0;
  const samples: HeapSample[] = [];
  const warnings = new Map<string, number>();
  const t0 = Date.now();
  type Arg = { value?: unknown; description?: string };
  const onConsole = (e: { type: string; args: Arg[] }) => {
    if (e.type !== 'warning' && e.type !== 'error') return;
    const text = e.args.map((a) => a.description ?? String(a.value)).join(' ').slice(0, 160);
    warnings.set(text, (warnings.get(text) ?? 0) + 1);
  };

  async function sample(): Promise<void> {
    const now = s.browser.targets().find(isOurs);
    if (!now) return; // the worker is stopped between events: nothing to measure
    if (now !== target) {
      if (target) restarts++;
      target = now;
      await cdp?.detach().catch(() => undefined);
      cdp = await now.createCDPSession();
      cdp.on('Runtime.consoleAPICalled', onConsole);
      await cdp.send('Runtime.enable');
    }
    const h = await cdp!.send('Runtime.getHeapUsage');
    const used = await cdp!.send('Runtime.evaluate', { expression: 'chrome.storage.session.getBytesInUse(null)', awaitPromise: true, returnByValue: true });
    const sessionMB = typeof used.result.value === 'number' ? +(used.result.value / MB).toFixed(2) : undefined;
    samples.push({ t: +((Date.now() - t0) / 1000).toFixed(1), usedMB: +(h.usedSize / MB).toFixed(2), totalMB: +(h.totalSize / MB).toFixed(2), progress, sessionMB });
  }

  await s.browser.waitForTarget(isOurs, { timeout: 15_000 });
  await sample();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    sample()
      .catch(() => {
        target = undefined; // detached mid-call: attach again next time
      })
      .finally(() => (busy = false));
  }, everyMs);
  return {
    samples,
    get restarts() {
      return restarts;
    },
    warnings,
    progress(n: number) {
      progress = n;
    },
    async stop() {
      clearInterval(timer);
      await sample().catch(() => undefined);
      await cdp?.detach().catch(() => undefined);
    },
  };
}

/** Start, peak and end of the samples, in MB; storage.session's peak; the worker's warnings, most frequent first. */
export function heapFigures(h: WorkerHeap) {
  const used = h.samples.map((x) => x.usedMB);
  const warnings = [...h.warnings].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([text, count]) => ({ count, text }));
  const sessionPeakMB = Math.max(0, ...h.samples.map((x) => x.sessionMB ?? 0));
  return { startMB: used[0] ?? 0, peakMB: Math.max(0, ...used), endMB: used.at(-1) ?? 0, samples: used.length, restarts: h.restarts, sessionPeakMB, sessionEndMB: h.samples.at(-1)?.sessionMB, warnings };
}
