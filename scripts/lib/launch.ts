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
import type { Result, TabReport } from '../../src/lib/protocol/messages.js';
import { openExtensionTab, waitForPage } from './pages.js';
import { pollUntil } from './poll.js';

export type BrowserKind = 'chrome' | 'firefox';

export const EXECUTABLES: Record<BrowserKind, string> = {
  chrome: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
};

/** 'production' is the shipped build; 'test-hooks' the LL_TEST_HOOKS=1 build (npm run build:test-hooks). */
export type Build = 'production' | 'test-hooks';

export function distDir(kind: BrowserKind, build: Build = 'production'): string {
  // LL_DIST lets parallel work trees build and test without sharing one dist/.
  const root = `${process.env.LL_DIST ?? 'dist'}${build === 'test-hooks' ? '-test-hooks' : ''}`;
  return `${resolve(fileURLToPath(new URL('../../', import.meta.url)), root, kind)}/`;
}

export interface LaunchOptions {
  headless?: boolean;
  locale?: string;
  build?: Build;
  /** Send every request the browser makes, loopback included, through this HTTP proxy (scripts/lib/recorder.ts). */
  proxy?: { host: string; port: number };
  /**
   * Firefox: grant `permissions.request` calls without showing the prompt (tests cannot answer the browser's own
   * dialog). Chrome has no such switch; tests grant sites there through chrome://extensions.
   */
  autoGrantPermissions?: boolean;
  /**
   * Host names the browser resolves to 127.0.0.1, so a test server can stand for a public site: url-guard.ts treats
   * a dotted name as public and 127.0.0.1 as local, and a page on a local address may use local images.
   */
  loopbackNames?: string[];
  /** Firefox: extra preferences for this profile (a test shortens the event page's idle timeout with one). */
  firefoxPrefs?: Record<string, unknown>;
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

export async function launch(kind: BrowserKind, opts: LaunchOptions = {}): Promise<Session> {
  const headless = opts.headless ?? true;
  const dist = distDir(kind, opts.build);
  if (!browserAvailable(kind)) throw new Error(`${EXECUTABLES[kind]} not found: apt-get install -y ${kind === 'chrome' ? 'chromium' : 'firefox-esr'}`);
  if (!existsSync(`${dist}manifest.json`)) throw new Error(`no build in ${dist}: run npm run ${opts.build === 'test-hooks' ? 'build:test-hooks' : 'build'}`);
  const proxy = opts.proxy;
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
            // The network-time query to clients2.google.com (Chromium 156) and the periodic preconnect to the default
            // search engine, www.google.com (Chromium 150), which the flags above leave on (both seen by
            // tests/e2e/privacy.e2e.test.ts). What no flag stops is named in scripts/lib/recorder.ts.
            '--disable-features=NetworkTimeServiceQuerying,PreconnectToSearch',
            `--lang=${lang}`,
            // Chromium bypasses any proxy for loopback unless told "<-loopback>" (remove the implicit bypass rule).
            ...(opts.loopbackNames?.length ? [`--host-resolver-rules=${opts.loopbackNames.map((n) => `MAP ${n} 127.0.0.1`).join(',')}`] : []),
            ...(proxy ? [`--proxy-server=http://${proxy.host}:${proxy.port}`, '--proxy-bypass-list=<-loopback>'] : []),
          ],
          env: { ...process.env, LANGUAGE: lang.replace('-', '_') },
        })
      : await puppeteer.launch({
          browser: 'firefox',
          executablePath: EXECUTABLES.firefox,
          headless,
          env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
          extraPrefsFirefox: {
            'intl.locale.requested': lang,
            'intl.accept_languages': lang,
            // Closed network here: no update, telemetry or remote-settings traffic.
            'app.update.enabled': false,
            'datareporting.policy.dataSubmissionEnabled': false,
            'toolkit.telemetry.enabled': false,
            'browser.aboutwelcome.enabled': false,
            // Remote settings (blocklists, certificate revocation, etc.) polled firefox.settings.services.mozilla.com
            // on start (seen by tests/e2e/privacy.e2e.test.ts, firefox-esr 153); Mozilla's own test profiles
            // point it at this dummy. Release builds honour the pref only with MOZ_REMOTE_SETTINGS_DEVTOOLS=1 (env below).
            'services.settings.server': 'data:,#remote-settings-dummy/v1',
            ...(proxy ? firefoxProxyPrefs(proxy) : {}),
            // Resolved to the loopback (127.0.0.1, or ::1 first where the system prefers it; the test servers listen on 127.0.0.1).
            ...(opts.loopbackNames?.length ? { 'network.dns.localDomains': opts.loopbackNames.join(',') } : {}),
            ...(opts.autoGrantPermissions ? { 'extensions.webextOptionalPermissionPrompts': false } : {}),
            ...opts.firefoxPrefs,
          },
        });
  try {
    await browser.installExtension(dist);
    const scheme = kind === 'chrome' ? 'chrome-extension://' : 'moz-extension://';
    const ext = await waitForPage(browser, (u) => u.startsWith(scheme) && u.includes('/src/welcome/index.html'));
    await ext.waitForFunction(() => document.getElementById('demo-status')?.textContent !== '');
    return { kind, browser, ext, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/**
 * Firefox: every request through one HTTP proxy, loopback included (Firefox never proxies localhost unless
 * network.proxy.allow_hijacking_localhost is set), and nothing exempted.
 */
function firefoxProxyPrefs(proxy: { host: string; port: number }): Record<string, unknown> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': proxy.host,
    'network.proxy.http_port': proxy.port,
    'network.proxy.ssl': proxy.host,
    'network.proxy.ssl_port': proxy.port,
    'network.proxy.share_proxy_settings': true,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.socks_remote_dns': false,
  };
}

/** Turns the bundled demo list on through the welcome page's switch, as a user would. */
export async function enableDemo(s: Session): Promise<void> {
  const state = await s.ext.$eval('#demo-status', (el) => (el as HTMLElement).dataset.state);
  if (state !== 'on') await s.ext.click('#demo-toggle');
  await s.ext.waitForFunction(() => (document.getElementById('demo-status') as HTMLElement).dataset.state === 'on', { timeout: 15_000 });
}

export async function tabIdOf(s: Session, urlPrefix: string): Promise<number> {
  const hit = await pollUntil(
    async () => (await s.ext.evaluate(async () => (await chrome.tabs.query({})).map((t) => ({ id: t.id, url: t.url })))).find((t) => t.url?.startsWith(urlPrefix)),
    (t) => t?.id !== undefined,
    () => `no tab at ${urlPrefix}`,
    { everyMs: 100 },
  );
  return hit!.id!;
}

/** The background's report for a tab, asked for the way the popup asks. */
export async function tabReport(s: Session, tabId: number): Promise<TabReport> {
  // As JSON text: the report's matches share their work's model and creator objects (tab-batch.ts), and WebDriver
  // BiDi (Firefox) sends an object seen twice as a bare reference, which puppeteer (24) reads back as undefined.
  const text = await s.ext.evaluate(
    (id: number) => (chrome.runtime.sendMessage({ type: 'tab/report', payload: { tabId: id } }) as Promise<Result<TabReport>>).then((r) => JSON.stringify(r)),
    tabId,
  );
  const r = JSON.parse(text) as Result<TabReport>;
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Waits until the tab's report has at least `expected` images checked or skipped, stops changing, and satisfies `done`. */
export async function waitForScan(s: Session, tabId: number, expected: number, timeoutMs = 30_000, done: (r: TabReport) => boolean = () => true): Promise<TabReport> {
  const keyOf = (r: TabReport) => `${r.checked}/${r.skipped}/${r.flagged.length}`;
  let last = '';
  return pollUntil(
    () => tabReport(s, tabId),
    (r) => {
      const stable = keyOf(r) === last;
      last = keyOf(r);
      return r.checked + r.skipped >= expected && stable && done(r);
    },
    (r) => `scan incomplete after ${timeoutMs} ms: ${keyOf(r)} (checked/skipped/flagged), expected ${expected}`,
    { timeoutMs, everyMs: 300 },
  );
}

export function badgeText(s: Session, tabId: number): Promise<string> {
  return s.ext.evaluate((id: number) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Opens the popup for a tab as a page the extension itself creates (works in both browsers). */
export async function openPopup(s: Session, tabId: number): Promise<Page> {
  const page = await openExtensionTab(s, 'src/popup/index.html', { query: `tab=${tabId}`, active: false });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  return page;
}

/**
 * Opens the options page as a page the extension itself creates (Firefox refuses to navigate to it otherwise);
 * `hash` is passed through (e.g. "#register=...").
 */
export async function openOptions(s: Session, hash = '', opts: { active?: boolean } = {}): Promise<Page> {
  const page = await openExtensionTab(s, 'src/options/index.html', { hash, active: opts.active ?? true });
  // Polled on a timer: requestAnimationFrame does not run in a background tab in Chromium.
  await page.waitForFunction(() => document.getElementById('works')?.dataset.ready === 'true', { timeout: 15_000, polling: 200 });
  return page;
}
