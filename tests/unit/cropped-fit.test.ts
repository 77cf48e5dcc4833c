/**
 * Copies turned and cropped to fit (issue 22): no corner fill, so neither the flat-corner keys nor the turned hash
 * probes of a page on a canvas reach them. The fit probes (turned-hash.ts `fitFingerprints`, turned 2 degrees and cut
 * to the stored 3% all-sides crop) and the fit keys (turned-keys.ts `fitKeys`, turned 5 degrees) read the page back
 * into the work's frame; the verification that decides is unchanged.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fitKeys, TURNED_MAX } from '../../src/lib/match/detail/rotate/turned-keys.js';
import { detailKey, grid8, keyDistance } from '../../src/lib/match/detail/detail-key.js';
import { detailQueryOf, KEY_MAX } from '../../src/lib/match/detail/detail-verify.js';
import { DETAIL_SIDE } from '../../src/lib/match/detail/luma-thumb.js';
import { CROPS, workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { hammingHex } from '../../src/lib/match/hash/bits.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import { fromBase64url } from '../../src/lib/base64url.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import { CORPUS, corpusPresent } from './helpers/corpus-golden.js';

const CI = process.env.CI === 'true';
const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;

/** Turned by `deg` and cropped to the largest centred rectangle of the work's aspect, scaled back (bench:robustness's "cropped to fit"). */
async function croppedToFit(path: string, deg: number): Promise<Buffer> {
  const { width: w, height: h } = await sharp(path).metadata();
  const r = await sharp(path).ensureAlpha().rotate(deg, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer({ resolveWithObject: true });
  const t = (Math.abs(deg) * Math.PI) / 180;
  const k = Math.min(w! / (w! * Math.cos(t) + h! * Math.sin(t)), h! / (w! * Math.sin(t) + h! * Math.cos(t)));
  const [cw, ch] = [Math.floor(w! * k) - 2, Math.floor(h! * k) - 2];
  const cut = sharp(r.data).extract({ left: Math.round((r.info.width - cw) / 2), top: Math.round((r.info.height - ch) / 2), width: cw, height: ch });
  return cut.resize(w!, h!).jpeg({ quality: 85 }).toBuffer();
}

const queryOfBytes = async (bytes: Buffer) => queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
const workKey = async (path: string) => detailKey(grid8(fromBase64url(workFingerprints(await decodeFull(path)).detail!), DETAIL_SIDE));
const nearest = (keys: Uint32Array[], work: Uint32Array) => Math.min(1, ...keys.map((k) => keyDistance(k, work)));

describe('copies turned and cropped to fit', () => {
  it('have fit probes near the stored 3% all-sides crop when turned 2 degrees, either way', async () => {
    const stored = workFingerprints(await decodeFull(img('chelsea.jpg'))).fingerprints;
    const crop3 = stored[1 + CROPS.findIndex((c) => c.every((x) => x === 0.03))]!;
    for (const deg of [2, -2]) {
      const probes = (await queryOfBytes(await croppedToFit(img('chelsea.jpg'), deg))).fit ?? [];
      expect(probes.length, `${deg} degrees`).toBe(2);
      // Within the variant threshold (16), the radius the fit probes are searched to.
      expect(Math.min(...probes.map((p) => hammingHex(p, crop3))), `${deg} degrees`).toBeLessThanOrEqual(12);
    }
  }, 60_000);

  it('have a fit key near their work\'s when turned 5 degrees, and far from an unrelated work\'s', async () => {
    const [rocket, coffee] = [await workKey(img('rocket.jpg')), await workKey(img('coffee.jpg'))];
    for (const deg of [5, -5]) {
      const bytes = await croppedToFit(img('rocket.jpg'), deg);
      const size = await imageSizeOf(bytes);
      const keys = fitKeys(detailQueryOf((await queryOfBytes(bytes)).detail!)!.luma, size.width / size.height);
      expect(keys).toHaveLength(2);
      expect(nearest(keys, rocket), `${deg} degrees`).toBeLessThanOrEqual(TURNED_MAX);
      expect(nearest(keys, coffee), `${deg} degrees`).toBeGreaterThan(KEY_MAX);
    }
  }, 60_000);

  // bench:robustness's misses: a text page (w0112) turned 2 degrees and cropped to fit was no candidate (its white
  // margins gave it flat corners, its plain key 0.34 from its work's), nor was w0079 turned 5 degrees (key 0.31); both
  // verify turned one way (0.886, 0.917).
  it.skipIf(!corpusPresent() && !CI)('finds w0112 turned 2 degrees and w0079 turned 5 degrees, cropped to fit, as rotated', async () => {
    const works = await Promise.all(['w0112.jpg', 'w0079.jpg', 'w0041.jpg', 'w0065.jpg'].map(async (id) => {
      const print = workFingerprints(await decodeFull(`${CORPUS}works/${id}`));
      return { id, source: 'own' as const, modelId: 'm', fingerprints: print.fingerprints, detail: print.detail, addedAt: '' };
    }));
    const m = new Matcher({
      creators: [{ id: 'c', source: 'own', name: 'C' }],
      models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
      works,
    });
    for (const [id, deg] of [['w0112.jpg', -2], ['w0079.jpg', -5]] as const) {
      const found = m.nearest(await queryOfBytes(await croppedToFit(`${CORPUS}works/${id}`, deg)));
      expect([...found].map(([w, b]) => [m.packed.workIds[w], b.hints?.changes.some((c) => c.kind === 'rotated')]), id).toEqual([[id, true]]);
    }
  }, 60_000);
});
