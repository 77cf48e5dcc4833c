/**
 * Finding the browser's pages from puppeteer-core, and opening extension pages as tabs the extension creates
 * itself (Firefox's WebDriver BiDi refuses to navigate to moz-extension:// URLs). Used by launch.ts and the tests.
 */
import type { Browser, Page } from 'puppeteer-core';
import type { Session } from './launch.js';
import { pollUntil } from './poll.js';

/**
 * Firefox over WebDriver BiDi (firefox-esr 153) reports pages the extension opened as about:blank in page.url(),
 * though the page itself knows its URL: ask it.
 */
async function pageUrl(p: Page): Promise<string> {
  const u = p.url();
  if (u !== 'about:blank') return u;
  return p.evaluate(() => location.href).catch(() => u);
}

export async function waitForPage(browser: Browser, test: (url: string) => boolean, timeoutMs = 15_000): Promise<Page> {
  const found = await pollUntil(
    async () => {
      const seen: string[] = [];
      for (const p of await browser.pages()) {
        const u = await pageUrl(p);
        if (test(u)) return { page: p, seen };
        seen.push(u);
      }
      return { page: undefined, seen };
    },
    (r) => r.page !== undefined,
    (r) => `no page matching the expected URL within ${timeoutMs} ms (open: ${r.seen.join(', ')})`,
    { timeoutMs, everyMs: 100 },
  );
  return found.page!;
}

/**
 * Opens `path?query&open=<marker>#hash` (an extension path) in a new tab and returns its page; the marker tells
 * this tab from others at the same path. Firefox ESR 153 over WebDriver BiDi has, rarely, never listed a background
 * tab that tabs.create had opened (lists.e2e, about 1 run in 10 on a loaded machine): after `reportMs` without
 * it, the extension's own tab list is read, the tab is closed if it is there, and opened once more with a new
 * marker. A second miss throws with both what puppeteer listed and what the extension saw.
 */
export async function openExtensionTab(s: Session, path: string, opts: { query?: string; hash?: string; active?: boolean; reportMs?: number } = {}): Promise<Page> {
  const tries = 2;
  for (let attempt = 1; ; attempt++) {
    const marker = `open=${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
    const url = `${path}?${opts.query ? `${opts.query}&` : ''}${marker}`;
    const tab = await s.ext.evaluate(
      (p: string, active: boolean) => chrome.tabs.create({ url: chrome.runtime.getURL(p), active }).then((t) => t.id),
      `${url}${opts.hash ?? ''}`,
      opts.active ?? true,
    );
    try {
      return await waitForPage(s.browser, (u) => u.includes(`/${url}`), opts.reportMs ?? 15_000);
    } catch (e) {
      const tabs = await s.ext.evaluate(async () => (await chrome.tabs.query({})).map((t) => ({ id: t.id, url: t.url, status: t.status })));
      const seen = tabs.map((t) => `${t.id} ${t.status} ${t.url}`).join('; ');
      if (attempt >= tries) throw new Error(`${(e as Error).message}; the extension's tabs: ${seen}`);
      console.warn(`[pages] tab ${tab} (${url}) not listed by puppeteer within ${opts.reportMs ?? 15_000} ms; the extension's tabs: ${seen}; opening it again`);
      if (tabs.some((t) => t.id === tab)) await s.ext.evaluate((id: number) => chrome.tabs.remove(id), tab!);
    }
  }
}
