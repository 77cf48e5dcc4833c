/**
 * The popup's thumbnails of flagged images, for every tab together (tab-store.ts). storage.session holds 10 MB
 * in Chrome for the whole extension, and a thumbnail is about 4 KB: 20 tabs x 100 thumbnails alone took 8 MB and
 * left no room for verdicts (bench:load, issue 8). So thumbnails are a cache with a budget across all tabs
 * (THUMBS_TOTAL) besides the one per tab: each batch's thumbnails sit in their own key next to the batch, and a
 * ledger key (`thumbs`: which batch keys hold how many, oldest first) says what to evict, other tabs' first and
 * oldest first, to stay in the budget or when storage is full. An evicted thumbnail becomes the popup's
 * placeholder; the verdicts are never touched. The ledger is written in the same `set` as the thumbnails it
 * counts, and read back after a worker start: nothing lives only in memory.
 * Every change goes through `exclusive`, so two tabs' writes never interleave their reads and writes of it.
 */
import type { StorageArea } from './storage-area.js';

/** Thumbnails kept per tab: a page shows its first flagged images with their thumbnails. */
export const THUMBS_PER_TAB = 100;
/** Thumbnails kept for all tabs together: about 2 MB of the 10 MB, the rest is for verdicts. */
export const THUMBS_TOTAL = 400;

/** [tab id, the page's id, batch number, thumbnails in that batch's key], oldest first */
export type ThumbEntry = [number, string, number, number];

const LEDGER = 'thumbs';
export const thumbKey = (tabId: number, page: string, n: number) => `tab:${tabId}:${page}:${n}:t`;
const keyOf = ([tab, page, n]: ThumbEntry) => thumbKey(tab, page, n);

export class TabThumbs {
  private entries?: ThumbEntry[];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: StorageArea) {}

  /** Runs `fn` after every earlier change, with the ledger loaded. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.entries ??= (((await this.area.get(LEDGER))[LEDGER] ?? []) as ThumbEntry[]).filter((e) => Array.isArray(e) && e.length === 4);
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private get list(): ThumbEntry[] {
    if (!this.entries) throw new Error('the thumbnail ledger is used outside exclusive()');
    return this.entries;
  }

  /** Thumbnails the tab keeps. */
  count(tabId: number): number {
    return this.list.reduce((a, e) => a + (e[0] === tabId ? e[3] : 0), 0);
  }

  /** Loads the ledger if needed and counts the tab's thumbnails. */
  counted(tabId: number): Promise<number> {
    return this.exclusive(async () => this.count(tabId));
  }

  /** The ledger with one more batch's thumbnails, to be written with them (`added` once the write succeeded). */
  withEntry(e: ThumbEntry): Record<string, unknown> {
    return { [LEDGER]: [...this.list, e] };
  }

  added(e: ThumbEntry): void {
    this.list.push(e);
  }

  /** Makes room in the budget for `n` more thumbnails of `tabId` (inside exclusive). */
  async makeRoom(tabId: number, n: number): Promise<void> {
    const total = this.list.reduce((a, e) => a + e[3], 0);
    if (total + n > THUMBS_TOTAL) await this.evict(tabId, total + n - THUMBS_TOTAL);
  }

  /**
   * Removes at least `n` thumbnails (whole batch keys), other tabs' first, oldest first, then the tab's own
   * oldest; false when there was none left to remove. The keys go first, then the ledger without them: a worker
   * stopped in between leaves ledger entries for missing keys, which count until evicted and harm nothing.
   */
  async evict(tabId: number, n: number): Promise<boolean> {
    const order = [...this.list.filter((e) => e[0] !== tabId), ...this.list.filter((e) => e[0] === tabId)];
    const gone = new Set<ThumbEntry>();
    for (let freed = 0; freed < n && gone.size < order.length; ) {
      const e = order[gone.size]!;
      gone.add(e);
      freed += e[3];
    }
    if (!gone.size) return false;
    await this.area.remove([...gone].map(keyOf));
    this.entries = this.list.filter((e) => !gone.has(e));
    await this.area.set({ [LEDGER]: this.entries });
    return true;
  }

  /** Drops a tab's thumbnails from the ledger (its keys are removed with its batches, tab-store.ts). */
  forget(tabId: number): Promise<void> {
    return this.exclusive(async () => {
      if (!this.list.some((e) => e[0] === tabId)) return;
      await this.area.remove(this.list.filter((e) => e[0] === tabId).map(keyOf));
      this.entries = this.list.filter((e) => e[0] !== tabId);
      await this.area.set({ [LEDGER]: this.entries });
    });
  }
}
