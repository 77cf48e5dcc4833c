/**
 * The fine fit framing of src/lib/match/detail/rotate/fit-refine.ts for a thumbnail of any side `M` (the stored one
 * is 32; bench/fit-refine-finer.ts measures 48 and 64 made from the source): each of the 16x16 query cells the mean
 * of S x S bilinear samples over its turned footprint in a work of aspect `aspect` turned by `angle` degrees and
 * cropped to fit, the crop kept at `zoom` of the largest rectangle, shifted by (`sx`, `sy`) query cells.
 */
import { maskedCorrelation } from '../../src/lib/match/detail/masked-score.js';

const N = 16;
const ALL = new Uint8Array(N * N).fill(1);

export function fitModel(thumb: ArrayLike<number>, M: number, aspect: number, angle: number, zoom: number, sx = 0, sy = 0, S = 4): Float32Array {
  const t = (angle * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const k = Math.min(aspect / (aspect * Math.abs(c) + Math.abs(s)), 1 / (aspect * Math.abs(s) + Math.abs(c))) * zoom;
  const [W, H] = [aspect * k, k];
  const at = (x: number, y: number) => {
    const fx = Math.min(M - 1.001, Math.max(0, x * M - 0.5));
    const fy = Math.min(M - 1.001, Math.max(0, y * M - 0.5));
    const [ix, iy] = [Math.floor(fx), Math.floor(fy)];
    const [wx, wy, o] = [fx - ix, fy - iy, iy * M + ix];
    return (thumb[o]! * (1 - wx) + thumb[o + 1]! * wx) * (1 - wy) + (thumb[o + M]! * (1 - wx) + thumb[o + M + 1]! * wx) * wy;
  };
  const out = new Float32Array(N * N);
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < N; i++) {
      let sum = 0;
      for (let b = 0; b < S; b++) {
        for (let a = 0; a < S; a++) {
          const u = ((i + sx + (a + 0.5) / S) / N - 0.5) * W;
          const v = ((j + sy + (b + 0.5) / S) / N - 0.5) * H;
          sum += at((c * u + s * v) / aspect + 0.5, -s * u + c * v + 0.5);
        }
      }
      out[j * N + i] = sum / (S * S);
    }
  }
  return out;
}

/** The fine fit framing's score for a query's 16x16 luminance. */
export function fitModelScore(luma: Float32Array, thumb: ArrayLike<number>, M: number, aspect: number, angle: number, zoom: number): number {
  return maskedCorrelation(luma, fitModel(thumb, M, aspect, angle, zoom), ALL, N);
}
