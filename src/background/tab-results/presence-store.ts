/**
 * The presence lists (presence.ts) kept in a key-value storage area (storage.session in the extension), one key per
 * tab (`present:<tabId>`) next to the tab's results, so a stopped worker keeps them. Tied to the page the tab's
 * results are for: a navigation starts a new page, so an older page's presence is ignored (and dropped with the tab).
 *
 * No budget of its own: it shares Chrome's 10 MB storage.session quota with the tab results, which fill it under
 * load (issue 8). A write that hits the quota drops the tab's key instead of failing the report: presence.ts counts
 * an image nobody reported as still shown, so without its list the badge can only overcount images that left the
 * page, never miss a flagged one. Pure: the storage area is passed in, so unit tests run it in Node.
 */
import { KeyedQueue } from './keyed-queue.js';
import { withFrame, type Presence } from './presence-lists.js';
import type { StorageArea } from './tab-store.js';
import { isQuota } from './tab-write.js';

interface Stored {
  pageUrl: string;
  urls: Presence;
}

export const presenceKey = (tabId: number) => `present:${tabId}`;

export class PresenceStore {
  private readonly queue = new KeyedQueue<number>();

  /** `pageUrlOf`: the page the tab's results are for now (read when a write runs, after earlier writes). */
  constructor(
    private readonly area: StorageArea,
    private readonly pageUrlOf: (tabId: number) => Promise<string>,
    private readonly warn: (message: string) => void = console.warn,
  ) {}

  async read(tabId: number, pageUrl: string): Promise<Presence> {
    const stored = (await this.area.get(presenceKey(tabId)))[presenceKey(tabId)] as Stored | undefined;
    return stored && stored.pageUrl === pageUrl ? stored.urls : {};
  }

  /** Frame `frameId` of the tab now shows exactly `shown` among flagged images; writes for one tab in order. */
  setShown(tabId: number, frameId: number, shown: readonly string[]): Promise<void> {
    return this.queue.run(tabId, async () => {
      const pageUrl = await this.pageUrlOf(tabId);
      const urls = withFrame(await this.read(tabId, pageUrl), frameId, shown);
      try {
        await this.area.set({ [presenceKey(tabId)]: { pageUrl, urls } satisfies Stored });
      } catch (e) {
        if (!isQuota(e)) throw e;
        // An older list left in place would keep counting this frame's old set: without one, everything counts.
        await this.area.remove(presenceKey(tabId));
        this.warn(`presence of tab ${tabId} dropped (${Object.keys(urls).length} URLs): storage quota exceeded; the badge counts every flagged image`);
      }
    });
  }

  forget(tabId: number): Promise<void> {
    return this.area.remove(presenceKey(tabId));
  }
}
