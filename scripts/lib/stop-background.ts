/**
 * Stopping the extension's background from a test, as the browser does when it is idle (launch.ts starts the
 * session): tests/e2e/worker-stop.e2e.test.ts uses it to prove nothing lives only in memory.
 */
import type { Session } from './launch.js';
import { pollUntil } from './poll.js';

/**
 * Stops the extension's background the way the browser does when it is idle, so tests can prove nothing lives
 * only in memory. Chromium: closes the service worker's DevTools target (CDP Target.closeTarget, what puppeteer's
 * WebWorker.close does for service workers), which terminates the worker at once, pending fetches and message
 * replies included; the next event starts a new one. Firefox: WebDriver BiDi exposes no background page and no
 * command to terminate one (w3c/webdriver-bidi#694), so the event page is reloaded from an extension page
 * (reloadEventPage).
 */
export async function stopBackground(s: Session): Promise<void> {
  if (s.kind === 'firefox') return reloadEventPage(s);
  // (Node's URL gives non-special schemes such as chrome-extension: the origin "null": compare the base URL.)
  const base = await s.ext.evaluate(() => chrome.runtime.getURL(''));
  const isOurs = (t: { type(): string; url(): string }) => t.type() === 'service_worker' && t.url().startsWith(base);
  const target = await s.browser.waitForTarget(isOurs, { timeout: 10_000 });
  const worker = await target.worker();
  if (!worker) throw new Error('stopBackground: no worker behind the service worker target');
  // Marked, because an extension page waiting on it may start a new worker at once, behind the same target.
  await worker.evaluate(() => void ((globalThis as { __llStopping?: boolean }).__llStopping = true));
  await worker.close();
  const stillOld = async () => {
    const t = s.browser.targets().find(isOurs);
    if (!t) return false;
    const w = await t.worker().catch(() => null);
    return !!(await w?.evaluate(() => (globalThis as { __llStopping?: boolean }).__llStopping).catch(() => false));
  };
  await pollUntil(stillOld, (old) => !old, () => 'stopBackground: the service worker did not stop within 10 s', { everyMs: 50 });
}

/**
 * Firefox: reloads the event page from the extension's own page (`runtime.getBackgroundPage()` gives its window),
 * which throws away its globals and pending message replies as a suspended event page would, and waits for the
 * new one (a fresh global, listeners registered again).
 */
async function reloadEventPage(s: Session): Promise<void> {
  await s.ext.evaluate(async () => {
    const bg = (await chrome.runtime.getBackgroundPage()) as (Window & { __llReloaded?: boolean }) | null;
    if (!bg) throw new Error('no background page');
    bg.__llReloaded = true;
    bg.location.reload();
  });
  const fresh = () =>
    s.ext
      .evaluate(async () => {
        const bg = (await chrome.runtime.getBackgroundPage()) as (Window & { __llReloaded?: boolean; licenseLensMenuClick?: unknown }) | null;
        return !!bg && !bg.__llReloaded && typeof bg.licenseLensMenuClick === 'function';
      })
      .catch(() => false);
  await pollUntil(fresh, (ok) => ok, () => 'stopBackground: the Firefox event page did not come back within 10 s', { everyMs: 50 });
}
