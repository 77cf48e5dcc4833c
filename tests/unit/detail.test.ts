import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { COMPARE_SIDE, frameScore, gradients, lumaThumb, sampleFrame, WHOLE_FRAME, wholeHeightCols, workDetail } from '../../src/lib/match/detail/luma-thumb.js';
import { scoreOutside } from '../../src/lib/match/detail/detail-redraw.js';
import { detailKey, grid8, KEY_WORDS, keyDistance, MIN_COMMON } from '../../src/lib/match/detail/detail-key.js';
import { popcount32 } from '../../src/lib/match/hash/bits.js';
import { type Flip, FLIPS } from '../../src/lib/match/hash/flip.js';
import { DETAIL_MIN, detailQuery, FRAMINGS, framingScores, KEY_MAX, PARTIAL_DETAIL_MIN, verifyDetail } from '../../src/lib/match/detail/detail-verify.js';
import { scanKeys } from '../../src/lib/match/detail/key-scan.js';
import { detailKeysOf } from '../../src/lib/match/indexing/packed-registry.js';
import type { RgbaPixels } from '../../src/lib/match/hash/fingerprint.js';
import { decodeForHash } from '../../src/node/decode.js';
import { PLAIN_LOGO } from './helpers/plain-logo.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const luma16 = (px: RgbaPixels) => lumaThumb(px, COMPARE_SIDE);
const reduced = async (input: string | Buffer) => decodeForHash(input);

function ramp(vertical: boolean): RgbaPixels {
  const data = new Uint8ClampedArray(256 * 256 * 4);
  for (let y = 0; y < 256; y++) for (let x = 0; x < 256; x++) data.set([...Array(3).fill(40 + (vertical ? y : x) / 2), 255], (y * 256 + x) * 4);
  return { width: 256, height: 256, data };
}

describe('detail descriptor (detail.ts)', () => {
  it('has no gradients on a flat colour or a linear ramp, and unit length otherwise', async () => {
    const flat = gradients(new Float32Array(256).fill(90), COMPARE_SIDE);
    expect(flat.every((v) => v === 0)).toBe(true);
    const lin = gradients(Float32Array.from(luma16(ramp(true))), COMPARE_SIDE);
    expect(Math.max(...lin.map(Math.abs))).toBeLessThan(1e-3);
    const g = gradients(Float32Array.from(luma16(await reduced(img('chelsea.jpg')))), COMPARE_SIDE);
    expect(g.reduce((a, v) => a + v * v, 0)).toBeCloseTo(1, 4);
  });

  it('scores a work against itself, brighter, mirrored and cropped copies near 1', async () => {
    const src = img('astronaut.jpg');
    const thumb = workDetail(await reduced(src));
    const meta = await sharp(src).metadata();
    const q = async (b: Buffer) => detailQuery(luma16(await reduced(b)));
    const self = await q(await sharp(src).toBuffer());
    expect(frameScore(self.grads, thumb, [0, 0, 1, 1])).toBeGreaterThan(0.95);
    const bright = await q(await sharp(src).modulate({ brightness: 1.3, saturation: 0.5 }).jpeg().toBuffer());
    expect(verifyDetail(bright, thumb)).toMatchObject({ frame: [0, 0, 1, 1] });
    expect(verifyDetail(bright, thumb).flip).toBeUndefined();
    expect(verifyDetail(bright, thumb).score).toBeGreaterThan(DETAIL_MIN);
    const mirrored = await q(await sharp(src).flop().jpeg().toBuffer());
    expect(frameScore(mirrored.grads, thumb, [0, 0, 1, 1])).toBeLessThan(DETAIL_MIN);
    expect(verifyDetail(mirrored, thumb)).toMatchObject({ frame: [0, 0, 1, 1], flip: 'h' });
    const cut = Math.round(meta.width! * 0.15);
    const cropped = await q(await sharp(src).extract({ left: cut, top: 0, width: meta.width! - cut, height: meta.height! }).jpeg().toBuffer());
    const v = verifyDetail(cropped, thumb);
    expect(v.flip).toBeUndefined();
    expect(v.frame[0]).toBeCloseTo(0.15, 1);
    expect(v.score).toBeGreaterThan(DETAIL_MIN);
  });

  it('keeps unrelated demo images apart', async () => {
    const names = ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg'];
    const px = await Promise.all(names.map((n) => reduced(img(n))));
    for (const [i, a] of px.entries()) {
      for (const [j, b] of px.entries()) {
        if (i !== j) expect(verifyDetail(detailQuery(luma16(a)), workDetail(b)).score).toBeLessThan(DETAIL_MIN);
      }
    }
  });

  it('checks the part outside an edited rectangle: high for a redrawn copy, low for another image', async () => {
    const src = img('chelsea.jpg');
    const meta = await sharp(src).metadata();
    const w = Math.round(meta.width! / 2);
    const h = Math.round(meta.height! / 2);
    const patch = await sharp(img('starry-night.jpg')).resize(w, h, { fit: 'fill' }).png().toBuffer(); // redrawn: foreign detail
    const edited = await sharp(src).composite([{ input: patch, left: 0, top: 0 }]).jpeg().toBuffer();
    const thumb = workDetail(await reduced(src));
    const q = detailQuery(luma16(await reduced(edited)));
    expect(verifyDetail(q, thumb).score).toBeLessThan(DETAIL_MIN);
    expect(scoreOutside(q.luma, thumb, [0, 0, 8, 8])).toBeGreaterThan(0.9);
    const other = detailQuery(luma16(await reduced(img('coffee.jpg'))));
    expect(scoreOutside(other.luma, thumb, [0, 0, 8, 8])).toBeLessThan(PARTIAL_DETAIL_MIN);
  });

  it('tries the whole image, three mirror images and 45 crops', () => {
    expect(FRAMINGS).toHaveLength(49);
  });
});

describe('detail key (detail-key.ts)', () => {
  it('finds a work whose hash a colour change moved, mirrored or not, and leaves flat images out', async () => {
    const works = await Promise.all(['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg'].map(async (n) => workDetail(await reduced(img(n)))));
    const keys = detailKeysOf(works);
    const darker = detailQuery(luma16(await reduced(await sharp(img('chelsea.jpg')).modulate({ brightness: 0.7 }).flop().jpeg().toBuffer())));
    const found = scanKeys(darker.keys, keys, works.length, KEY_MAX);
    expect(found.get(1)).toBeLessThanOrEqual(KEY_MAX);
    expect([...found.entries()].sort((a, b) => a[1] - b[1])[0]![0]).toBe(1);
    // A flat or ramp image has no reliable bits: never a candidate, never a key anyone matches.
    const flat = detailKey(grid8(new Uint8Array(256).fill(128), COMPARE_SIDE));
    expect(keyDistance(flat, keys, 0)).toBe(1);
    expect(scanKeys(detailQuery(luma16(ramp(false))).keys, keys, works.length, KEY_MAX).size).toBe(0);
  });

  it('finds a plain work whose brightened copy shares fewer than MIN_COMMON reliable bits with it, and only on enough of them', async () => {
    const logo = await sharp(Buffer.from(PLAIN_LOGO)).jpeg({ quality: 92 }).toBuffer();
    const keys = detailKeysOf([workDetail(await reduced(logo))]);
    // +20% clips the light vignette to white: the logo's few bits are all that is left reliable.
    const bright = detailQuery(luma16(await reduced(await sharp(logo).modulate({ brightness: 1.2 }).jpeg({ quality: 85 }).toBuffer())));
    const common = [0, 1, 2, 3].reduce((n, w) => n + popcount32(bright.keys[0]![KEY_WORDS + w]! & keys[KEY_WORDS + w]!), 0);
    expect(common).toBeLessThan(MIN_COMMON);
    expect(scanKeys(bright.keys, keys, 1, KEY_MAX).get(0)).toBeLessThanOrEqual(KEY_MAX);
    // A work reliable on a third of those bits only is still too little to compare.
    const third = keys.slice();
    for (let w = 0; w < KEY_WORDS; w++) third[KEY_WORDS + w] = (bright.keys[0]![KEY_WORDS + w]! & 0x49249249) >>> 0;
    expect(keyDistance(bright.keys[0]!, third, 0)).toBe(1);
  });

  it('gives works without a thumbnail an empty key, in index order with the others', async () => {
    const thumb = workDetail(await reduced(img('chelsea.jpg')));
    const keys = detailKeysOf([null, thumb, undefined]);
    expect(keys).toHaveLength(3 * 2 * KEY_WORDS);
    expect([...keys.subarray(0, 8), ...keys.subarray(16)].every((w) => w === 0)).toBe(true);
    expect(keys.subarray(8, 16)).toEqual(detailKey(grid8(thumb, 32)));
  });
});

describe('frameScore (one pass)', () => {
  it('equals the dot product of the query gradients with the frame gradients', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1024, maxLength: 1024 }),
        fc.uint8Array({ minLength: 256, maxLength: 256 }),
        fc.constantFrom(...FRAMINGS),
        (thumb, luma, f) => {
          const q = detailQuery(luma).grads;
          const g = gradients(sampleFrame(thumb, f.frame, f.flip), COMPARE_SIDE);
          const dot = g.reduce((a, v, i) => a + v * q[i]!, 0);
          expect(frameScore(q, thumb, f.frame, f.flip)).toBeCloseTo(dot, 4);
        },
      ),
      { numRuns: 200 },
    );
    expect(frameScore(detailQuery(new Uint8Array(256).fill(3)).grads, new Uint8Array(1024).fill(9), [0, 0, 1, 1])).toBe(0);
  });
});

describe('framingScores (whole-width framings from rows interpolated once)', () => {
  it('gives exactly frameScore for every framing, and the same scores for another view of the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1024, maxLength: 1024 }), fc.uint8Array({ minLength: 256, maxLength: 256 }), (thumb, luma) => {
        const dq = detailQuery(luma);
        const scores = framingScores(dq, thumb);
        FRAMINGS.forEach((f, i) => expect(scores[i]).toBe(frameScore(dq.grads, thumb, f.frame, f.flip)));
        // A view of the same bytes is the same pair (worked out once); other bytes at another offset are not.
        const both = new Uint8Array(2048);
        both.set(thumb);
        both.set(thumb.map((v) => 255 - v), 1024);
        const first = framingScores(dq, both.subarray(0, 1024));
        expect(framingScores(dq, both.subarray(0, 1024))).toBe(first);
        expect(first).toEqual(scores);
        const other = framingScores(dq, both.subarray(1024));
        FRAMINGS.forEach((f, i) => expect(other[i]).toBe(frameScore(dq.grads, both.subarray(1024), f.frame, f.flip)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('wholeHeightCols (what the detail bound samples frames of the whole height from)', () => {
  it('gives, interpolated at a frame\'s columns, its bilinear samples for every framing of the whole height', () => {
    const m = 32;
    const n = COMPARE_SIDE;
    const tall = FRAMINGS.filter((f) => f.frame[1] === 0 && f.frame[3] === 1);
    expect(tall.length).toBe(22); // the whole frame and its three mirror images, 9 crops from the left and 9 from the right
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1024, maxLength: 1024 }), (thumb) => {
        const cols = wholeHeightCols(thumb);
        for (const f of tall) {
          const want = sampleFrame(thumb, f.frame, f.flip);
          const h = f.flip === 'h' || f.flip === 'hv';
          const v = f.flip === 'v' || f.flip === 'hv';
          for (let j = 0; j < n; j++) {
            for (let i = 0; i < n; i++) {
              const sx = Math.min(m - 1, Math.max(0, (f.frame[0] + ((i + 0.5) / n) * f.frame[2]) * m - 0.5));
              const x0 = Math.floor(sx);
              const got = cols[j * m + x0]! * (1 - (sx - x0)) + cols[j * m + Math.min(m - 1, x0 + 1)]! * (sx - x0);
              // Rows first, then columns: the same value to rounding (the bound keeps a margin for it).
              expect(Math.abs(got - want[(v ? n - 1 - j : j) * n + (h ? n - 1 - i : i)]!)).toBeLessThan(1e-4);
            }
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('sampleFrame (grids worked out once per frame)', () => {
  /** Bilinear sampling at the compare grid's cell centres, worked out cell by cell. */
  function plainSample(stored: Uint8Array, [fx, fy, fw, fh]: readonly number[], flip?: Flip): Float32Array {
    const n = COMPARE_SIDE;
    const m = 32;
    const out = new Float32Array(n * n);
    const h = flip === 'h' || flip === 'hv';
    const v = flip === 'v' || flip === 'hv';
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const sy = Math.min(m - 1, Math.max(0, (fy! + ((j + 0.5) / n) * fh!) * m - 0.5));
        const sx = Math.min(m - 1, Math.max(0, (fx! + ((i + 0.5) / n) * fw!) * m - 0.5));
        const [y0, x0] = [Math.floor(sy), Math.floor(sx)];
        const [y1, x1] = [Math.min(m - 1, y0 + 1), Math.min(m - 1, x0 + 1)];
        const [ty, tx] = [sy - y0, sx - x0];
        const a = stored[y0 * m + x0]! * (1 - tx) + stored[y0 * m + x1]! * tx;
        const b = stored[y1 * m + x0]! * (1 - tx) + stored[y1 * m + x1]! * tx;
        out[(v ? n - 1 - j : j) * n + (h ? n - 1 - i : i)] = a * (1 - ty) + b * ty;
      }
    }
    return out;
  }

  it('gives exactly the bilinear samples, for every framing verification tries and for any other frame, asked again or not', () => {
    const share = fc.double({ min: 0, max: 0.5, noNaN: true });
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1024, maxLength: 1024 }),
        fc.oneof(fc.constantFrom(...FRAMINGS), fc.record({ frame: fc.tuple(share, share, fc.double({ min: 0.5, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 1, noNaN: true })), flip: fc.constantFrom(undefined, ...FLIPS) })),
        (thumb, f) => {
          for (let k = 0; k < 2; k++) expect(sampleFrame(thumb, f.frame, f.flip)).toEqual(plainSample(thumb, f.frame, f.flip));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('samples the kept whole frame as any [0, 0, 1, 1], mirrored or not', () => {
    expect(WHOLE_FRAME).toEqual([0, 0, 1, 1]);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1024, maxLength: 1024 }), fc.constantFrom(undefined, ...FLIPS), (thumb, flip) => {
        expect(sampleFrame(thumb, WHOLE_FRAME, flip)).toEqual(plainSample(thumb, [0, 0, 1, 1], flip));
      }),
      { numRuns: 50 },
    );
  });
});
