/**
 * Where a tab's results sit in the storage area, and the one write that stores a batch of them (tab-store.ts).
 * Keys: `tab:<id>` (meta: page URL, page id, number of batches), `tab:<id>:<page>:<n>` (batch n, packed:
 * tab-batch.ts), `tab:<id>:<page>:w` (the page's works list) and `tab:<id>:<page>:<n>:t` (batch n's thumbnails:
 * tab-thumbs.ts). A batch, the works it added, its thumbnails, the meta counting it and the thumbnail ledger go in
 * one `set`, so a stopped worker leaves all or none. When storage is full (Chrome: 10 MB for every tab together)
 * the write gives up thumbnails, then detail, before it gives up the verdicts: see `storeBatch`. Pure.
 */
import type { ImageResult } from '../../lib/protocol/index.js';
import { addWorks, pack, type PackedBatch, type Works } from './tab-batch.js';
import { THUMBS_PER_TAB, thumbKey, type TabThumbs, type ThumbEntry } from './tab-thumbs.js';
import type { StorageArea } from './storage-area.js';

export interface TabMeta {
  pageUrl: string;
  /** Changes at every reset, so batch keys of an earlier page are never read as this page's. */
  page: string;
  batches: number;
}

export const metaKey = (tabId: number) => `tab:${tabId}`;
const batchKey = (tabId: number, m: TabMeta, n: number) => `tab:${tabId}:${m.page}:${n}`;
export const batchKeys = (tabId: number, m: TabMeta) => Array.from({ length: m.batches }, (_, n) => batchKey(tabId, m, n));
export const worksKey = (tabId: number, m: TabMeta) => `tab:${tabId}:${m.page}:w`;
/** Every key a page may have written: its works, its batches and their thumbnails. */
export const pageKeys = (tabId: number, m: TabMeta) => [
  worksKey(tabId, m),
  ...batchKeys(tabId, m),
  ...Array.from({ length: m.batches }, (_, n) => thumbKey(tabId, m.page, n)),
];
/** Chrome: "Session storage quota bytes exceeded"; Firefox and the unit tests' area name a quota too. */
export const isQuota = (e: unknown) => /quota/i.test(e instanceof Error ? e.message : String(e));

/**
 * Writes `results` as the last batch `meta` counts (meta.batches - 1), its thumbnails and `meta` itself, in one
 * `set`, and adds the works it stored to `works`. Storage full: evict thumbnails (other tabs' first, oldest first)
 * and try again; with none left, drop this batch's thumbnails, then store its minimal form (tab-batch.ts); only if
 * even that does not fit does the write fail (the content script sends the batch again later). Returns the batch
 * as stored.
 */
export function storeBatch(area: StorageArea, thumbs: TabThumbs, tabId: number, meta: TabMeta, works: Works, results: ImageResult[]): Promise<PackedBatch> {
  const n = meta.batches - 1;
  return thumbs.exclusive(async () => {
    const room = Math.max(0, THUMBS_PER_TAB - thumbs.count(tabId));
    let thumbed = results.filter((r) => r.status === 'matched' && r.thumb).slice(0, room);
    await thumbs.makeRoom(tabId, thumbed.length);
    for (let minimal = false; ; ) {
      const { batch, added } = pack(results, works, minimal);
      const items: Record<string, unknown> = { [batchKey(tabId, meta, n)]: batch, [metaKey(tabId)]: meta };
      if (added.length) items[worksKey(tabId, meta)] = [...works.list, ...added];
      const entry: ThumbEntry = [tabId, meta.page, n, thumbed.length];
      if (thumbed.length) {
        items[thumbKey(tabId, meta.page, n)] = Object.fromEntries(thumbed.map((r) => [r.url, r.thumb]));
        Object.assign(items, thumbs.withEntry(entry));
      }
      try {
        await area.set(items);
        if (thumbed.length) thumbs.added(entry);
        addWorks(works, added);
        return batch;
      } catch (e) {
        if (!isQuota(e)) throw e;
        if (await thumbs.evict(tabId, Math.max(thumbed.length, 20))) continue;
        if (thumbed.length) thumbed = [];
        else if (!minimal) minimal = true;
        else throw e;
      }
    }
  });
}
