import { describe, expect, it } from 'vitest';
import type { ImageResult } from '../../src/lib/protocol/messages.js';
import { THUMBS_PER_TAB, TabStore, type StorageArea } from '../../src/background/tab-results/tab-store.js';

/** storage.session in memory: values are copied in and out as the browser's structured clone does. */
class MemoryArea implements StorageArea {
  data = new Map<string, unknown>();
  writes: number[] = [];
  failNext = 0;
  quota = Infinity;
  async get(keys: string | string[]) {
    const out: Record<string, unknown> = {};
    for (const k of typeof keys === 'string' ? [keys] : keys) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return out;
  }
  async set(items: Record<string, unknown>) {
    const size = JSON.stringify(items).length;
    if (this.failNext-- > 0) throw new Error('stopped');
    if (this.bytes() + size > this.quota) throw new Error('QUOTA_BYTES quota exceeded');
    this.writes.push(size);
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }
  async remove(keys: string | string[]) {
    for (const k of typeof keys === 'string' ? [keys] : keys) this.data.delete(k);
  }
  bytes() {
    return [...this.data.values()].reduce((a: number, v) => a + JSON.stringify(v).length, 0);
  }
}

const PAGE = 'https://example.test/feed';
const clear = (i: number): ImageResult => ({ url: `https://img.test/${i}.jpg`, status: 'clear', matches: [], checkedAt: 1, fingerprint: 'ab'.repeat(32) });
const matched = (i: number, thumb = 'data:image/jpeg;base64,' + 'x'.repeat(4000)): ImageResult => ({
  url: `https://img.test/m${i}.jpg`,
  status: 'matched',
  checkedAt: 1,
  thumb,
  matches: [{ verdict: 'unlicensed' } as unknown as ImageResult['matches'][number]],
});

describe('TabStore (per-tab results, one storage key per batch)', () => {
  it('writes each batch at its own size, not the whole tab again', async () => {
    const area = new MemoryArea();
    const store = new TabStore(area);
    await store.resetTab(1, PAGE);
    for (let b = 0; b < 100; b++) await store.addResults(1, PAGE, Array.from({ length: 24 }, (_, i) => clear(b * 24 + i)));
    const sizes = area.writes.slice(1);
    expect(sizes).toHaveLength(100);
    expect(Math.max(...sizes)).toBeLessThan(2 * Math.min(...sizes));
    expect((await store.report(1)).checked).toBe(2400);
  });

  it('rebuilds everything from storage alone (a stopped worker), thumbnails included', async () => {
    const area = new MemoryArea();
    const a = new TabStore(area);
    await a.resetTab(7, PAGE);
    await a.addResults(7, PAGE, [clear(1), matched(1), { url: 'https://img.test/s.jpg', status: 'skipped', reason: 'HTTP 404', matches: [], checkedAt: 1 }]);
    await a.addResults(7, PAGE, [matched(2)]);
    const b = new TabStore(area);
    const r = await b.report(7);
    expect(r).toMatchObject({ pageUrl: PAGE, checked: 3, skipped: 1 });
    expect(r.flagged.map((f) => f.url).sort()).toEqual([matched(1).url, matched(2).url]);
    expect(r.flagged.every((f) => f.thumb?.startsWith('data:image/jpeg'))).toBe(true);
    expect((await b.flagged(7)).map((f) => f.thumb)).toEqual([undefined, undefined]);
    expect(await b.pageUrl(7)).toBe(PAGE);
  });

  it('never counts an image twice: repeated, concurrent and retried batches', async () => {
    const area = new MemoryArea();
    const store = new TabStore(area);
    await store.resetTab(2, PAGE);
    await Promise.all([store.addResults(2, PAGE, [clear(1), matched(1)]), store.addResults(2, PAGE, [clear(1), matched(1), clear(2)])]);
    area.failNext = 1;
    await expect(store.addResults(2, PAGE, [clear(3)])).rejects.toThrow('stopped');
    await store.addResults(2, PAGE, [clear(3), clear(2)]);
    const r = await new TabStore(area).report(2);
    expect(r.checked).toBe(4);
    expect(r.flagged).toHaveLength(1);
    expect((await store.knownResults(2, PAGE, [clear(3).url, clear(9).url])).size).toBe(1);
  });

  it('drops results for another page, and a reset removes the old page’s batches', async () => {
    const area = new MemoryArea();
    const store = new TabStore(area);
    await store.resetTab(3, PAGE);
    await store.addResults(3, PAGE, [clear(1)]);
    await store.addResults(3, 'https://other.test/', [clear(2)]);
    expect((await store.report(3)).checked).toBe(1);
    await store.resetTab(3, 'https://other.test/');
    expect([...area.data.keys()]).toEqual(['tab:3']);
    expect((await store.report(3)).checked).toBe(0);
    await store.forgetTab(3);
    expect(area.data.size).toBe(0);
  });

  it('a right-click check replaces the earlier result and starts over on another page', async () => {
    const store = new TabStore(new MemoryArea());
    await store.resetTab(4, PAGE);
    await store.addResults(4, PAGE, [{ ...matched(1), status: 'clear', thumb: undefined }]);
    await store.addChecked(4, PAGE, matched(1));
    expect((await store.flagged(4)).length).toBe(1);
    await store.addChecked(4, 'https://paused.test/', clear(5));
    expect(await store.report(4)).toMatchObject({ pageUrl: 'https://paused.test/', checked: 1, flagged: [] });
  });

  it('keeps at most THUMBS_PER_TAB thumbnails, and the verdicts without thumbnails when storage is full', async () => {
    const area = new MemoryArea();
    const store = new TabStore(area);
    await store.resetTab(5, PAGE);
    for (let i = 0; i < THUMBS_PER_TAB + 20; i += 10) await store.addResults(5, PAGE, Array.from({ length: 10 }, (_, k) => matched(i + k)));
    const r = await store.report(5);
    expect(r.flagged).toHaveLength(THUMBS_PER_TAB + 20);
    expect(r.flagged.filter((f) => f.thumb)).toHaveLength(THUMBS_PER_TAB);

    const full = new MemoryArea();
    const small = new TabStore(full);
    await small.resetTab(6, PAGE);
    full.quota = full.bytes() + 3000;
    await small.addResults(6, PAGE, [matched(1), clear(1)]);
    const s = await new TabStore(full).report(6);
    expect(s).toMatchObject({ checked: 2 });
    expect(s.flagged[0]!.thumb).toBeUndefined();
    full.quota = 0;
    await expect(small.addResults(6, PAGE, [clear(2)])).rejects.toThrow('quota');
    expect((await new TabStore(full).report(6)).checked).toBe(2);
  });
});
