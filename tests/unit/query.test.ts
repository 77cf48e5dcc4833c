import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hammingHex } from '../../src/lib/match/hash/bits.js';
import { fingerprint, type RgbaPixels } from '../../src/lib/match/hash/fingerprint.js';
import { hashComplexity, MIN_COMPLEXITY, MIN_QUALITY, quality } from '../../src/lib/match/hash/quality.js';
import { hexToWords } from '../../src/lib/match/hash/bits.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { trimRect } from '../../src/lib/match/hash/trim.js';
import { CROPS, workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { decodeForHash, decodeFull } from '../../src/node/decode.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;

function solid(width: number, height: number, rgb: [number, number, number]): RgbaPixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return { width, height, data };
}

describe('quality', () => {
  it('scores photos high and flat colours, faint gradients and near-empty placeholders under the bar', async () => {
    expect(quality(await decodeForHash(img('chelsea.jpg')))).toBeGreaterThanOrEqual(90);
    expect(quality(solid(256, 256, [200, 30, 30]))).toBe(0);
    const gradient = solid(256, 256, [0, 0, 0]);
    for (let y = 0; y < 256; y++) for (let x = 0; x < 256; x++) gradient.data.fill(100 + x / 8, (y * 256 + x) * 4, (y * 256 + x) * 4 + 3);
    expect(quality(gradient)).toBeLessThan(MIN_QUALITY);
    // A near-empty placeholder: a small light-grey mark on white. (A bold two-tone graphic has strong edges and
    // scores high, as in PDQ: its hash is not degenerate.)
    const placeholder = solid(256, 256, [255, 255, 255]);
    for (let y = 120; y < 136; y++) for (let x = 112; x < 144; x++) placeholder.data.fill(210, (y * 256 + x) * 4, (y * 256 + x) * 4 + 3);
    expect(quality(placeholder)).toBeLessThan(MIN_QUALITY);
  });
});

describe('hashComplexity', () => {
  it('counts neighbouring bits that differ: none in a flat hash, 480 in a checkerboard, a photo well above the bar', async () => {
    expect(hashComplexity(hexToWords('0'.repeat(64)))).toBe(0);
    expect(hashComplexity(hexToWords('aaaa5555'.repeat(8)))).toBe(480);
    // A diagonal staircase, as a smooth gradient gives: one change per row and per column.
    const stair = Array.from({ length: 16 }, (_, r) => ((0xffff >>> r) & 0xffff).toString(16).padStart(4, '0')).join('');
    expect(hashComplexity(hexToWords(stair))).toBeLessThan(MIN_COMPLEXITY);
    expect(hashComplexity(hexToWords(queryOf(await decodeForHash(img('chelsea.jpg'))).fingerprint))).toBeGreaterThanOrEqual(MIN_COMPLEXITY);
  });
});

describe('trimRect', () => {
  it('finds an added border of any colour, and nothing in a photo without one', async () => {
    for (const background of ['#ffffff', '#000000', '#3366aa']) {
      const framed = await sharp(img('coffee.jpg')).extend({ top: 40, bottom: 40, left: 60, right: 60, background }).jpeg({ quality: 80 }).toBuffer();
      const r = trimRect(await decodeForHash(framed))!;
      expect(r).not.toBeNull();
      const { width, height } = await sharp(img('coffee.jpg')).metadata();
      // The border's share of the 256x256 reduced copy, give or take JPEG ringing at its edge.
      expect(Math.abs(r.x - (256 * 60) / (width! + 120))).toBeLessThanOrEqual(3);
      expect(Math.abs(r.y - (256 * 40) / (height! + 80))).toBeLessThanOrEqual(3);
    }
    expect(trimRect(await decodeForHash(img('rocket.jpg')))).toBeNull();
  });
});

describe('queryOf and workFingerprints', () => {
  it('gives the whole-image fingerprint first, then one per crop, all distinct from each other', async () => {
    const px = await decodeFull(img('astronaut.jpg'));
    const fps = workFingerprints(px).fingerprints;
    expect(fps[0]).toBe(fingerprint(px));
    expect(fps.length).toBeGreaterThanOrEqual(1 + CROPS.length);
    expect(fps.length).toBeLessThanOrEqual(64); // the list format's limit per work
    expect(new Set(fps).size).toBe(fps.length);
  });

  it('lands a copy cut at a stored crop step near that crop fingerprint', async () => {
    const px = await decodeFull(img('starry-night.jpg'));
    const fps = workFingerprints(px).fingerprints;
    const cut = await sharp(img('starry-night.jpg')).extract({ left: 0, top: 0, width: Math.round(px.width * 0.84), height: px.height }).jpeg({ quality: 80 }).toBuffer();
    const q = queryOf(await decodeForHash(cut));
    const i = CROPS.findIndex(([l, t, r, b]) => l === 0 && t === 0 && r === 0.16 && b === 0);
    expect(hammingHex(q.fingerprint, fps[1 + i]!)).toBeLessThanOrEqual(12);
    expect(hammingHex(q.fingerprint, fps[0]!)).toBeGreaterThan(20);
  });

  it('trims an added border from the query so it meets the whole work', async () => {
    const framed = await sharp(img('chelsea.jpg')).extend({ top: 30, bottom: 30, left: 30, right: 30, background: '#000000' }).jpeg({ quality: 80 }).toBuffer();
    const q = queryOf(await decodeForHash(framed));
    const whole = workFingerprints(await decodeFull(img('chelsea.jpg'))).fingerprints[0]!;
    expect(q.trimmed).toBeDefined();
    expect(hammingHex(q.trimmed!, whole)).toBeLessThanOrEqual(12);
    expect(hammingHex(q.fingerprint, whole)).toBeGreaterThan(20);
    expect(q.quality).toBeGreaterThanOrEqual(MIN_QUALITY);
  });
});
