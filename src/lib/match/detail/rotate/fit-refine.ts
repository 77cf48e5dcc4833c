/**
 * A closer look at the cropped-to-fit framings (issue 22): a copy turned and cropped to fit, whose rotated framing
 * (detail-rotate.ts) came near but not up to the bar, is scored again against a finer model of the same framing.
 * Each query cell is the mean of 4x4 bilinear samples of the stored thumbnail over the cell's turned footprint (the
 * query's own box reduction, where the rotated framings take one sample of the 2x2 means), and the crop may be a
 * little tighter than the largest rectangle (`FIT_ZOOMS`: a crop to fit rounded down by a pixel or two each side
 * of a small image is 1-4% tighter). Only the page image's own aspect, only the fit framings. Pure.
 */
import { COMPARE_SIDE, DETAIL_SIDE } from '../luma-thumb.js';
import { maskedCorrelation } from '../masked-score.js';
import { rotatedGrids } from './detail-rotate.js';
import { croppedFit } from './turned-frame.js';

/** A rotated verdict: the best framing's score and angle, and the best score turned the other way. */
interface Turn {
  score: number;
  angle: number;
  opposite: number;
}

/** Shares of the largest rectangle the crop may keep, each way. */
export const FIT_ZOOMS = [0.96, 0.97, 0.98, 0.99, 1] as const;
/**
 * A fit framing scoring this or more (detail-rotate.ts `rotatedScore`) is scored again finely: the copies it lifts
 * score 0.78 there, unrelated pages rarely come this near (docs/benchmarks.md).
 */
export const FIT_REFINE_FROM = 0.7;
/** Samples per query cell, each way. */
const SUB = 4;

/** Where each of a query cell's SUB x SUB samples falls in the thumbnail: top-left index and weights. */
interface FitModel {
  at: Int32Array;
  wx: Float32Array;
  wy: Float32Array;
}

function fitModel(aspect: number, angle: number, zoom: number): FitModel {
  const n = COMPARE_SIDE;
  const m = DETAIL_SIDE;
  const { c, s, W, H } = croppedFit(aspect, angle);
  const count = n * n * SUB * SUB;
  const f: FitModel = { at: new Int32Array(count), wx: new Float32Array(count), wy: new Float32Array(count) };
  let k = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < SUB; b++) {
        for (let a = 0; a < SUB; a++, k++) {
          const u = ((i + (a + 0.5) / SUB) / n - 0.5) * W * zoom;
          const v = ((j + (b + 0.5) / SUB) / n - 0.5) * H * zoom;
          // In the thumbnail's cells, whose centres are at half-integers; clamped to its edge.
          const x = Math.min(m - 1.001, Math.max(0, ((c * u + s * v) / aspect + 0.5) * m - 0.5));
          const y = Math.min(m - 1.001, Math.max(0, (-s * u + c * v + 0.5) * m - 0.5));
          f.at[k] = Math.floor(y) * m + Math.floor(x);
          f.wx[k] = x - Math.floor(x);
          f.wy[k] = y - Math.floor(y);
        }
      }
    }
  }
  return f;
}

/** The models of a page aspect (by its rounded logarithm, as rotatedGrids keys it): per fit angle, one per zoom. */
const models = new Map<number, Map<number, FitModel[]>>();
const ALL = new Uint8Array(COMPARE_SIDE * COMPARE_SIDE).fill(1);
const sampled = new Float32Array(COMPARE_SIDE * COMPARE_SIDE);

function modelsOf(pageAspect: number, angle: number): FitModel[] {
  const key = Math.round(Math.log(pageAspect) * 50);
  let byAngle = models.get(key);
  if (!byAngle) {
    if (models.size >= 16) models.clear();
    models.set(key, (byAngle = new Map()));
  }
  let out = byAngle.get(angle);
  if (!out) byAngle.set(angle, (out = FIT_ZOOMS.map((z) => fitModel(Math.exp(key / 50), angle, z))));
  return out;
}

/** The best score of the fine fit framings at `angle` (degrees) of a page of aspect `pageAspect`. */
export function refinedFitScore(queryLuma: Float32Array, thumb: Uint8Array, pageAspect: number, angle: number): number {
  const m = DETAIL_SIDE;
  const per = SUB * SUB;
  let best = -1;
  for (const f of modelsOf(pageAspect, angle)) {
    for (let cell = 0, k = 0; cell < sampled.length; cell++) {
      let sum = 0;
      for (const end = k + per; k < end; k++) {
        const o = f.at[k]!;
        const wx = f.wx[k]!;
        const top = thumb[o]! + (thumb[o + 1]! - thumb[o]!) * wx;
        const bottom = thumb[o + m]! + (thumb[o + m + 1]! - thumb[o + m]!) * wx;
        sum += top + (bottom - top) * f.wy[k]!;
      }
      sampled[cell] = sum / per;
    }
    best = Math.max(best, maskedCorrelation(queryLuma, sampled, ALL, COMPARE_SIDE));
  }
  return best;
}

/**
 * A rotated verdict with the fine fit framings counted, when `fit`, the best fit framing of the page's aspect
 * (detail-rotate.ts `verifyRotated`), scores `from` or more: then every fit angle is scored finely, both ways, so
 * that the best framing turned the other way (`opposite`) is measured as finely as the best.
 */
export function withRefinedFit(queryLuma: Float32Array, thumb: Uint8Array, pageAspect: number, v: Turn, fit: number, from = FIT_REFINE_FROM): Turn {
  if (fit < from) return v;
  const fine = rotatedGrids(pageAspect)
    .filter((g) => g.framing === 'fit')
    .map((g) => ({ angle: g.angle, score: refinedFitScore(queryLuma, thumb, pageAspect, g.angle) }));
  const top = fine.reduce((a, b) => (b.score > a.score ? b : a));
  if (top.score <= v.score) {
    const other = fine.filter((f) => Math.sign(f.angle) !== Math.sign(v.angle));
    return { ...v, opposite: Math.max(v.opposite, ...other.map((f) => f.score)) };
  }
  // The coarse best is now on the other side when it turned the other way.
  const coarseOther = Math.sign(v.angle) === Math.sign(top.angle) ? v.opposite : v.score;
  const other = fine.filter((f) => Math.sign(f.angle) !== Math.sign(top.angle));
  return { score: top.score, angle: top.angle, opposite: Math.max(coarseOther, ...other.map((f) => f.score)) };
}
