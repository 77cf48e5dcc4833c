/**
 * Flagged images still on a tab's page (presence-lists.ts), kept in storage.session next to the tab's results
 * (presence-store.ts: tied to the tab's page, dropped rather than failing when storage is full). The one source
 * of "flagged on this page now": the badge counts it and the popup's report (`tab/report`) lists it.
 */
import browser from '../../browser.js';
import type { ImageResult, TabReport } from '../../lib/protocol/index.js';
import { onPage, reportOnPage } from './presence-lists.js';
import { PresenceStore } from './presence-store.js';
import { showCount } from '../badge.js';
import type { Handlers } from '../dispatch.js';
import { flaggedResults, report, storedPageUrl } from './session-results.js';

const store = new PresenceStore(browser.storage.session, storedPageUrl);

/** The flagged results of a tab that its page still shows: what the toolbar badge counts. */
export async function flaggedOnPage(tabId: number): Promise<ImageResult[]> {
  const [flagged, pageUrl] = await Promise.all([flaggedResults(tabId), storedPageUrl(tabId)]);
  return onPage(flagged, await store.read(tabId, pageUrl));
}

/** The popup's report: its flagged list is the badge's (`flaggedOnPage`), with thumbnails. */
export async function tabReport(tabId: number): Promise<TabReport> {
  const r = await report(tabId);
  return reportOnPage(r, await store.read(tabId, r.pageUrl));
}

export const forgetPresence = store.forget.bind(store);

export const presenceHandlers: Pick<Handlers, 'scan/present' | 'tab/report'> = {
  'tab/report': (req) => tabReport(req.tabId),
  async 'scan/present'(req, sender) {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new Error('scan/present must come from a tab');
    await store.setShown(tabId, sender.frameId ?? 0, req.shown);
    const flagged = await flaggedOnPage(tabId);
    await showCount(tabId, flagged);
    return { flagged: flagged.length };
  },
};
