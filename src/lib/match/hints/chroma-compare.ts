/**
 * The colour half of the aligned comparison (aligned.ts compares luminance only): the query's 8x8 chroma grid
 * against the work's, sampled through the same framing (mirror and crop undone), away from the cells that differ in
 * luminance and their neighbours (a redrawn patch has colours of its own). Saturation is the ratio of the two grids' chroma magnitudes,
 * hue the mean angle between them. Pure.
 */
import { CHROMA_SIDE } from '../detail/chroma-thumb.js';
import { COMPARE_SIDE } from '../detail/luma-thumb.js';
import type { Framing } from '../detail/detail-verify.js';

const C = CHROMA_SIDE;
const N = COMPARE_SIDE;
/** Below this RMS chroma (levels of Cb/Cr, 0-128) the work is too grey for a saturation or hue change to show. */
export const CHROMA_MIN = 4;
/**
 * ... and below this, too grey for the hue (JPEG turned a 5-level chroma by 23 degrees), and the saturation ratio
 * must pass SATURATION_WEAK: JPEG q50 left a 5-level chroma at 0.79, x0.5 and x1.5 read 0.49-0.54 and 1.55-1.6.
 */
export const HUE_CHROMA_MIN = 6;
export const SATURATION_WEAK = 1.35;
/** A saturation ratio beyond this (either way) is a colour change. */
export const SATURATION_MAX = 1.2;
/**
 * ... or beyond this for a work with at least FIRM_CHROMA of RMS chroma and nothing redrawn: there the ratio is
 * precise, and colours near the gamut's edge grow less than the saturation asked (x1.5 measured 1.07-1.12).
 */
export const SATURATION_FIRM = 1.065;
export const FIRM_CHROMA = 15;
/** A mean hue turn beyond this (degrees) is a colour change. */
export const HUE_MAX = 15;
/** Fewer compared cells (of 64) than this say nothing: the few a large redraw leaves can carry a tint of their own. */
export const MIN_CHROMA_CELLS = 16;

export interface ChromaShift {
  /** RMS chroma of the query over the RMS chroma of the work. */
  saturation: number;
  /** Mean hue turn, degrees. */
  hue: number;
  /** RMS chroma of the work where compared. */
  workChroma: number;
}

/** Bilinear sample of one channel of a chroma grid at (x, y) in shares of the work. */
function sample(g: Int16Array, x: number, y: number, ch: number): number {
  const fx = Math.max(0, Math.min(C - 1, x * C - 0.5));
  const fy = Math.max(0, Math.min(C - 1, y * C - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(C - 1, x0 + 1);
  const y1 = Math.min(C - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const at = (xx: number, yy: number) => g[2 * (yy * C + xx) + ch]!;
  return (at(x0, y0) * (1 - tx) + at(x1, y0) * tx) * (1 - ty) + (at(x0, y1) * (1 - tx) + at(x1, y1) * tx) * ty;
}

/** The query's chroma against the work's through `framing`, leaving out cells over `changed` (16x16); null if too few are left. */
export function chromaShift(q: Int16Array, work: Int16Array, framing: Framing, changed: Uint8Array): ChromaShift | null {
  const [fx, fy, fw, fh] = framing.frame;
  const h = framing.flip === 'h' || framing.flip === 'hv';
  const v = framing.flip === 'v' || framing.flip === 'hv';
  const k = N / C;
  let qq = 0, ww = 0, dot = 0, cross = 0, n = 0;
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < C; j++) {
      // The cells over a change and next to it: a redrawn patch can keep the luminance of some cells it recolours.
      let skip = false;
      for (let a = -1; a <= k && !skip; a++) {
        for (let b = -1; b <= k; b++) {
          const y = i * k + a;
          const x = j * k + b;
          if (y >= 0 && y < N && x >= 0 && x < N && changed[y * N + x]) skip = true;
        }
      }
      if (skip) continue;
      const u = (j + 0.5) / C;
      const t = (i + 0.5) / C;
      const x = fx + (h ? 1 - u : u) * fw;
      const y = fy + (v ? 1 - t : t) * fh;
      const wb = sample(work, x, y, 0);
      const wr = sample(work, x, y, 1);
      const qb = q[2 * (i * C + j)]!;
      const qr = q[2 * (i * C + j) + 1]!;
      qq += qb * qb + qr * qr;
      ww += wb * wb + wr * wr;
      dot += qb * wb + qr * wr;
      cross += wb * qr - wr * qb;
      n++;
    }
  }
  if (n < MIN_CHROMA_CELLS) return null;
  return { saturation: Math.sqrt(qq / Math.max(1e-9, ww)), hue: (Math.atan2(cross, dot) * 180) / Math.PI, workChroma: Math.sqrt(ww / n) };
}

/** Whether the shift says saturation or hue changed (a grey work says nothing); `redrawn`: a region differs in luminance. */
export function chromaChanged(s: ChromaShift | null, redrawn = false): boolean {
  if (!s || s.workChroma < CHROMA_MIN) return false;
  const max = s.workChroma < HUE_CHROMA_MIN ? SATURATION_WEAK : !redrawn && s.workChroma >= FIRM_CHROMA ? SATURATION_FIRM : SATURATION_MAX;
  return s.saturation > max || s.saturation < 1 / max || (s.workChroma >= HUE_CHROMA_MIN && Math.abs(s.hue) > HUE_MAX);
}

/** The work's Cb and Cr at each cell of the 16x16 compare grid through `framing` (mirror and crop undone). */
export function chromaCells(work: Int16Array, framing: Framing): [Float32Array, Float32Array] {
  const [fx, fy, fw, fh] = framing.frame;
  const h = framing.flip === 'h' || framing.flip === 'hv';
  const v = framing.flip === 'v' || framing.flip === 'hv';
  const cb = new Float32Array(N * N);
  const cr = new Float32Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const u = (j + 0.5) / N;
      const t = (i + 0.5) / N;
      const x = fx + (h ? 1 - u : u) * fw;
      const y = fy + (v ? 1 - t : t) * fh;
      cb[i * N + j] = sample(work, x, y, 0);
      cr[i * N + j] = sample(work, x, y, 1);
    }
  }
  return [cb, cr];
}
