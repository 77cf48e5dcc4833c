import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_SIDE, frameScore, lumaThumb, sampleFrame, workDetail } from '../../src/lib/match/detail/luma-thumb.js';
import { cropOf, DETAIL_MIN, DETAIL_MIN_MIRRORED, type DetailQuery, type DetailVerdict, detailQuery, FRAMINGS, framingScores, HASH_DETAIL_MIN, verifyDetail } from '../../src/lib/match/detail/detail-verify.js';
import { bestFraming, FRAMING_MARGIN } from '../../src/lib/match/hints/framing-choice.js';
import { ROTATION_BEHIND, ROTATION_BEHIND_SHARE, ROTATION_LEAD_SLACK, ROTATION_MIN, ROTATION_SKEW, ROTATION_SKEW_STRONG, rotationOf } from '../../src/lib/match/hints/rotation.js';
import { maskedCorrelation } from '../../src/lib/match/detail/masked-score.js';
import { framingBelow, rotatedBelow } from '../../src/lib/match/detail/detail-bound.js';
import { framingReaches, passingDetail, REDRAW_MIN, REDRAW_MIN_THIN, rotatedMayMatch, verifyCandidate } from '../../src/lib/match/detail/detail-stage.js';
import { curvatureOutside, REDRAW_MIN_KEPT, redrawScores, REDRAW_THIN_KEPT } from '../../src/lib/match/detail/detail-redraw.js';
import { rotatedMatch } from '../../src/lib/match/detail/detail-geometry.js';
import { ROTATED_MIN, rotatedGrids, rotatedScore, rotatedScores } from '../../src/lib/match/detail/rotate/detail-rotate.js';
import type { Via } from '../../src/lib/match/hints/via.js';
import { decodeForHash, decodeFull } from '../../src/node/decode.js';
import { CORPUS, corpusPresent } from './helpers/corpus-golden.js';

/** detail-stage.ts `verifyCandidate` without the bound: every framing and every rotated framing scored. */
function unscreened(dq: DetailQuery, inside: DetailQuery | null, thumb: Uint8Array, pageAspect?: number): Via | null {
  const passes = (v: DetailVerdict) => v.score >= (v.flip ? DETAIL_MIN_MIRRORED : DETAIL_MIN);
  const viaOf = (v: DetailVerdict, trimmed: boolean): Via => ({ stage: 'detail', ...(v.flip ? { flip: v.flip } : {}), ...(v.frame[2] < 1 || v.frame[3] < 1 ? { crop: cropOf(v.frame) } : {}), ...(trimmed ? { trimmed } : {}) });
  const v = verifyDetail(dq, thumb);
  if (passes(v)) return viaOf(v, false);
  const t = inside && verifyDetail(inside, thumb);
  if (t && passes(t)) return viaOf(t, true);
  const rotated = rotatedMatch(dq, thumb, ROTATED_MIN, pageAspect);
  if (rotated) return rotated;
  const [kept, thin] = redrawScores(dq.luma, thumb, [REDRAW_MIN_KEPT, REDRAW_THIN_KEPT]);
  if (kept!.score >= REDRAW_MIN) return { stage: 'redraw', rect: kept!.rect };
  if (thin!.score >= REDRAW_MIN_THIN && curvatureOutside(dq.luma, thumb, thin!.rect) >= REDRAW_MIN_THIN) return { stage: 'redraw', rect: thin!.rect };
  return null;
}

/** framing-choice.ts `bestFraming` from every framing's score, none left out. */
function everyFraming(dq: DetailQuery, thumb: Uint8Array, prefer?: (typeof FRAMINGS)[number]) {
  const scores = framingScores(dq, thumb.slice());
  // framing-choice.ts: the preferred framing keeps its place unless another scores above it by the margin; then the
  // best scoring of the others is taken.
  const preferred = prefer ? Math.max(0, FRAMINGS.indexOf(prefer)) : 0;
  let [at, bar] = [preferred, scores[preferred]! + FRAMING_MARGIN];
  for (let i = 0; i < FRAMINGS.length; i++) if (i !== preferred && scores[i]! > bar) [at, bar] = [i, scores[i]!];
  return { framing: FRAMINGS[at]!, score: scores[at]! };
}

/** rotation.ts `rotationOf` with every rotated and plain framing scored. */
function everyRotation(dq: DetailQuery, thumb: Uint8Array, pageAspect?: number) {
  const grids = rotatedGrids(pageAspect);
  const scores = rotatedScores(dq.luma, thumb, grids).map((s) => s ?? -1);
  const at = scores.indexOf(Math.max(...scores));
  const best = scores[at]!;
  if (best < ROTATION_MIN) return null;
  const other = Math.max(-1, ...grids.map((h, i) => (h.angle === -grids[at]!.angle ? scores[i]! : -1)));
  if (best - other < ROTATION_SKEW) return null;
  const plain = framingScores(dq, thumb.slice());
  const f = FRAMINGS[plain.indexOf(Math.max(...plain))]!;
  const plainScore = maskedCorrelation(dq.luma, sampleFrame(thumb, f.frame, f.flip), grids[at]!.inside, COMPARE_SIDE);
  const lead = best - plainScore;
  const behind = Math.min(ROTATION_BEHIND, ROTATION_BEHIND_SHARE * (1 - plainScore));
  return lead >= -ROTATION_LEAD_SLACK || (best - other >= ROTATION_SKEW_STRONG && lead >= -behind) ? { angle: grids[at]!.angle, score: best } : null;
}

const DEMO = new URL('../../demo/images/', import.meta.url).pathname;
const demo = readdirSync(DEMO).filter((f) => /\.(jpe?g|png)$/.test(f)).map((f) => DEMO + f);
const corpus = corpusPresent() ? readdirSync(`${CORPUS}works`).sort().filter((_, i) => i % 9 === 0).map((f) => `${CORPUS}works/${f}`) : [];

/** Page-image copies that match through each stage: resized, rotated, mirrored, cropped, bordered, relit. */
async function copies(path: string): Promise<Buffer[]> {
  const { width = 256, height = 256 } = await sharp(path).metadata();
  return Promise.all([
    sharp(path).resize(Math.round(width * 0.6)).jpeg({ quality: 70 }).toBuffer(),
    sharp(path).rotate(3, { background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer(),
    sharp(path).rotate(-5, { background: '#000000' }).jpeg({ quality: 85 }).toBuffer(),
    sharp(path).flop().jpeg({ quality: 85 }).toBuffer(),
    sharp(path).extract({ left: Math.round(width * 0.15), top: 0, width: Math.round(width * 0.85), height }).jpeg({ quality: 85 }).toBuffer(),
    sharp(path).extend({ top: 40, bottom: 40, left: 40, right: 40, background: '#202020' }).jpeg({ quality: 85 }).toBuffer(),
    sharp(path).modulate({ brightness: 1.3, saturation: 0.5 }).jpeg({ quality: 85 }).toBuffer(),
  ]);
}

interface Page { dq: DetailQuery; aspect: number }
const thumbs: Uint8Array[] = [];
const pages: Page[] = [];

beforeAll(async () => {
  for (const path of [...demo, ...corpus]) {
    thumbs.push(workDetail(await decodeFull(path)));
    for (const b of await copies(path)) {
      const { width = 1, height = 1 } = await sharp(b).metadata();
      pages.push({ dq: detailQuery(lumaThumb(await decodeForHash(b), COMPARE_SIDE)), aspect: width / height });
    }
  }
}, 120_000);

describe('detail-bound (the detail stage rejection before scoring)', () => {
  it('never puts a framing below its own score: no bound under any real or random pair', () => {
    // Scores within the bound's margin of a threshold are where a wrong bound would reject; each score is asked as
    // the threshold itself, plus most of the margin.
    let bounded = 0;
    let framings = 0;
    const check = (dq: DetailQuery, thumb: Uint8Array, pageAspect?: number) => {
      FRAMINGS.forEach((f, i) => {
        const s = frameScore(dq.grads, thumb, f.frame, f.flip);
        expect(framingBelow(dq, i, thumb, s + 9e-4), `framing ${i} at ${s}`).toBe(false);
        framings++;
        if (framingBelow(dq, i, thumb, DETAIL_MIN)) bounded++;
      });
      for (const g of [...rotatedGrids(), ...rotatedGrids(pageAspect)]) {
        const s = rotatedScore(dq.luma, thumb, g);
        if (s !== null) expect(rotatedBelow(dq, g, thumb, s + 9e-4), `rotated ${g.angle} at ${s}`).toBe(false);
      }
    };
    for (const [k, p] of pages.entries()) for (const t of thumbs.filter((_, j) => j % 3 === k % 3)) check(p.dq, t, p.aspect);
    // The bound is not vacuous: most framings of these pairs (most of them strangers) are put below DETAIL_MIN.
    expect(bounded / framings).toBeGreaterThan(0.8);
    fc.assert(fc.property(fc.uint8Array({ minLength: 1024, maxLength: 1024 }), fc.uint8Array({ minLength: 256, maxLength: 256 }), (thumb, luma) => check(detailQuery(luma), thumb)), { numRuns: 30 });
  }, 120_000);

  it('gives every candidate the verdict of the full verification (copies and strangers, with and without the page aspect)', () => {
    let matched = 0;
    for (const [k, p] of pages.entries()) {
      // The bordered copy's query inside its borders: the plain copy's stands in for it.
      const inside = k % 7 === 5 ? pages[k - 5]!.dq : null;
      for (const thumb of thumbs) {
        for (const aspect of [undefined, p.aspect]) {
          // A fresh copy of the thumbnail each: a new pair, so no score worked out before stands in for a bound.
          const got = verifyCandidate(p.dq, inside, thumb.slice(), null, aspect);
          const full = unscreened(p.dq, inside, thumb.slice(), aspect);
          expect(got).toEqual(full);
          if (full) matched++;
        }
      }
    }
    // Every copy's stage had its chance: the matches include rotated, mirrored and cropped ones.
    expect(matched).toBeGreaterThan(pages.length);
  }, 120_000);

  it('leaves the hints and the hash matches the framing, turn and verdict every framing scored gives (bounds and kept proofs)', () => {
    let rotated = 0;
    let turned = 0;
    for (const [k, p] of pages.entries()) {
      for (const thumb of thumbs.filter((_, j) => j % 2 === k % 2)) {
        const full = verifyDetail(p.dq, thumb.slice());
        for (const min of [HASH_DETAIL_MIN, DETAIL_MIN]) expect(framingReaches(p.dq, thumb.slice(), min)).toBe(full.score >= min);
        const prefer = FRAMINGS.find((f) => f.flip === full.flip && f.frame === full.frame);
        // Fresh, and after the verification proved framings below DETAIL_MIN on the same pair.
        const seen = thumb.slice();
        passingDetail(p.dq, seen);
        for (const t of [thumb.slice(), seen]) {
          expect(bestFraming(p.dq, t)).toEqual(everyFraming(p.dq, thumb));
          expect(bestFraming(p.dq, t, prefer)).toEqual(everyFraming(p.dq, thumb, prefer));
        }
        for (const aspect of [undefined, p.aspect]) {
          const r = everyRotation(p.dq, thumb, aspect);
          expect(rotationOf(p.dq, thumb.slice(), aspect)).toEqual(r);
          if (r) turned++;
          const m = rotatedMatch(p.dq, thumb.slice(), ROTATED_MIN, aspect);
          if (m) rotated++;
          if (!rotatedMayMatch(p.dq, thumb.slice(), aspect)) expect(m).toBeNull();
        }
      }
    }
    // Not vacuous: turned copies are named and found rotated among these pairs.
    expect(turned).toBeGreaterThan(0);
    expect(rotated).toBeGreaterThan(0);
  }, 300_000);
});
