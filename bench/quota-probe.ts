/**
 * `npx tsx bench/quota-probe.ts`: an ad-hoc probe of issue 8's verdict plateau (20 tabs x 500 images stop at
 * about 2,300 verdicts). Chromium with the demo list:
 *  1. one tab of PROBE_IMAGES (500) feed images until every image has a verdict; then what Chrome charges in
 *     storage.session (getBytesInUse) for the whole store and by kind of key, and (main's unpacked form) for
 *     one flagged result with and without its thumbnail and for one clear result, each set alone under a probe key;
 *  2. storage.session filled to PROBE_LEFT_KB (200 KB) under its 10 MB quota, as many tabs would fill it; then a
 *     second tab of the feed: its verdicts after PROBE_WAIT_S (90 s), and the worker's console warnings.
 * Prints JSON. Not part of `npm run bench`.
 */
import { startDemoServers } from '../scripts/demo-server.js';
import { enableDemo, launch, tabIdOf, tabReport, type Session } from '../scripts/lib/launch.js';
import { heapFigures, watchWorkerHeap } from './lib/worker-heap.js';

const IMAGES = Number(process.env.PROBE_IMAGES ?? 500);
const LEFT = Number(process.env.PROBE_LEFT_KB ?? 200) * 1024;
const WAIT_MS = Number(process.env.PROBE_WAIT_S ?? 90) * 1000;
const QUOTA = 10 * 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openFeed(s: Session, origin: string, tag: string, n: number): Promise<number> {
  const page = await s.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const url = `${origin}/gen/scroll.html?tag=${tag}&n=${n}&first=${n}`;
  await page.goto(url, { waitUntil: 'load', timeout: 600_000 });
  return tabIdOf(s, `${url.split('&')[0]}&`);
}

async function verdictsWithin(s: Session, tabId: number, want: number, ms: number): Promise<{ verdicts: number; flagged: number; ms: number }> {
  const t0 = Date.now();
  for (;;) {
    const r = await tabReport(s, tabId);
    if (r.checked + r.skipped >= want || Date.now() - t0 > ms) return { verdicts: r.checked + r.skipped, flagged: r.flagged.length, ms: Date.now() - t0 };
    await sleep(1000);
  }
}

/** What Chrome charges for one stored value (a probe key set alone, then removed). */
function costs(s: Session) {
  return s.ext.evaluate(async () => {
    const area = chrome.storage.session;
    const all = await area.get(null);
    const results = Object.entries(all)
      .filter(([k]) => /^tab:\d+:/.test(k))
      .flatMap(([, v]) => Object.values(v as Record<string, { status: string; thumb?: string }>));
    const flagged = results.find((r) => r.status === 'matched' && r.thumb);
    const clear = results.find((r) => r.status === 'clear');
    const cost = async (v: unknown) => {
      await area.set({ probe: v });
      const n = await area.getBytesInUse('probe');
      await area.remove('probe');
      return n;
    };
    const { thumb, ...slim } = flagged ?? { status: '' };
    // Bytes by kind of key: meta, batches, works (tab-batch.ts), thumbnails and their ledger (tab-thumbs.ts), presence.
    const kinds: Record<string, string[]> = {};
    for (const k of Object.keys(all)) {
      const kind = /^tab:\d+$/.test(k) ? 'meta' : k.endsWith(':t') ? 'thumbs' : k.endsWith(':w') ? 'works' : k.startsWith('tab:') ? 'batches' : k.split(':')[0]!;
      (kinds[kind] ??= []).push(k);
    }
    const byKind: Record<string, { keys: number; bytes: number }> = {};
    for (const [kind, keys] of Object.entries(kinds)) byKind[kind] = { keys: keys.length, bytes: await area.getBytesInUse(keys) };
    return {
      byKind,
      storedResults: results.length,
      withThumb: results.filter((r) => r.thumb).length,
      totalBytes: await area.getBytesInUse(null),
      flaggedWithThumb: flagged ? await cost(flagged) : 0,
      flaggedSlim: flagged ? await cost(slim) : 0,
      flaggedSlimJson: JSON.stringify(slim).length,
      thumbChars: thumb?.length ?? 0,
      clear: clear ? await cost(clear) : 0,
      clearJson: JSON.stringify(clear ?? '').length,
    };
  });
}

const servers = await startDemoServers();
const s = await launch('chrome');
try {
  await enableDemo(s);
  await s.ext.evaluate('globalThis.__name = (f) => f'); // tsx names inner functions with a helper the page lacks
  const heap = await watchWorkerHeap(s);
  const first = await openFeed(s, servers.pageOrigin, 'q0', IMAGES);
  const one = await verdictsWithin(s, first, IMAGES, 600_000);
  const charged = await costs(s);
  console.log(JSON.stringify({ oneTab: one, charged }, null, 1));
  // Fill the rest as other tabs would, leaving LEFT bytes (filler is one string per key, as thumbnails are).
  const filled = await s.ext.evaluate(
    async (quota: number, left: number) => {
      const area = chrome.storage.session;
      let k = 0;
      for (let free = quota - (await area.getBytesInUse(null)) - left; free > 1000; free = quota - (await area.getBytesInUse(null)) - left) {
        await area.set({ [`filler:${k++}`]: 'x'.repeat(Math.min(free - 100, 500_000)) });
      }
      return area.getBytesInUse(null);
    },
    QUOTA,
    LEFT,
  );
  const second = await openFeed(s, servers.pageOrigin, 'q1', IMAGES);
  const two = await verdictsWithin(s, second, IMAGES, WAIT_MS);
  const end = await s.ext.evaluate(() => chrome.storage.session.getBytesInUse(null));
  await heap.stop();
  const { warnings, sessionPeakMB } = heapFigures(heap);
  console.log(JSON.stringify({ filledTo: filled, secondTab: two, endBytes: end, sessionPeakMB, warnings }, null, 1));
} finally {
  await s.close();
  await servers.close();
}
