/**
 * One page of a URL audit in the real extension: headless Chromium with the built extension (dist/chrome, the
 * launcher `npm start` and the end-to-end tests use), the audit's lists subscribed in its fresh profile; each page
 * opened, scrolled to the bottom (lazy images load), and read back from the extension's tab report once the content
 * script says every image it found is judged (scan-wait.ts): the popup's own report, so the verdicts are the extension's.
 */
import type { Page } from 'puppeteer-core';
import { MIN_SIDE } from '../../../lib/page/index.js';
import type { RegistryRecord, Result, TabReport } from '../../../lib/protocol/index.js';
import { launch, type Session } from '../../../../scripts/lib/launch.js';
import { pollUntil } from '../../../../scripts/lib/poll.js';
import { waitForVerdicts } from './scan-wait.js';

export interface PageOutcome {
  url: string;
  /** The address the page ended at (redirects). */
  finalUrl: string;
  report?: TabReport;
  links: string[];
  error?: string;
  /** The page timeout hit while the extension was still checking: its report so far, named (scan-wait.ts). */
  incomplete?: string;
}

export interface BrowserAudit {
  /** The registries as the extension added them (its ids are the sources of their matches). */
  registries: RegistryRecord[];
  audit(url: string): Promise<PageOutcome>;
  close(): Promise<void>;
}

/** How long one page may take to load and be judged (a page of hundreds of images on a loaded machine). */
const PAGE_TIMEOUT_MS = 90_000;

async function send<T>(s: Session, type: string, payload: unknown): Promise<T> {
  // As JSON text, as launch.ts tabReport does: puppeteer reads shared objects back badly.
  const text = await s.ext.evaluate((t: string, p: unknown) => (chrome.runtime.sendMessage({ type: t, payload: p }) as Promise<unknown>).then((r) => JSON.stringify(r)), type, payload);
  const r = JSON.parse(text) as Result<T>;
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The tab showing exactly this address (the launcher's tabIdOf matches a prefix: /a would find /a2). */
async function tabOf(s: Session, url: string): Promise<number> {
  const hit = await pollUntil(
    async () => (await s.ext.evaluate(async () => (await chrome.tabs.query({})).map((t) => ({ id: t.id, url: t.url })))).find((t) => t.url === url),
    (t) => t?.id !== undefined,
    () => `no tab at ${url}`,
    { everyMs: 100 },
  );
  return hit!.id!;
}

/** Scrolls to the bottom a screen at a time (lazy images start loading), then counts what the scanner will judge. */
async function scrollAndCount(page: Page): Promise<{ images: number; links: string[] }> {
  // No named function inside: tsx (esbuild keepNames) would wrap it in a __name() call the page does not have.
  return page.evaluate(async (minSide: number) => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += Math.max(200, innerHeight)) {
      scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 50));
    }
    scrollTo(0, document.documentElement.scrollHeight);
    await Promise.all(
      [...document.images]
        .filter((img) => !img.complete)
        .map(
          (img) =>
            new Promise((r) => {
              img.addEventListener('load', r, { once: true });
              img.addEventListener('error', r, { once: true });
              setTimeout(r, 10_000);
            }),
        ),
    );
    // Loaded, shown and not too small to judge (lib/page tooSmall): each such image is reported checked or skipped.
    const shown = [...document.images].filter((img) => {
      const r = img.getBoundingClientRect();
      if (!img.complete || img.naturalWidth === 0 || r.width < 1 || r.height < 1) return false;
      return Math.max(r.width, r.height) >= minSide || Math.max(img.naturalWidth, img.naturalHeight) >= minSide;
    });
    const links = [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].map((a) => a.href);
    return { images: new Set(shown.map((img) => img.currentSrc)).size, links };
  }, MIN_SIDE);
}

/**
 * Starts Chromium with the built extension, subscribes the lists' texts (each already verified by the CLI) and adds
 * the registries by their manifest's address, with the options page's own messages (the extension checks them).
 */
export async function startBrowserAudit(listTexts: string[], registryUrls: string[] = []): Promise<BrowserAudit> {
  const session = await launch('chrome', { headless: true });
  const registries: RegistryRecord[] = [];
  try {
    for (const text of listTexts) await send(session, 'lists/subscribe-file', { text });
  } catch (e) {
    await session.close();
    throw new Error(`the browser could not subscribe a list: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const url of registryUrls) {
    try {
      registries.push(await send<RegistryRecord>(session, 'registries/add-url', { url }));
    } catch (e) {
      await session.close();
      throw new Error(`the browser could not add the registry ${url}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return {
    registries,
    async audit(url) {
      const page = await session.browser.newPage();
      try {
        const res = await page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
        const finalUrl = page.url();
        if (res && !res.ok()) return { url, finalUrl, links: [], error: `HTTP ${res.status()}` };
        const { images, links } = await scrollAndCount(page);
        const tabId = await tabOf(session, finalUrl);
        const { report, incomplete } = await waitForVerdicts(session, tabId, images, PAGE_TIMEOUT_MS);
        return { url, finalUrl, report, links, ...(incomplete ? { incomplete } : {}) };
      } catch (e) {
        return { url, finalUrl: url, links: [], error: e instanceof Error ? e.message : String(e) };
      } finally {
        await page.close().catch(() => undefined);
      }
    },
    close: () => session.close(),
  };
}
