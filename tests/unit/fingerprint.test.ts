import { describe, expect, it } from 'vitest';
import { hammingHex, isFingerprintHex } from '../../src/lib/match/hash/bits.js';
import { blockhashExact, fingerprint, HASH_INPUT_SIDE, reduceForHash, reduceRegion, type RgbaPixels } from '../../src/lib/match/hash/fingerprint.js';
import { decodeFull, fingerprintFile } from '../../src/node/decode.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;

/** Fixed hashes of the committed demo images (sharp decode, 256x256 reduction, blockhash-core 16x16). */
const EXPECTED: Record<string, string> = {
  'astronaut.jpg': '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680',
  'chelsea.jpg': 'd91cb118b11cfc9b88fd88fc28e470cf32cf02505e4f6c5f640775137c0f7c1d',
  'coffee.jpg': '010707cf07f30ff30c7705e707efc3c0f10fe00fe05fc057d057e827e04ff00f',
  'rocket.jpg': '02003fc0bff0fff01f003f807fc0ffe037807f807fc07fc07fe07fe019e029d0',
  'starry-night.jpg': '0400666f014fdfff4cd6efc0423307b7cffcc7f8e782400281ffc1cfc0ffe000',
};

function solid(width: number, height: number, rgba: [number, number, number, number]): RgbaPixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}

/** Left half dark, right half light, with a vertical gradient so every band has structure. */
function halves(width: number, height: number): RgbaPixels {
  const px = solid(width, height, [0, 0, 0, 255]);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const v = x < width / 2 ? (40 * y) / height : 200 + (40 * y) / height;
      px.data.set([v, v, v, 255], (y * width + x) * 4);
    }
  return px;
}

describe('fingerprint', () => {
  it.each(Object.entries(EXPECTED))('gives the fixed hash for %s', async (name, hash) => {
    expect(await fingerprintFile(img(name))).toBe(hash);
  });

  it('is 64 hex characters and the same whether reduced by sharp or by the pure core', async () => {
    for (const name of Object.keys(EXPECTED)) {
      const viaCore = fingerprint(await decodeFull(img(name)));
      expect(isFingerprintHex(viaCore)).toBe(true);
      expect(hammingHex(viaCore, EXPECTED[name]!)).toBeLessThanOrEqual(4);
    }
  });

  it('keeps a resized, recompressed copy close to its original and far from unrelated images', async () => {
    const altered = await fingerprintFile(img('astronaut-altered.jpg'));
    expect(hammingHex(altered, EXPECTED['astronaut.jpg']!)).toBeLessThanOrEqual(8);
    expect(hammingHex(altered, EXPECTED['coffee.jpg']!)).toBeGreaterThan(60);
  });

  it('gives the same reduction whatever was reduced before it (its working rows are reused between calls)', () => {
    const a = halves(300, 200);
    const rect = { x: 10.5, y: 3, width: 250, height: 180 };
    const first = reduceRegion(a, rect);
    reduceRegion(halves(2000, 1400), { x: 0, y: 0, width: 2000, height: 1400 }, 512);
    reduceRegion(solid(64, 64, [9, 200, 30, 128]), { x: 0, y: 0, width: 64, height: 64 }, 32);
    expect(reduceRegion(a, rect).data).toEqual(first.data);
    // A half-transparent pixel is composited onto white, an opaque one is not touched by it.
    expect([...reduceRegion(solid(20, 20, [0, 0, 0, 128]), { x: 0, y: 0, width: 20, height: 20 }, 16).data.slice(0, 4)]).toEqual([127, 127, 127, 255]);
  });

  it('reduces any size to 256x256 and leaves an opaque 256x256 image untouched', () => {
    const big = reduceForHash(halves(1000, 700));
    expect([big.width, big.height]).toEqual([HASH_INPUT_SIDE, HASH_INPUT_SIDE]);
    const small = reduceForHash(halves(40, 30));
    expect([small.width, small.height]).toEqual([HASH_INPUT_SIDE, HASH_INPUT_SIDE]);
    const exact = halves(256, 256);
    expect(reduceForHash(exact)).toBe(exact);
  });

  it('hashes a structured image the same at any resolution', () => {
    const reference = fingerprint(halves(256, 256));
    for (const [w, h] of [[1920, 1080], [333, 517], [64, 48]] as const) {
      expect(hammingHex(fingerprint(halves(w, h)), reference)).toBe(0);
    }
    expect(reference.slice(0, 4)).toBe('00ff'); // first row: 8 dark blocks, then 8 light ones
  });

  it('treats fully transparent pixels as white, as blockhash specifies', () => {
    const transparentBlack = solid(64, 64, [0, 0, 0, 0]);
    const white = solid(64, 64, [255, 255, 255, 255]);
    expect(fingerprint(transparentBlack)).toBe(fingerprint(white));
    expect(blockhashExact(transparentBlack)).toBe(blockhashExact(white));
  });

  it('refuses pixel buffers that do not match their size, and images under 16 px', () => {
    expect(() => blockhashExact({ width: 20, height: 20, data: new Uint8Array(10) })).toThrow(/does not match/);
    expect(() => blockhashExact(solid(8, 8, [0, 0, 0, 255]))).toThrow(/too small/);
  });
});
