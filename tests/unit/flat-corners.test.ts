import { describe, expect, it } from 'vitest';
import { detailKey, grid8, KEY_WORDS } from '../../src/lib/match/detail/detail-key.js';
import { flatCorners, ringlessKeys } from '../../src/lib/match/detail/rotate/flat-corners.js';
import { popcount32 } from '../../src/lib/match/hash/bits.js';

/** A 16x16 luminance with detail everywhere (a deterministic texture). */
const textured = () => Uint8Array.from({ length: 256 }, (_, i) => 40 + ((i * 73 + (i >> 4) * 29) % 170));

/** The same with white wedges along the top and bottom reaching two opposite corners, as a turned copy has. */
function wedged(): Uint8Array {
  const l = textured();
  for (let x = 0; x < 6; x++) l[x] = 255;
  for (let x = 10; x < 16; x++) l[15 * 16 + x] = 255;
  return l;
}

const maskBits = (k: Uint32Array) => Array.from({ length: KEY_WORDS }, (_, w) => popcount32(k[KEY_WORDS + w]! >>> 0)).reduce((a, b) => a + b, 0);

describe('the inner key of a page image with flat corners (flat-corners.ts)', () => {
  it('is made only when two opposite corners share a flat fill', () => {
    expect(flatCorners(textured())).toBe(false);
    expect(ringlessKeys(textured())).toEqual([]);
    expect(flatCorners(wedged())).toBe(true);
    expect(ringlessKeys(wedged())).toHaveLength(1);
  });

  it('counts no difference touching the outer ring of key cells as reliable', () => {
    const [k] = ringlessKeys(wedged());
    const keep = new Uint8Array(64).fill(1);
    // Every difference is reliable or not by the inner cells alone: the same key whatever the ring holds.
    const other = wedged();
    for (let x = 0; x < 16; x++) other[x] = other[15 * 16 + x] = 0;
    expect(ringlessKeys(other)[0]!.slice(KEY_WORDS)).toEqual(k!.slice(KEY_WORDS));
    // 60 differences lie between inner cells (6 rows of 5, twice): at most that many reliable bits.
    expect(maskBits(k!)).toBeLessThanOrEqual(60);
    expect(maskBits(k!)).toBeGreaterThan(20);
    // Without `keep` (or with every cell kept) the key is the plain one.
    expect(detailKey(grid8(wedged(), 16), undefined, 0, keep)).toEqual(detailKey(grid8(wedged(), 16)));
  });
});
