import { describe, expect, it } from 'vitest';
import type { ImageResult } from '../../src/lib/protocol/messages.js';
import { THUMBS_PER_TAB, THUMBS_TOTAL, TabStore } from '../../src/background/tab-results/tab-store.js';
import { feedResult } from './helpers/feed-results.js';
import { chargeOf, SessionArea } from './helpers/session-area.js';
import { pack, works } from '../../src/background/tab-results/tab-batch.js';

const page = (tab: number) => `http://127.0.0.1:8700/gen/scroll.html?tag=t${tab}&n=500&first=500`;
const BATCH = 24;

/** `tabs` tabs scanning `images` feed images each, their batches of 24 interleaved as when they scan at once. */
async function scanAtOnce(store: TabStore, tabs: number, images: number): Promise<void> {
  for (let t = 0; t < tabs; t++) await store.resetTab(t, page(t));
  for (let start = 0; start < images; start += BATCH) {
    await Promise.all(
      Array.from({ length: tabs }, (_, t) =>
        store.addResults(t, page(t), Array.from({ length: Math.min(BATCH, images - start) }, (_, k) => feedResult(t, start + k))),
      ),
    );
  }
}

const flaggedOf = (images: number) => Array.from({ length: images }, (_, i) => feedResult(0, i)).filter((r) => r.status === 'matched').length;
const withoutThumb = ({ thumb: _t, ...r }: ImageResult) => r;

describe('TabStore under Chrome’s 10 MB storage.session quota (issue 8: 20 tabs x 500 images)', () => {
  it('keeps every verdict of 20 tabs x 500 feed images, the popup report whole, thumbnails within the budget', async () => {
    const area = new SessionArea();
    const store = new TabStore(area);
    await scanAtOnce(store, 20, 500); // before the fix: the quota error reached addResults, as in bench:load

    const again = new TabStore(area); // a worker start: everything from storage alone
    let thumbs = 0;
    for (const s of [store, again]) {
      thumbs = 0;
      for (let t = 0; t < 20; t++) {
        const r = await s.report(t);
        expect(r).toMatchObject({ pageUrl: page(t), checked: 500, skipped: 0 });
        expect(r.flagged).toHaveLength(flaggedOf(500));
        expect((await s.flagged(t)).length).toBe(flaggedOf(500));
        // What the popup shows of each flagged image is what the scan found, its thumbnail aside.
        const want = new Map(Array.from({ length: 500 }, (_, i) => feedResult(t, i)).map((x) => [x.url, withoutThumb(x)]));
        for (const f of r.flagged) expect(withoutThumb(f)).toEqual(want.get(f.url));
        thumbs += r.flagged.filter((f) => f.thumb === feedResult(t, Number(f.url.split('-').at(-1))).thumb).length;
      }
    }
    expect(thumbs).toBeGreaterThan(THUMBS_TOTAL / 2);
    expect(thumbs).toBeLessThanOrEqual(THUMBS_TOTAL);
    expect(area.peak).toBeLessThan(area.quota);
    const known = await again.knownResults(19, page(19), [feedResult(19, 0).url, feedResult(19, 7).url]);
    expect([...known.values()].map((r) => r.status)).toEqual(['matched', 'clear']);
  });

  it('storage full of other data: evicts other tabs’ thumbnails first, oldest first, and keeps the verdicts', async () => {
    const area = new SessionArea();
    const store = new TabStore(area);
    await scanAtOnce(store, 3, 48); // 30 flagged each, all with thumbnails
    area.quota = area.used + 20_000; // what other extension data left: room for about 3 thumbnails
    await store.resetTab(9, page(9));
    await store.addResults(9, page(9), Array.from({ length: 48 }, (_, i) => feedResult(9, i)));

    const r = await new TabStore(area).report(9);
    expect(r.checked).toBe(48);
    expect(r.flagged.filter((f) => f.thumb)).toHaveLength(30); // room made for all of this tab's
    expect(area.failures).toBeGreaterThan(0);
    // Tab 0's first batch (the oldest) went first; tab 2's last batch was kept.
    const [t0, t2] = [await store.report(0), await store.report(2)];
    expect(t0.flagged.filter((f) => f.thumb).length).toBeLessThan(t2.flagged.filter((f) => f.thumb).length);
    expect(t2.flagged.filter((f) => f.thumb).length).toBeGreaterThan(0);
    expect(t0.checked + t2.checked).toBe(96);
  });

  it('with no thumbnail left to evict, stores the minimal form; fails only when even that does not fit', async () => {
    const area = new SessionArea();
    const store = new TabStore(area);
    await store.resetTab(1, page(1));
    const batch = Array.from({ length: 8 }, (_, i) => feedResult(1, i));
    // Room for the minimal form of the batch and its meta, not for fingerprints (nor thumbnails).
    const meta = chargeOf('tab:1', { pageUrl: page(1), page: 'xxxxxxxxxxxx', batches: 1 });
    const packed = (minimal: boolean) => {
      const { batch: b, added } = pack(batch, works([]), minimal);
      return chargeOf('tab:1:xxxxxxxxxxxx:0', b) + chargeOf('tab:1:xxxxxxxxxxxx:w', added) + meta;
    };
    const [minimal, full] = [packed(true), packed(false)];
    expect(full - minimal).toBeGreaterThan(500);
    area.quota = area.used + minimal + 200;
    await store.addResults(1, page(1), batch);
    const r = await new TabStore(area).report(1);
    expect(r.checked).toBe(8);
    expect(r.flagged.map((f) => [f.url, f.matches, f.thumb, f.fingerprint])).toEqual(
      batch.filter((b) => b.status === 'matched').map((b) => [b.url, b.matches, undefined, undefined]),
    );
    area.quota = area.used;
    await expect(store.addResults(1, page(1), [feedResult(1, 9)])).rejects.toThrow('quota');
    expect((await new TabStore(area).report(1)).checked).toBe(8);
  });

  it('caps a tab at THUMBS_PER_TAB and forgets a closed tab’s thumbnails in the budget', async () => {
    const area = new SessionArea();
    const store = new TabStore(area);
    await scanAtOnce(store, 2, 200);
    expect((await store.report(0)).flagged.filter((f) => f.thumb)).toHaveLength(THUMBS_PER_TAB);
    expect(await store.wantsThumbs(0)).toBe(false);
    await store.forgetTab(0);
    await store.resetTab(1, page(1));
    expect([...area.data.keys()].sort()).toEqual(['tab:1', 'thumbs']);
    expect(await new TabStore(area).wantsThumbs(1)).toBe(true);
  });
});
