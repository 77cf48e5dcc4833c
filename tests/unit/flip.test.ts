import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hexToWords, wordsToHex } from '../../src/lib/match/hash/bits.js';
import { blockhashExact, fingerprint, type RgbaPixels } from '../../src/lib/match/hash/fingerprint.js';
import { FLIPS, flipWords, type Flip } from '../../src/lib/match/hash/flip.js';
import { decodeForHash, decodeFull } from '../../src/node/decode.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const NAMES = ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg'];

function flipPixels(px: RgbaPixels, flip: Flip): RgbaPixels {
  const { width: w, height: h } = px;
  const data = new Uint8ClampedArray(px.data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sx = flip === 'v' ? x : w - 1 - x;
      const sy = flip === 'h' ? y : h - 1 - y;
      data.set(px.data.subarray((sy * w + sx) * 4, (sy * w + sx) * 4 + 4), (y * w + x) * 4);
    }
  return { width: w, height: h, data };
}

describe('flipWords', () => {
  it('reverses bits within rows (h), rows (v), or both (hv), and is its own inverse', () => {
    const first = '8000' + '0'.repeat(60); // only the top-left block set
    expect(wordsToHex(flipWords(hexToWords(first), 'h'))).toBe('0001' + '0'.repeat(60));
    expect(wordsToHex(flipWords(hexToWords(first), 'v'))).toBe('0'.repeat(60) + '8000');
    expect(wordsToHex(flipWords(hexToWords(first), 'hv'))).toBe('0'.repeat(60) + '0001');
    const any = hexToWords('3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680');
    for (const f of FLIPS) expect(flipWords(flipWords(any, f), f)).toEqual(any);
  });

  it.each(NAMES)('gives exactly blockhash of the flipped image for %s, through the pure 256x256 reduction', async (name) => {
    const px = await decodeFull(img(name));
    const hash = hexToWords(fingerprint(px));
    for (const f of FLIPS) expect(wordsToHex(flipWords(hash, f))).toBe(fingerprint(flipPixels(px, f)));
  });

  it.each(NAMES)('gives exactly blockhash of the flipped image for %s, through sharp decoding (the CLI and demo path)', async (name) => {
    const hash = hexToWords(blockhashExact(await decodeForHash(img(name))));
    const flopped = await sharp(img(name)).flop().png().toBuffer();
    const flipped = await sharp(img(name)).flip().png().toBuffer();
    expect(blockhashExact(await decodeForHash(flopped))).toBe(wordsToHex(flipWords(hash, 'h')));
    expect(blockhashExact(await decodeForHash(flipped))).toBe(wordsToHex(flipWords(hash, 'v')));
  });

  it('holds for an image whose size the reduction does not divide evenly', async () => {
    const px = await decodeFull(await sharp(img('chelsea.jpg')).resize(333, 217, { fit: 'fill' }).png().toBuffer());
    const hash = hexToWords(fingerprint(px));
    for (const f of FLIPS) expect(wordsToHex(flipWords(hash, f))).toBe(fingerprint(flipPixels(px, f)));
  });
});
