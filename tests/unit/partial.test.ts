import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HASH_WORDS, hexToWords } from '../../src/lib/match/hash/bits.js';
import { fingerprint, type RgbaPixels } from '../../src/lib/match/hash/fingerprint.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import { comparePartial, PARTIAL_MAX_CELLS, partlyMatches } from '../../src/lib/match/indexing/partial.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import type { RegistryContent } from '../../src/lib/types.js';
import { decodeFull } from '../../src/node/decode.js';

const setCell = (w: Uint32Array, r: number, c: number, v: number) => {
  const bit = 1 << ((r & 1 ? 15 : 31) - c);
  w[r >> 1] = (v ? w[r >> 1]! | bit : w[r >> 1]! & ~bit) >>> 0;
};
const words = fc.uint32Array({ minLength: HASH_WORDS, maxLength: HASH_WORDS });
/** A rectangle of at most PARTIAL_MAX_CELLS cells: [row, column, height, width]. */
const rect = fc
  .tuple(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 16 }), fc.nat(15), fc.nat(15))
  .filter(([h, w]) => h * w <= PARTIAL_MAX_CELLS)
  .map(([h, w, r, c]) => [Math.min(r, 16 - h), Math.min(c, 16 - w), h, w] as const);

/** `src` with every cell inside the rectangle replaced by `fill`'s, and the listed cells outside it inverted. */
function edit(src: Uint32Array, fill: Uint32Array, [r0, c0, h, w]: readonly number[], noise: number[]): Uint32Array {
  const out = Uint32Array.from(src);
  const cell = (x: Uint32Array, r: number, c: number) => ((r & 1 ? x[r >> 1]! & 0xffff : x[r >> 1]! >>> 16) >>> (15 - c)) & 1;
  for (let r = r0!; r < r0! + h!; r++) for (let c = c0!; c < c0! + w!; c++) setCell(out, r, c, cell(fill, r, c));
  for (const k of noise) {
    const [r, c] = [k >> 4, k & 15];
    const inside = r >= r0! && r < r0! + h! && c >= c0! && c < c0! + w!;
    if (!inside) setCell(out, r, c, 1 - cell(src, r, c));
  }
  return out;
}

describe('partial comparison (partly edited copies)', () => {
  it('an edit inside one rectangle of up to PARTIAL_MAX_CELLS cells leaves at most the outside noise', () => {
    fc.assert(
      fc.property(words, words, rect, fc.uniqueArray(fc.nat(255), { maxLength: 30 }), (src, fill, r, noise) => {
        const edited = edit(src, fill, r, noise);
        const { outside } = comparePartial(edited, src);
        expect(outside).toBeLessThanOrEqual(noise.length);
        expect(comparePartial(src, src).outside).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a stored hash at an offset in a packed array', () => {
    fc.assert(
      fc.property(words, words, fc.nat(5), (a, b, k) => {
        const packed = new Uint32Array(6 * HASH_WORDS);
        packed.set(b, k * HASH_WORDS);
        expect(comparePartial(a, packed, k * HASH_WORDS)).toEqual(comparePartial(a, b));
      }),
      { numRuns: 50 },
    );
  });

  it('never accepts agreement on a plain backdrop or one silhouette', () => {
    // A disc on black: the whole hash is one outline, with no detail outside any rectangle.
    const disc = new Uint32Array(HASH_WORDS);
    for (let r = 0; r < 16; r++) for (let c = 0; c < 16; c++) setCell(disc, r, c, (r - 7.5) ** 2 + (c - 7.5) ** 2 < 40 ? 1 : 0);
    const other = edit(disc, hexToWords('d91cb118b11cfc9b88fd88fc28e470cf32cf02505e4f6c5f640775137c0f7c1d'), [4, 4, 8, 8], []);
    expect(comparePartial(other, disc).outside).toBe(0);
    expect(partlyMatches(other, disc)).toBe(false);
    expect(partlyMatches(new Uint32Array(HASH_WORDS), new Uint32Array(HASH_WORDS))).toBe(false);
  });

  describe('with real images', () => {
    const content: RegistryContent = {
      creators: [{ id: 'c', source: 'own', name: 'C' }],
      models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
      works: [],
    };
    const px: Record<string, RgbaPixels> = {};
    beforeAll(async () => {
      for (const name of ['astronaut', 'chelsea', 'coffee', 'rocket']) {
        px[name] = await decodeFull(new URL(`../../demo/images/${name}.jpg`, import.meta.url).pathname);
        content.works.push({ id: name, source: 'own', modelId: 'm', fingerprints: [fingerprint(px[name]!)], addedAt: '' });
      }
    }, 60_000);

    /** The image with a rectangle of `area` of it, at (fx, fy) of the free space, painted over with stripes. */
    function redraw(src: RgbaPixels, area: number, fx: number, fy: number): RgbaPixels {
      const data = Uint8ClampedArray.from(src.data);
      const w = Math.round(src.width * Math.sqrt(area));
      const h = Math.round(src.height * Math.sqrt(area));
      const x0 = Math.floor((src.width - w) * fx);
      const y0 = Math.floor((src.height - h) * fy);
      for (let y = y0; y < y0 + h; y++) {
        for (let x = x0; x < x0 + w; x++) {
          const i = (y * src.width + x) * 4;
          const v = Math.floor((x + y) / 23) % 2 ? 230 : 40;
          data.set([v, 255 - v, 120, 255], i);
        }
      }
      return { width: src.width, height: src.height, data };
    }

    it('matches a copy with a tenth of its area redrawn as partly edited, and no other work', () => {
      const m = new Matcher(content);
      const q = queryOf(redraw(px.astronaut!, 0.1, 0.8, 0.2));
      const found = m.match(q, 'https://page.example/');
      expect(found.map((f) => [f.workId, f.hints?.changes.map((c) => c.kind)])).toEqual([['astronaut', ['redrawn']]]);
      expect(found[0]!.distance).toBeGreaterThan(m.threshold);
    });

    it('does not match one work partly edited as another', () => {
      const m = new Matcher({ ...content, works: content.works.filter((w) => w.id !== 'astronaut') });
      for (const [fx, fy] of [[0.1, 0.1], [0.5, 0.5], [0.9, 0.9]] as const) {
        expect(m.match(queryOf(redraw(px.astronaut!, 0.25, fx, fy)), 'https://page.example/')).toEqual([]);
      }
    });
  });
});
