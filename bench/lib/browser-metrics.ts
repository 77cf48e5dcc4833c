/**
 * Page-side measurements for the page benchmark, the same with and without the extension: long tasks (a
 * PerformanceObserver installed before any page script), the load time, and Chromium's own counters
 * (ScriptDuration, TaskDuration: every script on the page's main thread, content scripts included). What of it the
 * content script caused comes from a performance trace (trace-share.ts, re-exported here).
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

/**
 * Puppeteer turns on the DevTools Network domain of every page it opens, so each request also sends its events
 * (one per received chunk) to this process: fetching the 108 works 12 at a time cost 23.5-28 ms of CPU per image
 * with it and 11.5-12 without (browser + this process, 2026-12-03). The extension's offscreen document and its scan
 * workers are not puppeteer pages, so the pipeline never paid it; a page running the naive pipeline or the
 * fetch-only floor must not either. Puppeteer 24 has no public switch: its own session of the page is used.
 */
export async function withoutNetworkEvents(page: Page): Promise<void> {
  await (page as unknown as { _client(): { send(method: 'Network.disable'): Promise<unknown> } })._client().send('Network.disable');
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

/**
 * Images the browser itself never finished loading (a lazy one scrolled past while the main thread was busy:
 * 5-8 of 500 in 5 of 13 Chromium runs on 2026-12-03, never without the extension) cannot be expected to have a
 * verdict: waits up to 60 s for loads, then counts what the bench page shows (CSS backgrounds and loaded images).
 */
export async function shownImages(page: Page): Promise<number> {
  await page.waitForFunction(() => [...document.images].every((i) => i.complete), { timeout: 60_000, polling: 500 }).catch(() => undefined);
  return page.evaluate(() => document.querySelectorAll('div > div').length + [...document.images].filter((i) => i.complete && i.naturalWidth > 0).length);
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

export { extensionShare, type ExtensionShare } from './trace-share.js';
