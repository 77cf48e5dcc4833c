/**
 * The aligned comparison the change hints are decided from: the work's thumbnail framed as the query shows it
 * (mirror and crop undone, detail-verify.ts FRAMINGS), its luminance fitted to the query's by one gain and offset
 * (a brightness or contrast change), and what still differs, cell by cell of the 16x16 grid. Pure.
 */
import { FRAMINGS, framingScores, type DetailQuery, type Framing } from '../detail/detail-verify.js';
import { COMPARE_SIDE, sampleFrame } from '../detail/luma-thumb.js';

const N = COMPARE_SIDE;
/**
 * A framing other than the whole image (or the one the match was found through) is taken only when it scores this
 * much better: an untouched or recompressed copy's whole frame and a 2.5% crop of it score within a few thousandths.
 */
export const FRAMING_MARGIN = 0.01;
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

/** The best framing, preferring `prefer` (how the match was found) and then the whole image within FRAMING_MARGIN. */
export function bestFraming(q: DetailQuery, thumb: Uint8Array, prefer?: Framing): { framing: Framing; score: number } {
  // The scores verification worked out for this pair (detail-verify.ts), not a second pass over the framings.
  const scores = framingScores(q, thumb);
  const scored = FRAMINGS.map((f, i) => ({ framing: f, score: scores[i]! }));
  let best = scored[0]!;
  const same = (a: Framing, b: Framing) => a.flip === b.flip && a.frame.every((v, i) => Math.abs(v - b.frame[i]!) < 1e-6);
  if (prefer) best = scored.find((s) => same(s.framing, prefer)) ?? best;
  for (const s of scored) if (s.score > best.score + FRAMING_MARGIN) best = s;
  return best;
}

/** Least-squares gain and offset of q ~ gain * s + offset over the cells where `use` is 1. */
function fit(q: Float32Array, s: Float32Array, use: Uint8Array): { gain: number; offset: number } {
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

function nearChanged(changed: Uint8Array, i: number): boolean {
  const y = Math.floor(i / N);
  const x = i % N;
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (changed[(y + dy) * N + x + dx] && y + dy >= 0 && y + dy < N && x + dx >= 0 && x + dx < N) return true;
  return false;
}

/** The query compared with the work's thumbnail through `framing`: colour fit and changed cells. */
export function compareAligned(q: DetailQuery, thumb: Uint8Array, framing: Framing, score: number): Aligned {
  const s = sampleFrame(thumb, framing.frame, framing.flip);
  const use = new Uint8Array(N * N).fill(1);
  // Start from no colour change (gain 1, the median shift): a least-squares fit over every cell would bend to a
  // redrawn patch (a quarter of the image redrawn fitted at gain 0.47) and hide it. Then refit on the cells that agree.
  const diffs = Array.from(q.luma, (v, i) => v - s[i]!).sort((x, y) => x - y);
  let f = { gain: 1, offset: diffs[diffs.length >> 1]! };
  const res = new Float32Array(N * N);
  const residuals = () => {
    for (let i = 0; i < res.length; i++) res[i] = Math.abs(q.luma[i]! - (f.gain * s[i]! + f.offset));
  };
  const sigma = () => 1.4826 * [...res].sort((x, y) => x - y)[res.length >> 1]!;
  let limit = 0;
  for (let round = 0; round < 3; round++) {
    residuals();
    limit = Math.max(CELL_MIN, CELL_SIGMAS * sigma());
    for (let i = 0; i < res.length; i++) use[i] = res[i]! <= limit ? 1 : 0;
    f = fit(q.luma, s, use);
  }
  residuals();
  limit = Math.max(CELL_MIN, CELL_SIGMAS * sigma());
  const e = edges(s);
  const changed = new Uint8Array(N * N);
  for (let i = 0; i < res.length; i++) changed[i] = res[i]! > limit && res[i]! > EDGE_SHARE * f.gain * e[i]! ? 1 : 0;
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
  return { framing, score, gain: f.gain, shift: (f.gain - 1) * mean + f.offset, changed, residual, edge: e };
}

/** Whether the fit says brightness, contrast or colour changed. */
export function coloursChanged(a: Pick<Aligned, 'gain' | 'shift'>): boolean {
  return Math.abs(a.gain - 1) > GAIN_MAX || Math.abs(a.shift) > SHIFT_MAX;
}
