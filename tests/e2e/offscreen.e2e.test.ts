/**
 * Chrome scans page images in its offscreen document (src/background/scan/offscreen.ts); Firefox in its event page.
 * Proven here on the test-hooks build, which counts which path fingerprinted each image: in Chromium the document
 * does all of them, and with the document switched off the worker's own path gives the same verdicts, the same
 * refusals and fingerprints within the CLI-parity bound (EXIF-rotated file included); a second visit is served
 * from the fingerprint cache and still gets its thumbnails. In Firefox nothing goes near an offscreen document, and
 * a cache hit on a matched image decodes it once, at thumbnail size, for its thumbnail (pixels.ts counts decodes).
 */
import { expect, it } from 'vitest';
import { enableDemo, type Session } from '../../scripts/lib/launch.js';
import { hammingHex } from '../../src/lib/match/hash/bits.js';
import { cacheKeys } from './lib/fingerprint-cache.js';
import { PARITY_MAX_BITS } from './lib/parity.js';
import { scanBatch } from './lib/scan-batch.js';
import { describeInBrowsers } from './setup.js';

const FILES = ['/images/astronaut.jpg', '/images/astronaut-mirrored.jpg', '/images/chelsea.jpg', '/images/chelsea-cropped.jpg', '/images/coffee.jpg', '/images/generated-muse.png', '/rotated/chelsea.jpg'];
const BAD = ['/bad/missing.jpg', '/bad/not-an-image.png', '/bad/truncated.jpg', '/bad/bomb.png'];

interface Paths {
  offscreen: number;
  worker: number;
}

/** Image files the background itself decoded (pixels.ts `decodes`): to fingerprint, and for a thumbnail only. */
interface Decodes {
  hash: number;
  thumb: number;
}

interface Counts {
  paths: Paths;
  decodes: Decodes;
}

type Op = 'paths' | 'on' | 'off';

/** The background's test hook (Chrome: in the service worker; Firefox: in the event page): counts, or a switch. */
async function onHook(s: Session, op: Op): Promise<Counts> {
  if (s.kind === 'firefox') {
    return s.ext.evaluate(async (o: Op) => {
      const bg = (await chrome.runtime.getBackgroundPage()) as unknown as { licenseLensScanPaths: Counts & { setOffscreen(on: boolean): void } };
      const hook = bg.licenseLensScanPaths;
      if (o !== 'paths') hook.setOffscreen(o === 'on');
      return { paths: { ...hook.paths }, decodes: { ...hook.decodes } };
    }, op);
  }
  const base = await s.ext.evaluate(() => chrome.runtime.getURL(''));
  const target = await s.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(base), { timeout: 10_000 });
  const worker = (await target.worker())!;
  const call = op === 'paths' ? '' : `hook.setOffscreen(${op === 'on'});`;
  return worker.evaluate(`(hook => { ${call} return { paths: { ...hook.paths }, decodes: { ...hook.decodes } }; })(globalThis.licenseLensScanPaths)`) as Promise<Counts>;
}

const paths = async (s: Session) => (await onHook(s, 'paths')).paths;
const decodes = async (s: Session) => (await onHook(s, 'paths')).decodes;


describeInBrowsers(
  'scanning path per browser',
  (kind, env) => {
    const urls = (tag: string) => [...FILES, ...BAD].map((p) => `${env().servers.imageOrigin}${p}?path=${tag}`);

    it(kind === 'chrome' ? 'fingerprints in the offscreen document, as the worker would' : 'fingerprints in the event page, with no offscreen document', async () => {
      const { session, servers } = env();
      await enableDemo(session);
      const before = await paths(session);
      const decodedBefore = await decodes(session);
      const doc = await scanBatch(session, `${servers.pageOrigin}/offscreen-a`, urls('doc'));
      const after = await paths(session);
      const fetched = FILES.length + BAD.length;
      if (kind === 'firefox') {
        expect(await session.ext.evaluate(() => typeof (chrome as { offscreen?: unknown }).offscreen)).toBe('undefined');
        expect(after).toEqual({ offscreen: before.offscreen, worker: before.worker + fetched });
        expect(doc.get('/images/chelsea.jpg')?.status).toBe('matched');
        // First visit: each good file decoded once, a matched one's thumbnail cut from that copy (the bad ones never decode).
        const decoded = await decodes(session);
        expect(decoded).toEqual({ hash: decodedBefore.hash + FILES.length, thumb: decodedBefore.thumb });
        // Again on another page: every fingerprint from the cache (written off the critical path: within 2 s,
        // fingerprint-cache.ts MAX_WAIT_MS); a matched image is decoded once, at thumbnail size, for its thumbnail.
        const allCached = async () => {
          const keys = await cacheKeys(session);
          return FILES.every((p) => keys.some((k) => k.includes(`${p}?path=doc`)));
        };
        await expect.poll(allCached, { timeout: 10_000 }).toBe(true);
        const again = await scanBatch(session, `${servers.pageOrigin}/offscreen-c`, urls('doc'));
        const matched = FILES.filter((p) => again.get(p)!.status === 'matched');
        expect(matched.length).toBeGreaterThanOrEqual(4);
        expect(await decodes(session)).toEqual({ hash: decoded.hash, thumb: decoded.thumb + matched.length });
        for (const p of FILES) {
          expect(again.get(p)!.fingerprint, p).toBe(doc.get(p)!.fingerprint);
          expect(again.get(p)!.matches.map((m) => m.workId), p).toEqual(doc.get(p)!.matches.map((m) => m.workId));
        }
        for (const p of matched) {
          expect(again.get(p)!.thumb, p).toMatch(/^data:image\/jpeg;base64,/);
          // The picture, not a blank: about as many JPEG bytes as the thumbnail cut from the reduced copy.
          expect(again.get(p)!.thumb!.length, p).toBeGreaterThan(doc.get(p)!.thumb!.length / 2);
        }
        return;
      }
      // Every image went to the document (refusals included: the document's fetch and checks refused them).
      expect(after).toEqual({ offscreen: before.offscreen + fetched, worker: before.worker });
      expect(await session.ext.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] })).length)).toBe(1);

      await onHook(session, 'off');
      const here = await scanBatch(session, `${servers.pageOrigin}/offscreen-b`, urls('worker'));
      await onHook(session, 'on');
      expect((await paths(session)).worker).toBe(after.worker + fetched);

      for (const p of [...FILES, ...BAD]) {
        const a = doc.get(p)!;
        const b = here.get(p)!;
        expect(a.status, p).toBe(b.status);
        expect(a.matches.map((m) => m.workId).sort(), p).toEqual(b.matches.map((m) => m.workId).sort());
        expect(a.record, p).toEqual(b.record);
        if (b.fingerprint) expect(hammingHex(a.fingerprint!, b.fingerprint), p).toBeLessThanOrEqual(PARITY_MAX_BITS);
        if (b.reason) expect(a.reason?.split(' ')[0], p).toBe(b.reason.split(' ')[0]);
        if (a.status === 'matched') expect(a.thumb, p).toMatch(/^data:image\/jpeg;base64,/);
      }
      expect(doc.get('/images/chelsea.jpg')!.status).toBe('matched');
      // The EXIF-rotated copy is the same picture once turned: within the bound of the upright file.
      expect(hammingHex(doc.get('/rotated/chelsea.jpg')!.fingerprint!, doc.get('/images/chelsea.jpg')!.fingerprint!)).toBeLessThanOrEqual(PARITY_MAX_BITS);

      // Again on another page: the document answers from its fingerprint cache, thumbnails still come.
      const again = await scanBatch(session, `${servers.pageOrigin}/offscreen-c`, urls('doc'));
      for (const p of FILES) {
        expect(again.get(p)!.fingerprint, p).toBe(doc.get(p)!.fingerprint);
        if (again.get(p)!.status === 'matched') expect(again.get(p)!.thumb, p).toMatch(/^data:image\/jpeg;base64,/);
      }
    }, 120_000);
  },
  { build: 'test-hooks' },
);
