/**
 * Flagged images still on a tab's page (background/tab-results/presence-lists.ts), kept in storage.session next to the tab's results
 * (background/tab-results/presence-store.ts: tied to the tab's page, dropped rather than failing when storage is full).
 */
import browser from '../../browser.js';
import type { ImageResult } from '../../lib/protocol/index.js';
import { onPage } from './presence-lists.js';
import { PresenceStore } from './presence-store.js';
import { showCount } from '../badge.js';
import type { Handlers } from '../dispatch.js';
import { flaggedResults, storedPageUrl } from './session-results.js';

const store = new PresenceStore(browser.storage.session, storedPageUrl);

/** The flagged results of a tab that its page still shows: what the toolbar badge counts. */
export async function flaggedOnPage(tabId: number): Promise<ImageResult[]> {
  const [flagged, pageUrl] = await Promise.all([flaggedResults(tabId), storedPageUrl(tabId)]);
  return onPage(flagged, await store.read(tabId, pageUrl));
}

export const forgetPresence = store.forget.bind(store);

export const presenceHandlers: Pick<Handlers, 'scan/present'> = {
  async 'scan/present'(req, sender) {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new Error('scan/present must come from a tab');
    await store.setShown(tabId, sender.frameId ?? 0, req.shown);
    const flagged = await flaggedOnPage(tabId);
    await showCount(tabId, flagged);
    return { flagged: flagged.length };
  },
};
