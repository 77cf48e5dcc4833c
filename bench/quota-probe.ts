/**
 * `npx tsx bench/quota-probe.ts`: an ad-hoc probe of issue 8's verdict plateau (20 tabs x 500 images stop at
 * about 2,300 verdicts). Chromium with the demo list:
 *  1. one tab of PROBE_IMAGES (500) feed images until every image has a verdict; then what Chrome charges in
 *     storage.session (getBytesInUse) for the whole store and by kind of key, and for one flagged result, one
 *     clear result and one thumbnail as stored (packed, tab-batch.ts), each set alone under a probe key;
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

/**
 * What Chrome charges for the stored tab results (tab-batch.ts's packed form): by kind of key, and for one value of
 * each kind set alone under a probe key: a flagged image's packed result, a clear image's (its check time), one
 * thumbnail, and the page's works list per work.
 */
function costs(s: Session) {
  return s.ext.evaluate(async () => {
    const area = chrome.storage.session;
    const all = await area.get(null);
    const kindOf = (k: string) => (/^tab:\d+$/.test(k) ? 'meta' : k.endsWith(':t') ? 'thumbs' : k.endsWith(':w') ? 'works' : k.startsWith('tab:') ? 'batches' : k.split(':')[0]!);
    const kinds: Record<string, string[]> = {};
    for (const k of Object.keys(all)) (kinds[kindOf(k)] ??= []).push(k);
    // Batches: { r: { url: checkedAt | packed result } }; thumbnails: { url: data URL }; works: Work[].
    const packed = (kinds.batches ?? []).flatMap((k) => Object.values((all[k] as { r: Record<string, unknown> }).r));
    const thumbs = (kinds.thumbs ?? []).flatMap((k) => Object.values(all[k] as Record<string, string>));
    const workLists = (kinds.works ?? []).map((k) => all[k] as unknown[]);
    const isFlagged = (v: unknown) => typeof v === 'object' && (v as { status?: string }).status === 'matched';
    const flagged = packed.find(isFlagged);
    const clear = packed.find((v) => typeof v === 'number');
    const cost = async (v: unknown) => {
      if (v === undefined) return 0;
      await area.set({ probe: v });
      const n = await area.getBytesInUse('probe');
      await area.remove('probe');
      return n;
    };
    const byKind: Record<string, { keys: number; bytes: number }> = {};
    for (const [kind, keys] of Object.entries(kinds)) byKind[kind] = { keys: keys.length, bytes: await area.getBytesInUse(keys) };
    const works = workLists.reduce((n, l) => n + l.length, 0);
    return {
      byKind,
      storedResults: packed.length,
      flaggedResults: packed.filter(isFlagged).length,
      thumbnails: thumbs.length,
      works,
      totalBytes: await area.getBytesInUse(null),
      perResult: Math.round((byKind.batches?.bytes ?? 0) / Math.max(1, packed.length)),
      flaggedPacked: await cost(flagged),
      flaggedPackedJson: JSON.stringify(flagged ?? '').length,
      clear: await cost(clear),
      thumb: await cost(thumbs[0]),
      thumbChars: thumbs[0]?.length ?? 0,
      perWork: Math.round((byKind.works?.bytes ?? 0) / Math.max(1, works)),
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
