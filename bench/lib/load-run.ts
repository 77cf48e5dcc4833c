/**
 * What both halves of bench:load (bench/load.ts, issue 8) share: a browser with or without the extension (with
 * the worker heap watched), the images a page finished loading, and the wait until each tab has a verdict for them.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { enableDemo, launch, tabReport, type Session } from '../../scripts/lib/launch.js';
import { launchPlainChromium } from './browser-metrics.js';
import { watchWorkerHeap, type WorkerHeap } from './worker-heap.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Run {
  session?: Session;
  browser: Browser;
  heap?: WorkerHeap;
}

export async function start(withExtension: boolean): Promise<Run> {
  if (!withExtension) return { browser: await launchPlainChromium() };
  const session = await launch('chrome');
  await enableDemo(session);
  return { session, browser: session.browser, heap: await watchWorkerHeap(session) };
}

/** Images the browser finished loading (waits up to 60 s for the rest): only those can be expected to get a verdict. */
export async function shownImages(page: Page): Promise<{ onPage: number; shown: number }> {
  await page.waitForFunction(() => [...document.images].every((i) => i.complete), { timeout: 60_000, polling: 500 }).catch(() => undefined);
  return page.evaluate(() => ({ onPage: document.images.length, shown: [...document.images].filter((i) => i.complete && i.naturalWidth > 0).length }));
}

/** Polls the tab reports until each tab has a verdict for every image it shows, or the timeout. */
export async function waitForVerdicts(run: Run, tabs: Array<{ tabId: number; shown: number }>, timeoutMs: number): Promise<{ verdicts: number[]; ms: number }> {
  const t0 = Date.now();
  let verdicts = tabs.map(() => 0);
  for (;;) {
    verdicts = await Promise.all(tabs.map(async (t) => tabReport(run.session!, t.tabId).then((r) => r.checked + r.skipped)));
    run.heap?.progress(verdicts.reduce((a, b) => a + b, 0));
    if (verdicts.every((v, i) => v >= tabs[i]!.shown) || Date.now() - t0 > timeoutMs) break;
    await sleep(500);
  }
  return { verdicts, ms: Date.now() - t0 };
}

export const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
