/**
 * Per-tab scan results kept in a key-value storage area (storage.session in the extension), written
 * incrementally: one small meta key per tab (`tab:<id>`: page URL, page id, number of batches) and one key per
 * stored batch (`tab:<id>:<page>:<n>`) holding only the results that batch added, packed against the page's works
 * list (`tab:<id>:<page>:w`, tab-batch.ts). A batch costs one write of its own size, whatever the tab holds (the
 * earlier single-key form rewrote the whole tab every batch: quadratic in the page). Its thumbnails sit in a key of
 * their own next to it, under a budget across all tabs (tab-thumbs.ts). The key layout and the write of a batch,
 * all or nothing in one `set`, with its fallbacks when storage is full (thumbnails evicted, other tabs' first, at
 * worst the batch's minimal form: verdicts are kept before anything else) are in tab-write.ts. Nothing lives only in
 * memory: the in-memory index (URL -> result without thumbnail, its batch) is a cache rebuilt from storage on first
 * use after a start. Pure: the storage area is passed in, so unit tests run it in Node.
 */
import { KeyedQueue } from './keyed-queue.js';
import type { StorageArea } from './storage-area.js';
import type { ImageResult, TabReport } from '../../lib/protocol/index.js';
import { unpack, works, type PackedBatch, type Works } from './tab-batch.js';
import { TabThumbs, THUMBS_PER_TAB, thumbKey } from './tab-thumbs.js';
import { batchKeys, metaKey, pageKeys, storeBatch, worksKey, type TabMeta } from './tab-write.js';

export { THUMBS_PER_TAB, THUMBS_TOTAL } from './tab-thumbs.js';
export type { StorageArea } from './storage-area.js';

interface TabIndex {
  meta: TabMeta;
  /** Latest result per URL, thumbnails left out (they stay in storage only). */
  results: Map<string, ImageResult>;
  /** The batch holding each URL's latest result. */
  batchOf: Map<string, number>;
  /** The works the page's matches point to (tab-batch.ts). */
  works: Works;
}

const newPage = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export class TabStore {
  private readonly indexes = new Map<number, Promise<TabIndex | undefined>>();
  private readonly queue = new KeyedQueue<number>();
  private readonly thumbs: TabThumbs;

  constructor(private readonly area: StorageArea) {
    this.thumbs = new TabThumbs(area);
  }

  private index(tabId: number): Promise<TabIndex | undefined> {
    let got = this.indexes.get(tabId);
    if (!got) {
      got = this.load(tabId);
      this.indexes.set(tabId, got);
      got.catch(() => this.indexes.delete(tabId));
    }
    return got;
  }

  /** Rebuilds a tab's index from storage (after a worker start). A batch key that is missing counts as empty. */
  private async load(tabId: number): Promise<TabIndex | undefined> {
    const meta = (await this.area.get(metaKey(tabId)))[metaKey(tabId)] as TabMeta | undefined;
    if (!meta?.page) return undefined;
    const keys = batchKeys(tabId, meta);
    const got = await this.area.get([worksKey(tabId, meta), ...keys]);
    const idx: TabIndex = { meta, results: new Map(), batchOf: new Map(), works: works(got[worksKey(tabId, meta)]) };
    keys.forEach((k, n) => {
      for (const r of unpack(got[k] as PackedBatch | undefined, idx.works.list)) {
        idx.results.set(r.url, r);
        idx.batchOf.set(r.url, n);
      }
    });
    return idx;
  }

  private async start(tabId: number, pageUrl: string): Promise<TabIndex> {
    const old = await this.index(tabId);
    if (old) await this.area.remove(pageKeys(tabId, old.meta));
    await this.thumbs.forget(tabId);
    const idx: TabIndex = { meta: { pageUrl, page: newPage(), batches: 0 }, results: new Map(), batchOf: new Map(), works: works([]) };
    this.indexes.set(tabId, Promise.resolve(idx));
    await this.area.set({ [metaKey(tabId)]: idx.meta });
    return idx;
  }

  /** Stores one batch of new or changed results (tab-write.ts `storeBatch`), then indexes it as stored. */
  private async write(tabId: number, idx: TabIndex, results: ImageResult[]): Promise<void> {
    if (!results.length) return;
    const meta = { ...idx.meta, batches: idx.meta.batches + 1 };
    const written = await storeBatch(this.area, this.thumbs, tabId, meta, idx.works, results);
    idx.meta = meta;
    // What was stored, as a restarted worker will read it (the minimal form, the batch's works shared).
    for (const r of unpack(written, idx.works.list)) {
      idx.results.set(r.url, r);
      idx.batchOf.set(r.url, meta.batches - 1);
    }
  }

  resetTab(tabId: number, pageUrl: string): Promise<void> {
    return this.queue.run(tabId, async () => void (await this.start(tabId, pageUrl)));
  }

  forgetTab(tabId: number): Promise<void> {
    return this.queue.run(tabId, async () => {
      const idx = await this.index(tabId);
      await this.area.remove([metaKey(tabId), ...(idx ? pageKeys(tabId, idx.meta) : [])]);
      await this.thumbs.forget(tabId);
      this.indexes.delete(tabId);
    });
  }

  /** False once the tab keeps THUMBS_PER_TAB thumbnails: a scan need not make more (they would not be kept). */
  async wantsThumbs(tabId: number): Promise<boolean> {
    return (await this.thumbs.counted(tabId)) < THUMBS_PER_TAB;
  }

  /** The page the tab's results are for ('' when none). */
  async pageUrl(tabId: number): Promise<string> {
    return (await this.index(tabId))?.meta.pageUrl ?? '';
  }

  /**
   * Adds a scan batch's results for a page: only URLs not stored yet (a retried or concurrent batch never
   * counts an image twice). Results for another page than the stored one (a navigation raced us) are dropped.
   */
  addResults(tabId: number, pageUrl: string, results: ImageResult[]): Promise<void> {
    return this.queue.run(tabId, async () => {
      const idx = (await this.index(tabId)) ?? (await this.start(tabId, pageUrl));
      if (idx.meta.pageUrl !== pageUrl) return;
      await this.write(tabId, idx, results.filter((r) => !idx.results.has(r.url)));
    });
  }

  /**
   * Adds one right-click check. Unlike a scan batch it is never dropped and replaces an earlier result for the
   * URL: when the stored results are for another page (scanning is paused or off, so nothing reset them), the
   * tab starts over with this page.
   */
  addChecked(tabId: number, pageUrl: string, result: ImageResult): Promise<void> {
    return this.queue.run(tabId, async () => {
      const got = await this.index(tabId);
      const idx = got && got.meta.pageUrl === pageUrl ? got : await this.start(tabId, pageUrl);
      await this.write(tabId, idx, [result]);
    });
  }

  /** Results already stored for this page among `urls` (thumbnails left out), by URL. */
  async knownResults(tabId: number, pageUrl: string, urls: string[]): Promise<Map<string, ImageResult>> {
    const idx = await this.index(tabId);
    const out = new Map<string, ImageResult>();
    if (idx && idx.meta.pageUrl === pageUrl) for (const u of urls) if (idx.results.has(u)) out.set(u, idx.results.get(u)!);
    return out;
  }

  /**
   * The tab's flagged results, recomputed from what is stored (thumbnails left out): what the badge counts.
   * Anything that changes a tab's stored results calls this to get the new count.
   */
  async flagged(tabId: number): Promise<ImageResult[]> {
    const idx = await this.index(tabId);
    return idx ? [...idx.results.values()].filter((r) => r.status === 'matched') : [];
  }

  /** The report behind the popup's (background/presence.ts filters its flagged list as the badge's): counts, flagged results with thumbnails. */
  async report(tabId: number): Promise<TabReport> {
    const idx = await this.index(tabId);
    const all = idx ? [...idx.results.values()] : [];
    const flagged = all.filter((r) => r.status === 'matched');
    if (idx && flagged.length) {
      // Only the thumbnails are read: an evicted one (or a missing key) leaves the popup's placeholder.
      const keys = [...new Set(flagged.map((r) => idx.batchOf.get(r.url)!))].map((n) => thumbKey(tabId, idx.meta.page, n));
      const thumbs = await this.area.get(keys);
      for (let i = 0; i < flagged.length; i++) {
        const r = flagged[i]!;
        const thumb = (thumbs[thumbKey(tabId, idx.meta.page, idx.batchOf.get(r.url)!)] as Record<string, string> | undefined)?.[r.url];
        if (typeof thumb === 'string') flagged[i] = { ...r, thumb };
      }
    }
    return {
      tabId,
      pageUrl: idx?.meta.pageUrl ?? '',
      checked: all.filter((r) => r.status === 'matched' || r.status === 'clear').length,
      skipped: all.filter((r) => r.status === 'skipped' || r.status === 'error').length,
      flagged,
    };
  }
}
