import { existsSync, readdirSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../src/lib/base64url.js';
import { detailQuery, detailQueryOf } from '../../src/lib/match/detail/detail-verify.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { surroundOneColour } from '../../src/lib/match/hints/border.js';
import { detailHints } from '../../src/lib/match/hints/hints.js';
import type { Via } from '../../src/lib/match/hints/via.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import { GEOMETRY_VARIANTS } from '../../bench/lib/geometry-variants.js';
import { VARIANTS } from '../../bench/lib/variants.js';
import { makePortraits } from '../../bench/lib/portraits.js';
import { chromaOf, chromaThumb } from '../../src/lib/match/detail/chroma-thumb.js';
import { reduceForHash } from '../../src/lib/match/hash/fingerprint.js';

const SHARED = new URL('../../../shared/corpus/', import.meta.url).pathname;
// The corpus is not in the repository; in CI its absence is a failure, not a skip.
const corpus = it.skipIf(!existsSync(SHARED) && !process.env.CI);
const SLOW = 60_000;

/**
 * The hints for bench:robustness's copy `variant` of its portrait `k` (of 24), made with the seed the benchmark
 * gives it (`works` registered works come first: 24, or all 54), for a match found as `via` says; `chroma`: the
 * work's record carries its chroma grid, as the benchmark registers it.
 */
async function portraitHints(variant: string, k: number, via: Via, works = 24, chroma = false): Promise<string[]> {
  const files = readdirSync(`${SHARED}distractors/`).sort().filter((f) => f.endsWith('.png')).map((f) => `${SHARED}distractors/${f}`);
  const workFiles = readdirSync(`${SHARED}works/`).filter((f) => f.endsWith('.jpg')).sort();
  const src = (await makePortraits(files, k + 1, `${SHARED}works/${workFiles[1]}`))[k]!.bytes;
  const { width, height } = await sharp(src).metadata();
  const v = [...VARIANTS, ...GEOMETRY_VARIANTS].find((x) => x.name === variant)!;
  const bytes = await v.make(src, width!, height!, works + k);
  const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
  const px = await decodeFull(src);
  const thumb = fromBase64url(workFingerprints(px).detail!);
  const inside = q.trimmedDetail ? detailQueryOf(q.trimmedDetail) : null;
  const traits = { size: await imageSizeOf(src), ...(chroma ? { chroma: chromaOf(chromaThumb(reduceForHash(px)))! } : {}) };
  return detailHints(q, detailQueryOf(q.detail!)!, inside, thumb, via, traits).changes.map((c) => c.kind);
}

describe('a 5% crop of every side of a portrait (hints/framing-choice.ts, hints/aligned.ts)', () => {
  // bench:robustness: portrait 1 compared through a 2.5% crop (the first framing past the whole image's margin, not
  // the best one) fitted at gain 1.09; portrait 12's thin dark outline left three cells along it differing.
  corpus('names portrait 1 (a figure on plain #1d2430) "cropped" alone, not also "colours changed"', async () => {
    expect(await portraitHints('crop 5% all sides', 1, { stage: 'hash' })).toEqual(['cropped']);
  }, SLOW);

  corpus('names portrait 12 (a framed figure on plain #e9e4dc) "cropped" alone, not also "partly redrawn"', async () => {
    expect(await portraitHints('crop 5% all sides', 12, { stage: 'hash', trimmed: true })).toEqual(['cropped']);
  }, SLOW);

  corpus('keeps a redrawn quarter of portrait 12 "partly redrawn"', async () => {
    expect(await portraitHints('replaced 25% area', 12, { stage: 'hash' })).toContain('redrawn');
  }, SLOW);
});

describe('an outpainted portrait on a vertical gradient (hints/border.ts surroundOneColour)', () => {
  // bench:robustness, outpainted 65%: the trim took the work's own plain gradient rows with the generated surround,
  // and the whole work's box inside it read as "border added".
  corpus('names portraits 2 and 20 extended in height "extended", not "border added"', async () => {
    expect(await portraitHints('outpainted, work 65% of area', 2, { stage: 'hash', crop: [0, 0.12, 0, 0], trimmed: true })).toEqual(['extended']);
    expect(await portraitHints('outpainted, work 65% of area', 20, { stage: 'hash', crop: [0, 0.2, 0, 0], trimmed: true })).toEqual(['extended']);
  }, SLOW);

  corpus('keeps a 10% border on the same portraits "border added"', async () => {
    expect(await portraitHints('10% border', 2, { stage: 'hash', trimmed: true })).toEqual(['border']);
    expect(await portraitHints('10% border', 20, { stage: 'hash', trimmed: true })).toEqual(['border']);
  }, SLOW);

  it('tells a border of one colour from a gradient around the same box', () => {
    const grid = (f: (x: number, y: number) => number) => detailQuery(Uint8Array.from({ length: 256 }, (_, i) => f(i % 16, Math.floor(i / 16))));
    const box = [0, 0.3, 1, 0.6] as const;
    const work = (x: number, y: number) => 100 + 40 * Math.sin(x * 0.9 + y * 0.4);
    const inBox = (y: number) => y >= 5 && y < 14;
    expect(surroundOneColour(grid((x, y) => (inBox(y) ? work(x, y) : 228)), box, 16)).toBe(true);
    expect(surroundOneColour(grid((x, y) => (inBox(y) ? work(x, y) : 220 + x * 0.7 + y)), box, 16)).toBe(false);
  });
});

describe('a replaced quarter of a portrait (hints.ts: the colours judged away from the rectangle the match left out)', () => {
  // bench:robustness, all 54 works: the patch's cells that kept about the portrait's luminance carried its colours
  // into the chroma comparison (saturation 0.78) and the gain fit (0.87): "colours changed" as well.
  corpus('names portraits 3 and 5 "partly redrawn" alone', async () => {
    expect(await portraitHints('replaced 25% area', 3, { stage: 'partial', rect: [4, 5, 8, 10] }, 54, true)).toEqual(['redrawn']);
    expect(await portraitHints('replaced 25% area', 5, { stage: 'redraw', rect: [1, 6, 9, 9], unplaced: true }, 54, true)).toEqual(['redrawn']);
  }, SLOW);
});

describe('a red badge on a backdrop of its luminance (hints/chroma-marks.ts)', () => {
  // bench:robustness, all 54 works: portrait 9's badge in the bottom right corner moved no luminance cell; "same image".
  corpus('names the logo on portrait 9 (a radial gradient backdrop) "mark added"', async () => {
    expect(await portraitHints('logo mark in a corner', 9, { stage: 'hash' }, 54, true)).toEqual(['marked']);
  }, SLOW);
});
