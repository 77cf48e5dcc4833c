/**
 * Flagged images still on a tab's page (lib/presence.ts), kept in storage.session next to the tab's results so a
 * stopped worker keeps them. Tied to the page the tab's results are for: a navigation starts a new page, so an
 * older page's presence is ignored (and dropped with the tab).
 */
import browser from '../browser.js';
import type { ImageResult } from '../lib/messages.js';
import { onPage, withFrame, type Presence } from '../lib/presence.js';
import { showCount } from './badge.js';
import type { Handlers } from './dispatch.js';
import { report } from './tab-results.js';

interface Stored {
  pageUrl: string;
  urls: Presence;
}

const key = (tabId: number) => `present:${tabId}`;
const queues = new Map<number, Promise<unknown>>();

async function read(tabId: number, pageUrl: string): Promise<Presence> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)] as Stored | undefined;
  return stored && stored.pageUrl === pageUrl ? stored.urls : {};
}

/** The flagged results of a tab that its page still shows: what the toolbar badge counts. */
export async function flaggedOnPage(tabId: number): Promise<ImageResult[]> {
  const r = await report(tabId);
  return onPage(r.flagged, await read(tabId, r.pageUrl));
}

/** Frame `frameId` of the tab now shows exactly `shown` among flagged images; writes for one tab in order. */
function setShown(tabId: number, frameId: number, shown: string[]): Promise<void> {
  const run = (queues.get(tabId) ?? Promise.resolve()).then(async () => {
    const { pageUrl } = await report(tabId);
    const urls = withFrame(await read(tabId, pageUrl), frameId, shown);
    await browser.storage.session.set({ [key(tabId)]: { pageUrl, urls } satisfies Stored });
  });
  const tail = run.catch(() => undefined);
  queues.set(tabId, tail);
  void tail.then(() => {
    if (queues.get(tabId) === tail) queues.delete(tabId);
  });
  return run;
}

export function forgetPresence(tabId: number): Promise<void> {
  return browser.storage.session.remove(key(tabId));
}

export const presenceHandlers: Pick<Handlers, 'scan/present'> = {
  async 'scan/present'(req, sender) {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new Error('scan/present must come from a tab');
    await setShown(tabId, sender.frameId ?? 0, req.shown);
    const flagged = await flaggedOnPage(tabId);
    await showCount(tabId, flagged);
    return { flagged: flagged.length };
  },
};
