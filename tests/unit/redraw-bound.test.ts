import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_SIDE, lumaThumb, workDetail } from '../../src/lib/match/detail/luma-thumb.js';
import { curvatureOutside, REDRAW_MIN_KEPT, redrawScores, REDRAW_THIN_KEPT } from '../../src/lib/match/detail/detail-redraw.js';
import { redrawBelow } from '../../src/lib/match/detail/redraw-bound.js';
import { REDRAW_MIN, REDRAW_MIN_THIN } from '../../src/lib/match/detail/detail-stage.js';
import { decodeForHash, decodeFull } from '../../src/node/decode.js';
import { demoImage, redrawn } from './helpers/redrawn.js';
import { CORPUS, corpusPresent } from './helpers/corpus-golden.js';
import { mulberry } from '../../bench/lib/variants.js';

const DEMO = ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg', 'generated-muse.png', 'generated-other.png'];
const corpus = corpusPresent() ? readdirSync(`${CORPUS}works`).sort().filter((_, i) => i % 9 === 0).map((f) => `${CORPUS}works/${f}`) : [];
const patch = (w: number, h: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="rgb(200,60,40)"/><circle cx="${w / 2}" cy="${h / 2}" r="${h / 3}" fill="rgb(20,90,220)"/></svg>`;

/** Page images: each demo image redrawn in a quarter at three places, recompressed and resized; corpus works resized. */
async function pageImages(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const name of DEMO) {
    for (const [left, top] of [[0.1, 0.3], [0.45, 0.05], [0.3, 0.5]] as const) out.push(await redrawn(name, left, top, patch, 80));
    out.push(await sharp(demoImage(name)).resize(200).jpeg({ quality: 60 }).toBuffer());
  }
  for (const path of corpus) out.push(await sharp(path).resize(240).jpeg({ quality: 70 }).toBuffer());
  return out;
}

const thumbs: Uint8Array[] = [];
const lumas: Float32Array[] = [];

beforeAll(async () => {
  for (const path of [...DEMO.map(demoImage), ...corpus]) thumbs.push(workDetail(await decodeFull(path)));
  for (const b of await pageImages()) lumas.push(Float32Array.from(lumaThumb(await decodeForHash(b), COMPARE_SIDE)));
}, 120_000);

/** The best correlation any rectangle of the search leaves, whatever share of the work's energy it keeps. */
const best = (luma: Float32Array, thumb: Uint8Array) => redrawScores(luma, thumb, [0])[0]!.score;

describe('redraw-bound (the redraw search rejected before searching)', () => {
  it('never puts the search below its own best rectangle: no real or random pair', () => {
    let rejected = 0;
    let pairs = 0;
    const check = (luma: Float32Array, thumb: Uint8Array) => {
      const s = best(luma, thumb);
      // Asked at the best score itself, plus most of the bound's margin: a wrong bound says "below" here.
      expect(redrawBelow(luma, thumb, s + 9e-4), `best ${s}`).toBe(false);
      pairs++;
      if (redrawBelow(luma, thumb, REDRAW_MIN)) rejected++;
    };
    for (const luma of lumas) for (const thumb of thumbs) check(luma, thumb);
    // Not vacuous: most of these pairs (strangers, most of them) are put below REDRAW_MIN without a search.
    expect(rejected / pairs).toBeGreaterThan(0.6);
    fc.assert(fc.property(fc.uint8Array({ minLength: 1024, maxLength: 1024 }), fc.uint8Array({ minLength: 256, maxLength: 256 }), (thumb, luma) => check(Float32Array.from(luma), thumb)), { numRuns: 50 });
  }, 120_000);

  it('leaves out the pairs across the top and left edges of a rectangle too (a patch aligned with the tiles)', () => {
    // The query is the work's thumbnail sampled as the search samples it, but for a flat patch of 9x9 cells at (4, 4):
    // the rectangle over the patch leaves a correlation of 1, and only the pairs across its edges tell them apart.
    const rnd = mulberry(7);
    const thumb = Uint8Array.from({ length: 1024 }, (_, i) => 100 + Math.round(20 * Math.sin(i / 37) + 10 * rnd()));
    const luma = new Float32Array(256);
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        const o = 64 * y + 2 * x;
        luma[16 * y + x] = y >= 4 && y < 13 && x >= 4 && x < 13 ? 250 : (thumb[o]! + thumb[o + 1]! + thumb[o + 32]! + thumb[o + 33]!) / 4;
      }
    }
    expect(best(luma, thumb)).toBeGreaterThan(0.99);
    expect(redrawBelow(luma, thumb, REDRAW_MIN)).toBe(false);
  });

  it('leaves every redraw verdict as the full search gives it (redrawn copies found, strangers not)', () => {
    let found = 0;
    for (const luma of lumas) {
      for (const thumb of thumbs) {
        const [kept, thin] = redrawScores(luma, thumb, [REDRAW_MIN_KEPT, REDRAW_THIN_KEPT]);
        const passes = kept!.score >= REDRAW_MIN || (thin!.score >= REDRAW_MIN_THIN && curvatureOutside(luma, thumb, thin!.rect) >= REDRAW_MIN_THIN);
        if (passes) found++;
        if (passes) expect(redrawBelow(luma, thumb, Math.min(REDRAW_MIN, REDRAW_MIN_THIN))).toBe(false);
      }
    }
    // The redrawn copies had their chance: most of the 21 pass the search.
    expect(found).toBeGreaterThan(15);
  }, 120_000);
});
