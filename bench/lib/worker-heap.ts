/**
 * Samples the extension's service worker JS heap (CDP Runtime.getHeapUsage on the worker's own target) once a
 * second for the load benchmark. If the browser replaces the worker (it stopped and a new event started another),
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
}

export interface WorkerHeap {
  samples: HeapSample[];
  restarts: number;
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
  const t0 = Date.now();

  async function sample(): Promise<void> {
    const now = s.browser.targets().find(isOurs);
    if (!now) return; // the worker is stopped between events: nothing to measure
    if (now !== target) {
      if (target) restarts++;
      target = now;
      await cdp?.detach().catch(() => undefined);
      cdp = await now.createCDPSession();
    }
    const h = await cdp!.send('Runtime.getHeapUsage');
    samples.push({ t: +((Date.now() - t0) / 1000).toFixed(1), usedMB: +(h.usedSize / MB).toFixed(2), totalMB: +(h.totalSize / MB).toFixed(2), progress });
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

/** Start, peak and end of the samples, in MB. */
export function heapFigures(h: WorkerHeap): { startMB: number; peakMB: number; endMB: number; samples: number; restarts: number } {
  const used = h.samples.map((x) => x.usedMB);
  return { startMB: used[0] ?? 0, peakMB: Math.max(0, ...used), endMB: used.at(-1) ?? 0, samples: used.length, restarts: h.restarts };
}
