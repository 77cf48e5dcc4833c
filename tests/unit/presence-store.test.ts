import { describe, expect, it } from 'vitest';
import { onPage } from '../../src/background/tab-results/presence-lists.js';
import { PresenceStore, presenceKey } from '../../src/background/tab-results/presence-store.js';
import { feedResult } from './helpers/feed-results.js';
import { chargeOf, SessionArea } from './helpers/session-area.js';

const PAGE = 'http://127.0.0.1:8700/gen/scroll.html?tag=t0&n=500&first=500';
const flaggedOf = (n: number) => Array.from({ length: n }, (_, i) => feedResult(0, i)).filter((r) => r.status === 'matched');

function setup(quota?: number) {
  const area = new SessionArea(quota);
  const warnings: string[] = [];
  const store = new PresenceStore(area, async () => PAGE, (m) => warnings.push(m));
  return { area, warnings, store };
}

describe('PresenceStore in storage.session (issue 8: no budget of its own)', () => {
  it('keeps what each frame shows, for the page the tab is on', async () => {
    const { store } = setup();
    const flagged = flaggedOf(16);
    await store.setShown(3, 0, flagged.slice(0, 4).map((r) => r.url));
    await store.setShown(3, 0, flagged.slice(1, 4).map((r) => r.url)); // the first left the page
    expect(onPage(flagged, await store.read(3, PAGE))).toHaveLength(flagged.length - 1);
    expect(await store.read(3, `${PAGE}#other`)).toEqual({});
  });

  it('on a quota error, drops the tab’s list, warns why and answers: the badge overcounts, never misses one', async () => {
    const { area, warnings, store } = setup();
    const flagged = flaggedOf(80);
    const urls = flagged.map((r) => r.url);
    await store.setShown(3, 0, urls);
    await store.setShown(3, 0, urls.slice(10)); // the first 10 left the page
    expect(onPage(flagged, await store.read(3, PAGE))).toHaveLength(flagged.length - 10);
    area.quota = area.used; // other tabs' results filled storage.session
    // Before the fix this rejected with Chrome's quota error, and so did the scan/present handler.
    await expect(store.setShown(3, 1, urls.slice(0, 20))).resolves.toBeUndefined();
    expect(area.failures).toBe(1);
    expect(area.data.has(presenceKey(3))).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/presence of tab 3 dropped .*quota/)]);
    expect(onPage(flagged, await store.read(3, PAGE))).toHaveLength(flagged.length);
    area.quota = Infinity; // room again: the next report is kept as before
    await store.setShown(3, 0, urls);
    await store.setShown(3, 0, urls.slice(5));
    expect(onPage(flagged, await store.read(3, PAGE))).toHaveLength(flagged.length - 5);
  });

  it('still fails on an error other than the quota (a stopped worker), leaving the list as it was', async () => {
    const { area, warnings, store } = setup();
    const urls = flaggedOf(8).map((r) => r.url);
    await store.setShown(3, 0, urls);
    area.failNext = 1;
    await expect(store.setShown(3, 0, [])).rejects.toThrow('stopped');
    expect(warnings).toEqual([]);
    expect(Object.keys(await store.read(3, PAGE))).toHaveLength(urls.length);
  });

  it('costs about 150 bytes per flagged URL shown in one frame (Chrome’s charge as session-area.ts models it)', async () => {
    const { area, store } = setup();
    const urls = flaggedOf(500).map((r) => r.url); // 315 flagged in a 500-image feed page
    await store.setShown(3, 0, urls);
    const perUrl = (area.used - chargeOf(presenceKey(3), { pageUrl: PAGE, urls: {} })) / urls.length;
    // A feed URL is 46-52 characters: its JSON plus one value and one array element at 48 bytes each.
    expect(perUrl).toBeGreaterThan(140);
    expect(perUrl).toBeLessThan(160);
    await store.setShown(3, 2, urls); // a second frame showing the same images adds its id: 48 bytes + 2 characters
    expect((area.used - chargeOf(presenceKey(3), { pageUrl: PAGE, urls: {} })) / urls.length - perUrl).toBeCloseTo(50, 0);
  });
});
