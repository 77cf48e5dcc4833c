/**
 * The aligned comparison the change hints are decided from: the work's thumbnail framed as the query shows it
 * (mirror and crop undone, detail-verify.ts FRAMINGS), its luminance fitted to the query's by one gain and offset
 * (a brightness or contrast change), and what still differs, cell by cell of the 16x16 grid. Pure.
 */
import type { DetailQuery, Framing } from '../detail/detail-verify.js';
import { COMPARE_SIDE, DETAIL_SIDE, type Frame } from '../detail/luma-thumb.js';
import type { Flip } from '../hash/flip.js';
import { shiftAt, untone, upperMedian } from './tone.js';

const N = COMPARE_SIDE;
/** A cell differs when its residual luminance (0-255) is over this, and over CELL_SIGMAS times the typical residual. */
export const CELL_MIN = 16;
export const CELL_SIGMAS = 4;
/** ... and over this share of the largest luminance step next to it in the work (a slightly misaligned edge). */
export const EDGE_SHARE = 0.4;
/** Gain or brightness shift (0-255 levels, at the mean) beyond which the colours changed. */
export const GAIN_MAX = 0.08;
export const SHIFT_MAX = 8;

export interface Aligned {
  framing: Framing;
  score: number;
  gain: number;
  /** Mean luminance of the query minus the work's (aligned). */
  shift: number;
  /** 1 for each grid cell that differs beyond the fit. */
  changed: Uint8Array;
  /** Signed residual luminance of each cell after the final fit (query minus fitted work). */
  residual: Float32Array;
  /** Largest luminance step from each cell of the framed work to a neighbour (times the gain). */
  edge: Float32Array;
}

/** Least-squares gain and offset of q ~ gain * s + offset over the cells where `use` is 1. */
export function fit(q: Float32Array, s: Float32Array, use: Uint8Array): { gain: number; offset: number } {
  let n = 0, sq = 0, ss = 0, sqs = 0, sss = 0;
  for (let i = 0; i < q.length; i++) {
    if (!use[i]) continue;
    n++;
    sq += q[i]!;
    ss += s[i]!;
    sqs += q[i]! * s[i]!;
    sss += s[i]! * s[i]!;
  }
  const v = n ? sss - (ss * ss) / n : 0;
  const gain = v > 1e-6 ? (sqs - (sq * ss) / n) / v : 1;
  return { gain, offset: n ? (sq - gain * ss) / n : 0 };
}

/** Largest luminance step from each cell of `s` to a neighbour. */
function edges(s: Float32Array): Float32Array {
  const e = new Float32Array(N * N);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const v = s[y * N + x]!;
      let m = 0;
      if (x > 0) m = Math.max(m, Math.abs(v - s[y * N + x - 1]!));
      if (x + 1 < N) m = Math.max(m, Math.abs(v - s[y * N + x + 1]!));
      if (y > 0) m = Math.max(m, Math.abs(v - s[(y - 1) * N + x]!));
      if (y + 1 < N) m = Math.max(m, Math.abs(v - s[(y + 1) * N + x]!));
      e[y * N + x] = m;
    }
  }
  return e;
}

export function nearChanged(changed: Uint8Array, i: number): boolean {
  const y = Math.floor(i / N);
  const x = i % N;
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (changed[(y + dy) * N + x + dx] && y + dy >= 0 && y + dy < N && x + dx >= 0 && x + dx < N) return true;
  return false;
}

/**
 * Per compare cell along one axis, the share of each thumbnail pixel in the cell's footprint [start, start + size),
 * and the pixels [lo, hi) outside which it is 0: sums over those alone are the same sums (adding 0 changes none).
 */
function areaWeights(start: number, size: number): { w: Float64Array; lo: Int32Array; hi: Int32Array } {
  const m = DETAIL_SIDE;
  const [w, lo, hi] = [new Float64Array(N * m), new Int32Array(N), new Int32Array(N)];
  for (let i = 0; i < N; i++) {
    const a = Math.max(0, Math.min(m, (start + (i / N) * size) * m));
    const b = Math.max(0, Math.min(m, (start + ((i + 1) / N) * size) * m));
    const point = b - a < 1e-9; // a footprint narrower than a pixel: the pixel it is in
    [lo[i], hi[i]] = point ? [Math.min(m - 1, Math.floor(a)), Math.min(m, Math.floor(a) + 1)] : [Math.floor(a), Math.ceil(b)];
    for (let p = lo[i]!; p < hi[i]!; p++) w[i * m + p] = point ? 1 : (Math.min(b, p + 1) - Math.max(a, p)) / (b - a);
  }
  return { w, lo, hi };
}

/**
 * The work's thumbnail averaged over each compare cell's footprint in `frame` (mirrored by `flip`), as the query's
 * cells average the page image: on a crop framing a cell spans 1-2 thumbnail pixels, and the bilinear sample at its
 * centre (luma-thumb.ts sampleFrame) is sharper than the query's average, which left edge residuals that read as
 * marks and redrawn patches on cropped portraits. The same as sampleFrame on the whole frame (2x2 pixels a cell).
 */
export function sampleArea(thumb: Uint8Array, frame: Frame, flip?: Flip): Float32Array {
  const m = DETAIL_SIDE;
  const [fx, fy, fw, fh] = frame;
  const { w: wx, lo, hi } = areaWeights(fx, fw);
  const { w: wy, lo: top, hi: bottom } = areaWeights(fy, fh);
  const rows = new Float64Array(N * m);
  for (let j = 0; j < N; j++) {
    for (let p = top[j]!; p < bottom[j]!; p++) {
      const w = wy[j * m + p]!;
      for (let x = 0; x < m; x++) rows[j * m + x] = rows[j * m + x]! + w * thumb[p * m + x]!;
    }
  }
  const h = flip === 'h' || flip === 'hv';
  const v = flip === 'v' || flip === 'hv';
  const out = new Float32Array(N * N);
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < N; i++) {
      let sum = 0;
      for (let x = lo[i]!; x < hi[i]!; x++) sum += wx[i * m + x]! * rows[j * m + x]!;
      out[(v ? N - 1 - j : j) * N + (h ? N - 1 - i : i)] = sum;
    }
  }
  return out;
}

/** Pixels [first, last] of the thumbnail the compare cell `i` of a frame starting at `start`, `size` long, overlaps. */
function pixelSpan(start: number, size: number, i: number): [number, number] {
  const a = Math.max(0, Math.min(DETAIL_SIDE - 1, Math.floor((start + (i / N) * size) * DETAIL_SIDE)));
  return [a, Math.max(a, Math.min(DETAIL_SIDE - 1, Math.ceil((start + ((i + 1) / N) * size) * DETAIL_SIDE) - 1))];
}

/**
 * The luminance range of the thumbnail pixels each compare cell's footprint in `frame` overlaps (mirrored as in
 * sampleArea): a line thinner than a pixel is smeared over it, and a crop framing's cell (1-2 pixels, off their
 * boundaries) cannot tell which side of it the line was. The steps between cells do not show that; the range does.
 */
function footprintRanges(thumb: Uint8Array, frame: Frame, flip?: Flip): Float32Array {
  const [fx, fy, fw, fh] = frame;
  const h = flip === 'h' || flip === 'hv';
  const v = flip === 'v' || flip === 'hv';
  const out = new Float32Array(N * N);
  for (let j = 0; j < N; j++) {
    const [y0, y1] = pixelSpan(fy, fh, j);
    for (let i = 0; i < N; i++) {
      const [x0, x1] = pixelSpan(fx, fw, i);
      let lo = 255;
      let hi = 0;
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          lo = Math.min(lo, thumb[y * DETAIL_SIDE + x]!);
          hi = Math.max(hi, thumb[y * DETAIL_SIDE + x]!);
        }
      }
      out[(v ? N - 1 - j : j) * N + (h ? N - 1 - i : i)] = hi - lo;
    }
  }
  return out;
}

/** The query compared with the work's thumbnail through `framing`: colour fit and changed cells. */
export function compareAligned(q: DetailQuery, thumb: Uint8Array, framing: Framing, score: number): Aligned {
  const s = sampleArea(thumb, framing.frame, framing.flip);
  const use = new Uint8Array(N * N).fill(1);
  // Start from no colour change (gain 1, the median shift): a least-squares fit over every cell would bend to a
  // redrawn patch (a quarter of the image redrawn fitted at gain 0.47) and hide it. Then refit on the cells that agree.
  // (Doubles keep the differences exact.)
  const diffs = new Float64Array(N * N);
  for (let i = 0; i < diffs.length; i++) diffs[i] = q.luma[i]! - s[i]!;
  let f = { gain: 1, offset: upperMedian(diffs) };
  const res = new Float32Array(N * N);
  const sorted = new Float32Array(N * N);
  let limit = 0;
  for (let round = 0; round <= 3; round++) {
    for (let i = 0; i < res.length; i++) res[i] = Math.abs(q.luma[i]! - (f.gain * s[i]! + f.offset));
    sorted.set(res);
    limit = Math.max(CELL_MIN, CELL_SIGMAS * (1.4826 * upperMedian(sorted)));
    if (round === 3) break;
    for (let i = 0; i < res.length; i++) use[i] = res[i]! <= limit ? 1 : 0;
    f = fit(q.luma, s, use);
  }
  const e = edges(s);
  // Through a crop framing the thumbnail resolves the query's cells less well (a cell spans 1-2 of its pixels), and
  // an edge sharp in the query is soft in the work: the step allowed grows with the zoom and is taken from either
  // side's edges (a sharp figure on a plain backdrop read as marks and redrawn patches on cropped portraits).
  const [, , fw, fh] = framing.frame;
  const zoom = 1 / Math.min(fw, fh);
  const eq = zoom > 1 ? edges(q.luma) : null;
  // ... and the contrast inside a cell's footprint counts as an edge too (footprintRanges): a 5% crop of a framed
  // picture's thin dark outline differed by 17-27 levels in three cells along it and read as "partly redrawn".
  const span = zoom > 1 ? footprintRanges(thumb, framing.frame, framing.flip) : null;
  const changed = new Uint8Array(N * N);
  for (let i = 0; i < res.length; i++) {
    const edge = eq ? Math.max(f.gain * e[i]!, eq[i]!, f.gain * span![i]!) : f.gain * e[i]!;
    changed[i] = res[i]! > limit && res[i]! > EDGE_SHARE * zoom * edge ? 1 : 0;
  }
  // A brightness or contrast change clips highlights and backdrops: what one tone curve explains is not redrawn.
  if (Math.abs(f.gain - 1) > GAIN_MAX / 2 || Math.abs((f.gain - 1) * 128 + f.offset) > SHIFT_MAX / 2) untone(q.luma, s, changed, f.gain, limit);
  // The colours are judged away from what differs (and the cell around it), refitted there.
  for (let i = 0; i < use.length; i++) use[i] = nearChanged(changed, i) ? 0 : 1;
  if (use.some((v) => v)) f = fit(q.luma, s, use);
  let mean = 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (!use[i]) continue;
    mean += s[i]!;
    n++;
  }
  mean = n ? mean / n : 128;
  const residual = new Float32Array(N * N);
  for (let i = 0; i < residual.length; i++) {
    residual[i] = q.luma[i]! - (f.gain * s[i]! + f.offset);
    e[i] = f.gain * e[i]!;
  }
  // On a crop framing the thumbnail resolves less than the query's cells (a cell spans 1-2 of its pixels), which
  // flattens fine detail and reads as more contrast in the query: the colours are judged on blocks both resolve.
  const c = zoom > 1 ? blockFit(q.luma, s, use, COLOUR_BLOCK) : f;
  const cm = zoom > 1 ? blockMean(s, use, COLOUR_BLOCK) : mean;
  return { framing, score, gain: c.gain, shift: shiftAt(c, cm), changed, residual, edge: e };
}

/** Cells a side of the blocks the colours of a crop framing are fitted over. */
export const COLOUR_BLOCK = 4;

/** Block means of `v` over k x k cells, for the blocks whose cells are all in `use` (the others are left out). */
function blocks(v: Float32Array, use: Uint8Array, k: number): { means: Float32Array; keep: Uint8Array } {
  const B = N / k;
  const means = new Float32Array(B * B);
  const keep = new Uint8Array(B * B).fill(1);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const b = Math.floor(y / k) * B + Math.floor(x / k);
      means[b] = means[b]! + v[y * N + x]! / (k * k);
      if (!use[y * N + x]) keep[b] = 0;
    }
  }
  return { means, keep };
}

function blockFit(q: Float32Array, s: Float32Array, use: Uint8Array, k: number): { gain: number; offset: number } {
  const a = blocks(q, use, k);
  const b = blocks(s, use, k);
  return fit(a.means, b.means, a.keep);
}

function blockMean(s: Float32Array, use: Uint8Array, k: number): number {
  const b = blocks(s, use, k);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < b.means.length; i++) {
    if (!b.keep[i]) continue;
    sum += b.means[i]!;
    n++;
  }
  return n ? sum / n : 128;
}

/** Whether the fit says brightness, contrast or colour changed. */
export function coloursChanged(a: Pick<Aligned, 'gain' | 'shift'>): boolean {
  return Math.abs(a.gain - 1) > GAIN_MAX || Math.abs(a.shift) > SHIFT_MAX;
}
