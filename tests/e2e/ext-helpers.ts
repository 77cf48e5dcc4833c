/**
 * End-to-end helpers for the popup and the right-click check, all driven from the extension's side (its welcome
 * page or its background), never from the page: the card lives in a closed shadow root that pages cannot read.
 */
import type { Session } from '../../scripts/lib/launch.js';
import type { Result } from '../../src/lib/messages.js';

/** Installs the bundled demo list or its hostile variant through demo/set, as the welcome page does. */
export async function setDemoList(s: Session, variant: 'standard' | 'hostile'): Promise<void> {
  const r = await s.ext.evaluate(
    (v: string) => chrome.runtime.sendMessage({ type: 'demo/set', payload: { enabled: true, variant: v } }) as Promise<Result<unknown>>,
    variant,
  );
  if (!r.ok) throw new Error(r.error);
}

export async function setPausedSites(s: Session, pausedSites: string[]): Promise<void> {
  const r = await s.ext.evaluate(
    (sites: string[]) => chrome.runtime.sendMessage({ type: 'settings/set', payload: { pausedSites: sites } }) as Promise<Result<unknown>>,
    pausedSites,
  );
  if (!r.ok) throw new Error(r.error);
}

export { cardState, clickMenu, rightClick, waitForCard, MENU_CHECK, MENU_REGISTER } from '../../scripts/lib/check-card.js';

/** Opens an extension page in a tab the extension creates (Firefox refuses to navigate to moz-extension:// itself). */
export async function openExtensionPage(s: Session, path: string, readySelector: string): Promise<import('puppeteer-core').Page> {
  await s.ext.evaluate((p: string) => chrome.tabs.create({ url: chrome.runtime.getURL(p), active: true }), path);
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    for (const p of await s.browser.pages()) {
      const href = await p.evaluate(() => location.href).catch(() => '');
      if (href.includes(path)) {
        await p.waitForSelector(readySelector, { timeout: 15_000 });
        return p;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path} did not open`);
}
