/**
 * Launches Debian's Chromium or Firefox ESR with the built extension through puppeteer-core, and drives it from
 * the extension's own welcome page (an extension page, so it may call every extension API in both browsers;
 * Firefox's WebDriver BiDi refuses to navigate to moz-extension:// URLs, but pages the extension opens itself work).
 * Used by `npm start` and by the end-to-end tests. Launch options: ../shared/notes/browser-testing.md.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Result, TabReport } from '../../src/lib/messages.js';

export type BrowserKind = 'chrome' | 'firefox';

export const EXECUTABLES: Record<BrowserKind, string> = {
  chrome: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
};

export function distDir(kind: BrowserKind): string {
  // LL_DIST lets parallel work trees build and test without sharing one dist/.
  return `${resolve(fileURLToPath(new URL('../../', import.meta.url)), process.env.LL_DIST ?? 'dist', kind)}/`;
}

export function browserAvailable(kind: BrowserKind): boolean {
  return existsSync(EXECUTABLES[kind]);
}

export interface Session {
  kind: BrowserKind;
  browser: Browser;
  /** The extension's welcome page, kept open as the handle for extension API calls. */
  ext: Page;
  close(): Promise<void>;
}

/**
 * Firefox over WebDriver BiDi (firefox-esr 153) reports pages the extension opened as about:blank in page.url(),
 * though the page itself knows its URL: ask it.
 */
async function pageUrl(p: Page): Promise<string> {
  const u = p.url();
  if (u !== 'about:blank') return u;
  return p.evaluate(() => location.href).catch(() => u);
}

async function waitForPage(browser: Browser, test: (url: string) => boolean, timeoutMs = 15_000): Promise<Page> {
  const end = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < end) {
    seen = [];
    for (const p of await browser.pages()) {
      const u = await pageUrl(p);
      if (test(u)) return p;
      seen.push(u);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no page matching the expected URL within ${timeoutMs} ms (open: ${seen.join(', ')})`);
}

export async function launch(kind: BrowserKind, opts: { headless?: boolean; locale?: string } = {}): Promise<Session> {
  const headless = opts.headless ?? true;
  if (!browserAvailable(kind)) throw new Error(`${EXECUTABLES[kind]} not found: apt-get install -y ${kind === 'chrome' ? 'chromium' : 'firefox-esr'}`);
  if (!existsSync(`${distDir(kind)}manifest.json`)) throw new Error(`no build in ${distDir(kind)}: run npm run build`);
  const lang = opts.locale ?? 'en-US';
  const browser =
    kind === 'chrome'
      ? await puppeteer.launch({
          browser: 'chrome',
          executablePath: EXECUTABLES.chrome,
          headless,
          pipe: true,
          enableExtensions: true,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            `--lang=${lang}`,
          ],
          env: { ...process.env, LANGUAGE: lang.replace('-', '_') },
        })
      : await puppeteer.launch({
          browser: 'firefox',
          executablePath: EXECUTABLES.firefox,
          headless,
          extraPrefsFirefox: {
            'intl.locale.requested': lang,
            'intl.accept_languages': lang,
            // Closed network here: no update, telemetry or remote-settings traffic.
            'app.update.enabled': false,
            'datareporting.policy.dataSubmissionEnabled': false,
            'toolkit.telemetry.enabled': false,
            'browser.aboutwelcome.enabled': false,
          },
        });
  try {
    await browser.installExtension(distDir(kind));
    const scheme = kind === 'chrome' ? 'chrome-extension://' : 'moz-extension://';
    const ext = await waitForPage(browser, (u) => u.startsWith(scheme) && u.includes('/src/welcome/index.html'));
    await ext.waitForFunction(() => document.getElementById('demo-status')?.textContent !== '');
    return { kind, browser, ext, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Turns the bundled demo list on through the welcome page's switch, as a user would. */
export async function enableDemo(s: Session): Promise<void> {
  const state = await s.ext.$eval('#demo-status', (el) => (el as HTMLElement).dataset.state);
  if (state !== 'on') await s.ext.click('#demo-toggle');
  await s.ext.waitForFunction(() => (document.getElementById('demo-status') as HTMLElement).dataset.state === 'on', { timeout: 15_000 });
}

export async function tabIdOf(s: Session, urlPrefix: string): Promise<number> {
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    const tabs = await s.ext.evaluate(async () => (await chrome.tabs.query({})).map((t) => ({ id: t.id, url: t.url })));
    const hit = tabs.find((t) => t.url?.startsWith(urlPrefix));
    if (hit?.id !== undefined) return hit.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no tab at ${urlPrefix}`);
}

/** The background's report for a tab, asked for the way the popup asks. */
export async function tabReport(s: Session, tabId: number): Promise<TabReport> {
  const r = await s.ext.evaluate(
    (id: number) => chrome.runtime.sendMessage({ type: 'tab/report', payload: { tabId: id } }) as Promise<Result<TabReport>>,
    tabId,
  );
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Waits until the tab's report has at least `checked` images checked or skipped and stops changing. */
export async function waitForScan(s: Session, tabId: number, expected: number, timeoutMs = 30_000): Promise<TabReport> {
  const end = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const r = await tabReport(s, tabId);
    const key = `${r.checked}/${r.skipped}/${r.flagged.length}`;
    if (r.checked + r.skipped >= expected && key === last) return r;
    if (Date.now() > end) throw new Error(`scan incomplete after ${timeoutMs} ms: ${key} (checked/skipped/flagged), expected ${expected}`);
    last = key;
    await new Promise((res) => setTimeout(res, 300));
  }
}

export function badgeText(s: Session, tabId: number): Promise<string> {
  return s.ext.evaluate((id: number) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Opens the popup for a tab as a page the extension itself creates (works in both browsers). */
export async function openPopup(s: Session, tabId: number): Promise<Page> {
  await s.ext.evaluate((id: number) => chrome.tabs.create({ url: chrome.runtime.getURL(`src/popup/index.html?tab=${id}`), active: false }), tabId);
  const page = await waitForPage(s.browser, (u) => u.includes(`/src/popup/index.html?tab=${tabId}`));
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  return page;
}

/**
 * Opens the options page as a page the extension itself creates (Firefox refuses to navigate to it otherwise).
 * A unique query tells this tab from other options tabs; `hash` is passed through (e.g. "#register=...").
 */
export async function openOptions(s: Session, hash = ''): Promise<Page> {
  const marker = `?open=${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
  const path = `src/options/index.html${marker}${hash}`;
  await s.ext.evaluate((p: string) => chrome.tabs.create({ url: chrome.runtime.getURL(p) }), path);
  const page = await waitForPage(s.browser, (u) => u.includes(`/src/options/index.html${marker}`), 30_000);
  await page.waitForSelector('#works[data-ready="true"]', { timeout: 15_000 });
  return page;
}
