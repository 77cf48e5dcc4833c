/**
 * The rotated framings a candidate costs (detail-rotate.ts, detail-geometry.ts): with the page image's aspect known
 * (Query.size), a quarter of them, and the same verdicts as with every assumed aspect.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ANGLES, ROTATED_MIN, rotatedGrids } from '../../src/lib/match/detail/rotate/detail-rotate.js';
import { rotatedMatch } from '../../src/lib/match/detail/detail-geometry.js';
import { detailQueryOf } from '../../src/lib/match/detail/detail-verify.js';
import { verifyCandidate } from '../../src/lib/match/detail/detail-stage.js';
import { fromBase64url } from '../../src/lib/base64url.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { CORPUS, corpusPresent } from './helpers/corpus-golden.js';
import { workDetail } from '../../src/lib/match/detail/luma-thumb.js';
import { reduceForHash } from '../../src/lib/match/hash/fingerprint.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import { croppedToFit, matcherOf, turnedOn } from './helpers/turned.js';

const CI = process.env.CI === 'true';
const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;

/**
 * A fine-grained work (900x600): 48x32 random colours scaled up smoothly, detail at about the thumbnail's own cell
 * size, where sampling the thumbnail at points of a turned grid blurs it unevenly.
 */
async function fineWork(seed: number): Promise<Buffer> {
  let s = seed >>> 0;
  const px = Buffer.alloc(48 * 32 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (s = (s * 1664525 + 1013904223) >>> 0) >>> 24;
  return sharp(px, { raw: { width: 48, height: 32, channels: 3 } }).resize(900, 600, { kernel: 'cubic' }).jpeg({ quality: 92 }).toBuffer();
}

const onWhite = (src: Buffer | string, deg: number) => turnedOn(src, deg, '#ffffff');

async function detailOf(bytes: Buffer) {
  const size = await imageSizeOf(bytes);
  const dq = detailQueryOf(queryOf(await decodeForHash(bytes), size).detail!)!;
  return { dq, aspect: size.width / size.height };
}

describe('rotated framings', () => {
  it('a page of known aspect costs one framing per angle and framing kind, not one per assumed work aspect too', () => {
    expect(rotatedGrids().length).toBe(ANGLES.length * 4 * 3);
    expect(rotatedGrids(1.5).length).toBe(ANGLES.length * 3);
    expect(rotatedGrids(1.5)).toBe(rotatedGrids(1.5)); // worked out once per aspect
  });

  it('finds a rotated copy at the same angle with the page aspect as with every assumed aspect, and no unrelated work', async () => {
    const thumb = workDetail(reduceForHash(await decodeFull(img('astronaut.jpg'))));
    for (const [deg, fill] of [[2, '#ffffff'], [-5, '#000000']] as const) {
      const { dq, aspect } = await detailOf(await turnedOn(img('astronaut.jpg'), deg, fill));
      const every = rotatedMatch(dq, thumb, 0.9);
      expect(every?.angle).toBe(deg);
      expect(rotatedMatch(dq, thumb, 0.9, aspect)?.angle).toBe(deg);
    }
    const other = await detailOf(await sharp(img('coffee.jpg')).jpeg().toBuffer());
    expect(rotatedMatch(other.dq, thumb, 0.9, other.aspect)).toBeNull();
  }, 60_000);

  it('finds a fine-grained work turned 5 degrees on white (its thumbnail sampled through 2x2 means)', async () => {
    for (const seed of [1, 2]) {
      const work = await fineWork(seed);
      const m = await matcherOf([['w', work]]);
      for (const deg of [5, -5]) {
        const bytes = await onWhite(work, deg);
        const size = await imageSizeOf(bytes);
        const found = [...m.nearest(queryOf(await decodeForHash(bytes), size)).values()];
        expect(found.map((b) => b.via.angle), `seed ${seed}, ${deg} degrees`).toEqual([deg]);
      }
    }
  }, 60_000);

  // Corpus works the benchmark missed at 5 degrees: w0041 scored below 0 through every plain framing (which then
  // skipped its rotated ones), w0005 and w0025 0.89 rotated.
  it.skipIf(!corpusPresent() && !CI)('verifies corpus works turned 5 degrees on white that were missed', async () => {
    for (const [name, deg] of [['w0041.jpg', 5], ['w0005.jpg', 5], ['w0025.jpg', 5]] as const) {
      const path = `${CORPUS}works/${name}`;
      const thumb = fromBase64url(workFingerprints(await decodeFull(path)).detail!);
      const { dq, aspect } = await detailOf(await onWhite(path, deg));
      expect(verifyCandidate(dq, null, thumb, null, aspect), name).toMatchObject({ stage: 'detail', angle: deg });
      expect(rotatedMatch(dq, thumb, ROTATED_MIN, aspect)?.angle, name).toBe(deg);
    }
  }, 60_000);

  // A grass texture turned 5 degrees and cropped to fit scored 0.903 at its true angle from the 32x32 thumbnail (0.99
  // from the full image: bench/rotated-misses.ts), under ROTATED_MIN, but 0.28 turned the other way; the nearest
  // unrelated pair of bench:robustness (w0007 against w0005, 0.900) fits both ways alike (0.870).
  it.skipIf(!corpusPresent() && !CI)('verifies a texture turned one way below ROTATED_MIN, not a stranger that fits both ways', async () => {
    const path = `${CORPUS}works/w0069.jpg`;
    const thumb = fromBase64url(workFingerprints(await decodeFull(path)).detail!);
    const copy = await detailOf(await croppedToFit(path, 5));
    expect(rotatedMatch(copy.dq, thumb, ROTATED_MIN, copy.aspect)?.angle).toBe(5);
    expect(verifyCandidate(copy.dq, null, thumb, null, copy.aspect)).toMatchObject({ stage: 'detail', angle: 5 });
    const other = fromBase64url(workFingerprints(await decodeFull(`${CORPUS}works/w0005.jpg`)).detail!);
    const stranger = await detailOf(await sharp(`${CORPUS}works/w0007.jpg`).toBuffer());
    expect(rotatedMatch(stranger.dq, other, ROTATED_MIN, stranger.aspect)).toBeNull();
  }, 60_000);

  // w0065 turned 5 degrees on white scored 0.997 rotated but was never a candidate: its plain and flat-corner keys kept
  // too few of the work's bits (distance 1 for want of common reliable bits). Read back into the turned work's frame,
  // its key is the work's (turned-keys.ts). Cropped to fit, a plain framing finds it, and the hint names the turn.
  it.skipIf(!corpusPresent() && !CI)('finds a corpus work turned 5 degrees on white and cropped to fit (turned keys)', async () => {
    const m = await matcherOf(['w0065.jpg', 'w0077.jpg', 'w0041.jpg'].map((id) => [id, `${CORPUS}works/${id}`] as const));
    const path = `${CORPUS}works/w0065.jpg`;
    for (const [how, bytes] of [['on white', await onWhite(path, 5)], ['cropped to fit', await croppedToFit(path, 5)]] as const) {
      const found = m.nearest(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)));
      expect([...found].map(([w, b]) => [m.packed.workIds[w], b.hints?.changes.find((c) => c.kind === 'rotated')]), how).toEqual([['w0065.jpg', { kind: 'rotated', degrees: 5 }]]);
    }
  }, 60_000);

  // bench:robustness's distractor: a figure on blue, 18 bits from w0077's hash; its detail refused the plain framings
  // and a rotated one scored 0.73 through the 2x2 means, above the 0.72 a hash match once needed.
  it.skipIf(!corpusPresent() && !CI)('does not call a hash-matched stranger a rotated copy', async () => {
    const work = `${CORPUS}works/w0077.jpg`;
    const m = await matcherOf([['w', work]]);
    const figure = `${CORPUS}distractors/d1110.png`;
    const { width = 1, height = 1 } = await sharp(figure).metadata();
    const bytes = await sharp({ create: { width, height, channels: 4, background: '#2f6fb0' } }).composite([{ input: figure }]).png().toBuffer();
    expect(m.nearest(queryOf(await decodeForHash(bytes))).size).toBe(0);
    // ...while a copy of the work turned 2 degrees on white still matches.
    const copy = await onWhite(work, 2);
    expect(m.nearest(queryOf(await decodeForHash(copy), await imageSizeOf(copy))).size).toBe(1);
  }, 60_000);
});
