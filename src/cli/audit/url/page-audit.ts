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
  /** The page timeout hit while images were still loading or being checked: its report so far, named (scan-wait.ts). */
  incomplete?: string;
}

export interface BrowserAudit {
  /** The registries as the extension added them (its ids are the sources of their matches). */
  registries: RegistryRecord[];
  audit(url: string): Promise<PageOutcome>;
  close(): Promise<void>;
}

/** How long one page may take to load and be judged by default (a page of hundreds of images on a loaded machine). */
export const PAGE_TIMEOUT_MS = 90_000;

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

/**
 * Scrolls to the bottom a screen at a time, each screen held until the browser has rendered it (Chromium starts a
 * lazy `<img>` only when a rendering update finds it near the view: screens scrolled past between two updates left
 * 16 of the 200-image bench page's 40 lazy images unloaded, and uncounted), then brings each lazy `<img>` still not
 * loaded into view the same way. For the audit and the bench's arms alike (bench/audit-page.ts).
 */
export async function scrollThrough(page: Page): Promise<void> {
  // No named function inside: tsx (esbuild keepNames) would wrap it in a __name() call the page does not have.
  await page.evaluate(async () => {
    // Two animation frames: a rendering update ran with this scroll position (bounded: a hidden page renders none).
    const rendered = [() => new Promise((r) => (requestAnimationFrame(() => requestAnimationFrame(r)), setTimeout(r, 1000)))][0]!;
    for (let y = 0; y < document.documentElement.scrollHeight; y += Math.max(200, innerHeight)) {
      scrollTo(0, y);
      await rendered();
    }
    for (const img of [...document.images].filter((i) => i.loading === 'lazy' && !i.complete)) {
      img.scrollIntoView({ block: 'center' });
      await rendered();
    }
    scrollTo(0, document.documentElement.scrollHeight);
  });
}

/** Scrolls through the page (lazy images start loading), then counts what the scanner will judge. */
async function scrollAndCount(page: Page, waitMs: number): Promise<{ images: number; links: string[] }> {
  await scrollThrough(page);
  return page.evaluate(async (minSide: number, waitMs: number) => {
    await Promise.all(
      [...document.images]
        .filter((img) => !img.complete)
        .map(
          (img) =>
            new Promise((r) => {
              img.addEventListener('load', r, { once: true });
              img.addEventListener('error', r, { once: true });
              setTimeout(r, waitMs);
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
  }, MIN_SIDE, waitMs);
}

/**
 * `<img>` elements of every frame still loading: the content script learns their address only once they load, so
 * its progress cannot count them. Lazy ones out of a frame's view have not started (the top document was scrolled
 * through, a frame was not): they are not waited for.
 */
async function stillLoading(page: Page): Promise<number> {
  const top = page.mainFrame();
  const counts = await Promise.all(
    page.frames().map((f) =>
      f
        .evaluate(
          (isTop: boolean) =>
            [...document.images].filter((img) => {
              if (img.complete) return false;
              if (img.loading !== 'lazy') return true;
              const r = img.getBoundingClientRect();
              return r.width >= 1 && r.height >= 1 && (isTop || (r.bottom > 0 && r.top < innerHeight));
            }).length,
          f === top,
        )
        .catch(() => 0),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Starts Chromium with the built extension, subscribes the lists' texts (each already verified by the CLI) and adds
 * the registries by their manifest's address, with the options page's own messages (the extension checks them).
 */
export async function startBrowserAudit(listTexts: string[], registryUrls: string[] = [], pageTimeoutMs = PAGE_TIMEOUT_MS): Promise<BrowserAudit> {
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
      // One bound for the whole page: loading, scrolling and judging.
      const end = Date.now() + pageTimeoutMs;
      const left = (min: number) => Math.max(min, end - Date.now());
      try {
        const res = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: pageTimeoutMs });
        const finalUrl = page.url();
        if (res && !res.ok()) return { url, finalUrl, links: [], error: `HTTP ${res.status()}` };
        // The load event while time is left: an image that never finishes holds it back, and is counted still loading.
        await page.waitForFunction(() => document.readyState === 'complete', { timeout: left(1), polling: 200 }).catch(() => undefined);
        const { images, links } = await scrollAndCount(page, Math.min(10_000, left(0)));
        const tabId = await tabOf(session, finalUrl);
        const { report, incomplete } = await waitForVerdicts(session, tabId, images, { timeoutMs: left(2_000), pageTimeoutMs, loading: () => stillLoading(page) });
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
