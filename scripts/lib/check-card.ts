/**
 * Drives the right-click check from automation: a real right-click on the page (the content script records the
 * target), then the background's registered menu-click listener, then the card's state read through the
 * extension (the card lives in a closed shadow root that pages cannot read). Used by e2e tests and npm start.
 */
import type { Page } from 'puppeteer-core';
import type { PageResponse } from '../../src/lib/page/page-messages.js';
import type { Session } from './launch.js';
import { pollUntil } from './poll.js';

export { MENU_CHECK, MENU_REGISTER } from '../../src/lib/protocol/menu-ids.js';

/**
 * Runs the context-menu click listener the background registered, with the menu item and click data the browser
 * would pass. Browsers offer automation no way to click a context-menu item; the listener is reachable from the
 * extension's own contexts only (Chrome: the service worker; Firefox: the event page via getBackgroundPage).
 */
export async function clickMenu(s: Session, tabId: number, info: { menuItemId: string; srcUrl?: string; mediaType?: string; frameId?: number }): Promise<void> {
  if (s.kind === 'chrome') {
    const target = await s.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
    const worker = await target.worker();
    if (!worker) throw new Error('no service worker');
    await worker.evaluate(
      async (id: number, i: Record<string, unknown>) => {
        const tab = await chrome.tabs.get(id);
        const click = (globalThis as unknown as { licenseLensMenuClick: (info: unknown, tab: unknown) => Promise<void> }).licenseLensMenuClick;
        await click({ editable: false, pageUrl: tab.url, frameId: 0, ...i }, tab);
      },
      tabId,
      info as Record<string, unknown>,
    );
    return;
  }
  await s.ext.evaluate(
    async (id: number, i: Record<string, unknown>) => {
      const b = (globalThis as unknown as { browser: typeof chrome & { runtime: { getBackgroundPage(): Promise<Window> } } }).browser;
      const tab = await b.tabs.get(id);
      const bg = (await b.runtime.getBackgroundPage()) as unknown as { licenseLensMenuClick: (info: unknown, tab: unknown) => Promise<void> };
      await bg.licenseLensMenuClick({ editable: false, pageUrl: tab.url, frameId: 0, ...i }, tab);
    },
    tabId,
    info as Record<string, unknown>,
  );
}

/** What the right-click card in the tab's top frame shows, asked through the page-message table. */
export async function cardState(s: Session, tabId: number): Promise<PageResponse<'card/state'>> {
  return s.ext.evaluate(
    (id: number) => chrome.tabs.sendMessage(id, { channel: 'license-lens/page', type: 'card/state', payload: {} }, { frameId: 0 }),
    tabId,
  ) as Promise<PageResponse<'card/state'>>;
}

/** Right-clicks the centre of an element with a real (trusted) mouse event, then dismisses the native menu. */
export async function rightClick(page: Page, selector: string): Promise<void> {
  const el = await page.waitForSelector(selector);
  const box = await el!.boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
}

/** Waits until the card in the tab has finished (a result or an error) and returns its state. */
export async function waitForCard(s: Session, tabId: number, timeoutMs = 20_000): Promise<PageResponse<'card/state'>> {
  return pollUntil(
    () => cardState(s, tabId),
    (st) => st.open && st.state !== 'checking',
    (st) => `card not finished after ${timeoutMs} ms: ${JSON.stringify(st)}`,
    { timeoutMs },
  );
}

/** Clicks the menu item (as `clickMenu`) and returns the card's state once it has finished. */
export async function checkViaMenu(s: Session, tabId: number, info: Parameters<typeof clickMenu>[2]): Promise<PageResponse<'card/state'>> {
  await clickMenu(s, tabId, info);
  return waitForCard(s, tabId);
}
