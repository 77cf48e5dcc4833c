/**
 * Detail verification of rotated copies (issue 22 item 4): the work's thumbnail sampled through a small rotation
 * (±2 to ±5 degrees) at three scales, for the three ways a rotated copy is framed: the canvas holds the whole
 * rotated work (corners filled white, black, transparent or with a blurred copy), the canvas keeps the work's size
 * (corners cut off and filled), or the copy is cropped to the largest rectangle with no fill. Only the query cells
 * that land inside the work are compared (a masked gradient correlation), so whatever fills the corners weighs
 * nothing. The thumbnail is sampled through its 2x2 means (`rotationSource`): a query cell averages about two
 * thumbnail cells each way, and a point sample of the thumbnail itself blurs by how far the turned grid falls from
 * the cells' centres, which varies across the image. Pure.
 */
import { COMPARE_SIDE, DETAIL_SIDE } from '../luma-thumb.js';
import { maskedCorrelation } from '../masked-score.js';
import { croppedFit, wholeFrame } from './turned-frame.js';

/** Angles tried, in degrees. */
export const ANGLES = [-5, -2, 2, 5] as const;
/**
 * Work aspects (width / height) tried: both images are squashed to squares, so a turn is not a turn there unless the
 * aspect is known. Portrait, square, 4:3 and 16:10 (most of the benchmark corpus is 1.3-1.8).
 */
const ASPECTS = [0.8, 1, 1.33, 1.7] as const;
/**
 * Gradient correlation (inside the work) at or above which a candidate is a rotated copy. Sampled through the 2x2
 * means, two fine textures whose 16x16 luminance is mostly their shading (corpus wood stripes against truchet
 * tiles) reach 0.90: docs/benchmarks.md.
 */
export const ROTATED_MIN = 0.92;
/**
 * The same for a hash match whose plain framings the detail refused (matcher.ts): the hash hit is evidence, but a
 * figure on blue 18 bits from a work scored 0.73 rotated through the 2x2 means (0.71 before them) against
 * HASH_DETAIL_MIN 0.72, which it used.
 */
export const ROTATED_HASH_MIN = 0.85;
/** At least this share of the query's cells must land inside the work. */
export const MIN_INSIDE = 0.6;

export interface RotatedGrid {
  angle: number;
  framing: 'whole' | 'same' | 'fit';
  /**
   * Per compare cell: the index in `rotationSource` of its top-left source (-1 when outside the work) and its two
   * weights.
   */
  at: Int32Array;
  wx: Float32Array;
  wy: Float32Array;
  inside: Uint8Array;
}

/**
 * The grid of one framing: the page image spans the work's rotated bounding box (`whole`), the work's own size, or
 * the largest rectangle inside the rotated work (`fit`), for a work of `aspect` (width / height).
 */
function rotatedGrid(angle: number, aspect: number, framing: 'whole' | 'same' | 'fit'): RotatedGrid {
  const n = COMPARE_SIDE;
  const m = DETAIL_SIDE;
  // The page image's sides in units of the work's height (turned-frame.ts); at its own size, the work's.
  const t = (angle * Math.PI) / 180;
  const { c, s, W, H } = framing === 'whole' ? wholeFrame(aspect, angle) : framing === 'fit' ? croppedFit(aspect, angle) : { c: Math.cos(t), s: Math.sin(t), W: aspect, H: 1 };
  const g: RotatedGrid = { angle, framing, at: new Int32Array(n * n), wx: new Float32Array(n * n), wy: new Float32Array(n * n), inside: new Uint8Array(n * n) };
  // A cell whose centre is within half a cell of the work's edge mixes the fill in: left out too.
  const margin = 0.5 / n;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const u = ((i + 0.5) / n - 0.5) * W;
      const v = ((j + 0.5) / n - 0.5) * H;
      const x = (c * u + s * v) / aspect + 0.5;
      const y = -s * u + c * v + 0.5;
      const k = j * n + i;
      if (x < margin || y < margin || x > 1 - margin || y > 1 - margin) {
        g.at[k] = -1;
        continue;
      }
      // In rotationSource's cells, whose centres lie between the thumbnail's.
      const sx = Math.min(m - 2.001, Math.max(0, x * m - 1));
      const sy = Math.min(m - 2.001, Math.max(0, y * m - 1));
      g.at[k] = Math.floor(sy) * m + Math.floor(sx);
      g.wx[k] = sx - Math.floor(sx);
      g.wy[k] = sy - Math.floor(sy);
      g.inside[k] = 1;
    }
  }
  return g;
}

/** Every rotated framing: each angle and aspect, with the whole rotated work in view, at its own size, and cropped to fit. */
const GRIDS: readonly RotatedGrid[] = ANGLES.flatMap((a) => ASPECTS.flatMap((r) => (['whole', 'same', 'fit'] as const).map((f) => rotatedGrid(a, r, f))));

/** The framings of a page image of known aspect, by its rounded logarithm (a few per page, so few are kept). */
const byAspect = new Map<number, RotatedGrid[]>();

/**
 * The rotated framings of a page image whose aspect (width / height) is known: the work's aspect follows from it
 * (the same at its own size or cropped to fit; the rotated bounding box's for the whole work in view), so 12
 * framings instead of the 48 of every assumed aspect. Without it (a bare query), all of GRIDS.
 */
export function rotatedGrids(pageAspect?: number): readonly RotatedGrid[] {
  if (!pageAspect || !Number.isFinite(pageAspect) || pageAspect <= 0) return GRIDS;
  const key = Math.round(Math.log(pageAspect) * 50);
  let grids = byAspect.get(key);
  if (grids) return grids;
  const A = Math.exp(key / 50);
  grids = ANGLES.flatMap((angle) => {
    const t = (Math.abs(angle) * Math.PI) / 180;
    const [c, s] = [Math.cos(t), Math.sin(t)];
    // The whole work turned: A = (a cos + sin) / (a sin + cos) for a work of aspect a.
    const whole = (A * c - s) / (c - A * s);
    return [...(whole > 0 && c > A * s ? [rotatedGrid(angle, whole, 'whole')] : []), rotatedGrid(angle, A, 'same'), rotatedGrid(angle, A, 'fit')];
  });
  if (byAspect.size >= 16) byAspect.clear();
  byAspect.set(key, grids);
  return grids;
}

const sampled = new Float32Array(COMPARE_SIDE * COMPARE_SIDE);
const sources = new WeakMap<Uint8Array, Float32Array>();

/**
 * What the rotated framings sample: the mean of each 2x2 block of the thumbnail (DETAIL_SIDE wide, its last row and
 * column unused). Bilinear sampling of these means is the mean of four samples half a cell around the point, a box
 * about a query cell wide at any angle. Worked out once per thumbnail (the bound and the scores share it).
 */
export function rotationSource(thumb: Uint8Array): Float32Array {
  let out = sources.get(thumb);
  if (out) return out;
  const m = DETAIL_SIDE;
  out = new Float32Array(m * m);
  for (let y = 0; y + 1 < m; y++) {
    for (let x = 0; x + 1 < m; x++) {
      const o = y * m + x;
      out[o] = (thumb[o]! + thumb[o + 1]! + thumb[o + m]! + thumb[o + m + 1]!) / 4;
    }
  }
  sources.set(thumb, out);
  return out;
}

/** One rotated framing's score (masked correlation), or null when too little of the query lands inside the work. */
export function rotatedScore(queryLuma: Float32Array, thumb: Uint8Array, g: RotatedGrid): number | null {
  const m = DETAIL_SIDE;
  const src = rotationSource(thumb);
  let inside = 0;
  for (let k = 0; k < g.at.length; k++) {
    const o = g.at[k]!;
    if (o < 0) continue;
    inside++;
    const wx = g.wx[k]!;
    const wy = g.wy[k]!;
    const a = src[o]! * (1 - wx) + src[o + 1]! * wx;
    const b = src[o + m]! * (1 - wx) + src[o + m + 1]! * wx;
    sampled[k] = a * (1 - wy) + b * wy;
  }
  return inside < MIN_INSIDE * g.at.length ? null : maskedCorrelation(queryLuma, sampled, g.inside, COMPARE_SIDE);
}

/** Every rotated framing's score (null where too little of the query lands inside the work), in `grids`' order. */
export function rotatedScores(queryLuma: Float32Array, thumb: Uint8Array, grids: readonly RotatedGrid[]): (number | null)[] {
  return grids.map((g) => rotatedScore(queryLuma, thumb, g));
}

/**
 * Best rotated framing of a work's thumbnail for a query's 16x16 luminance: its score and angle (degrees), the
 * best score of the framings turned the other way (`opposite`, -1 when none was scored) and of the cropped-to-fit
 * framings (`fit`, for fit-refine.ts). `pageAspect`: the page image's width / height, when known (Query.size).
 */
export function verifyRotated(queryLuma: Float32Array, thumb: Uint8Array, pageAspect?: number): { score: number; angle: number; opposite: number; fit: number } {
  const grids = rotatedGrids(pageAspect);
  const scores = rotatedScores(queryLuma, thumb, grids);
  let best = { score: -1, angle: 0, opposite: -1, fit: -1 };
  scores.forEach((score, i) => {
    if (score !== null && score > best.score) best = { ...best, score, angle: grids[i]!.angle };
  });
  scores.forEach((score, i) => {
    if (score === null) return;
    if (Math.sign(grids[i]!.angle) !== Math.sign(best.angle)) best.opposite = Math.max(best.opposite, score);
    if (grids[i]!.framing === 'fit') best.fit = Math.max(best.fit, score);
  });
  return best;
}

/**
 * A turn one way only: below ROTATED_MIN, a rotated framing still decides at ONE_WAY_MIN when the best framing turned
 * the other way scores at least ONE_WAY_GAP less. A copy fits the way it was turned (fine textures, whose turned
 * 16x16 the 32x32 thumbnail predicts only to 0.88-0.92, fit the other way at 0.28-0.78); the two images that come
 * nearest without being copies (stripes, a figure on black against a retina photo) owe it to shading that fits both
 * ways alike (docs/benchmarks.md).
 */
export const ONE_WAY_MIN = 0.88;
export const ONE_WAY_GAP = 0.1;

/**
 * The lowest best score `rotatedPasses` accepts at `min`: a screen that proves every framing below it may skip the
 * scores (detail-stage.ts rotatedMayMatch).
 */
export function rotatedFloor(min: number): number {
  return Math.min(min, ONE_WAY_MIN);
}

/** Whether a rotated verdict (`verifyRotated`) decides at `min`, or as a turn one way only. */
export function rotatedPasses(v: { score: number; opposite: number }, min: number): boolean {
  return v.score >= min || (v.score >= ONE_WAY_MIN && v.score - v.opposite >= ONE_WAY_GAP);
}
