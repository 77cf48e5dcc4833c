/**
 * An exact early rejection for the redraw search (detail-redraw.ts `redrawScores`): a bound on the best correlation
 * any rectangle it tries can leave, worked out over a few tile-aligned regions before its ~700 rectangles are searched.
 *
 * For the query's differences x and the work's y over the pairs S a rectangle leaves (each direction's mean removed
 * over S), with E_S the query's energy over S: corr_S >= t > 0 needs min over (b, c_0, c_1) of sum_S (x - b y - c_d)^2
 * = (1 - corr_S^2) E_S <= (1 - t^2) E_S <= (1 - t^2) E, E being the query's energy over every pair (the means over S
 * minimise the sum over S). The sum over S is at least the sum over any U inside S, minimised there: (1 - corr_U^2)
 * E_U, the same moments over U. U here is the pairs of the TILE x TILE tiles (by a pair's first cell) outside the
 * rectangle grown by one cell up and left (every pair with a cell in the rectangle has its first cell there); a larger
 * cut-out only lowers that residual, so the tile covers no other cover contains are the only ones to check. When
 * every one leaves more than (1 - t^2) E, no rectangle reaches t, and neither redraw score can pass. Pure.
 */
import { COMPARE_SIDE, sampleFrame, WHOLE_FRAME } from './luma-thumb.js';
import { REDRAW_MAX_CELLS } from './detail-redraw.js';

const N = COMPARE_SIDE;
const TILE = 2;
const T = N / TILE;
const P = T + 1;
/** Margin on the threshold: the bound is computed in another order of operations than the score. */
const SLACK = 1e-3;
/** Narrowest side of a rectangle the search leaves out (detail-redraw.ts). */
const MIN_SIDE = 3;

/**
 * The tile rectangles [i0, i1) x [j0, j1) covering the search's rectangles grown by one cell up and left, only those
 * no other one contains (leaving out more can only lower the residual bound: see `redrawBelow`).
 */
const COVERS: Int32Array = (() => {
  const all = new Map<string, number[]>();
  for (let w = MIN_SIDE; w <= N; w++) {
    const h = Math.min(N, Math.floor(REDRAW_MAX_CELLS / w));
    if (h < MIN_SIDE) break;
    for (let r0 = 0; r0 + h <= N; r0++) {
      for (let c0 = 0; c0 + w <= N; c0++) {
        const c = [(Math.max(0, r0 - 1) / TILE) | 0, (((r0 + h - 1) / TILE) | 0) + 1, (Math.max(0, c0 - 1) / TILE) | 0, (((c0 + w - 1) / TILE) | 0) + 1];
        all.set(c.join(), c);
      }
    }
  }
  const list = [...all.values()];
  const inside = (a: number[], b: number[]) => a !== b && b[0]! <= a[0]! && a[1]! <= b[1]! && b[2]! <= a[2]! && a[3]! <= b[3]!;
  return Int32Array.from(list.filter((a) => !list.some((b) => inside(a, b))).flat());
})();

/** Summed-area tables over the tiles, per direction: n, sx, sy, sxx, syy, sxy (P x P x 12). */
const area = new Float64Array(P * P * 12);
const frameBuf = new Float32Array(N * N);
const cut = new Float64Array(12);

/**
 * Whether no rectangle of the redraw search (`redrawScores`, any share kept) can leave a correlation of `min` or
 * more between the query's 16x16 luminance and the work's thumbnail (whole frame).
 */
export function redrawBelow(queryLuma: Float32Array, thumb: Uint8Array, min: number): boolean {
  const t = min - SLACK;
  if (t <= 0) return false;
  const y = sampleFrame(thumb, WHOLE_FRAME, undefined, frameBuf);
  area.fill(0);
  // Tile by tile, each tile's sums in locals (written once), its pairs in the order a row-major loop adds them.
  for (let d = 0; d < 2; d++) {
    const dx = 1 - d;
    const dy = d;
    for (let ti = 0; ti < T; ti++) {
      for (let tj = 0; tj < T; tj++) {
        let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (let r = ti * TILE; r < (ti + 1) * TILE && r + dy < N; r++) {
          for (let c = tj * TILE; c < (tj + 1) * TILE && c + dx < N; c++) {
            const p = r * N + c;
            const q = (r + dy) * N + c + dx;
            const a = queryLuma[q]! - queryLuma[p]!;
            const b = y[q]! - y[p]!;
            n++;
            sa += a;
            sb += b;
            saa += a * a;
            sbb += b * b;
            sab += a * b;
          }
        }
        const at = ((ti + 1) * P + tj + 1) * 12 + d * 6;
        area[at] = n;
        area[at + 1] = sa;
        area[at + 2] = sb;
        area[at + 3] = saa;
        area[at + 4] = sbb;
        area[at + 5] = sab;
      }
    }
  }
  for (let i = 1; i < P; i++) {
    for (let j = 1; j < P; j++) {
      const o = (i * P + j) * 12;
      const up = ((i - 1) * P + j) * 12;
      const left = (i * P + j - 1) * 12;
      const diag = ((i - 1) * P + j - 1) * 12;
      for (let k = 0; k < 12; k++) area[o + k]! += area[up + k]! + area[left + k]! - area[diag + k]!;
    }
  }
  const all = (T * P + T) * 12;
  // E: the query's energy over every pair, each direction's mean removed.
  let energy = 0;
  for (let d = 0; d < 12; d += 6) energy += area[all + d + 3]! - (area[all + d + 1]! * area[all + d + 1]!) / area[all + d]!;
  if (!(energy > 0)) return false;
  const limit = (1 - t * t) * energy;
  for (let c = 0; c < COVERS.length; c += 4) {
    const [i0, i1, j0, j1] = [COVERS[c]!, COVERS[c + 1]!, COVERS[c + 2]!, COVERS[c + 3]!];
    const a = (i1 * P + j1) * 12;
    const b = (i0 * P + j1) * 12;
    const e = (i1 * P + j0) * 12;
    const f = (i0 * P + j0) * 12;
    for (let k = 0; k < 12; k++) cut[k] = area[all + k]! - (area[a + k]! - area[b + k]! - area[e + k]! + area[f + k]!);
    // Over the pairs of the tiles left: the query's energy, the covariance and the work's energy, means removed.
    let vx = 0;
    let cov = 0;
    let vy = 0;
    for (let d = 0; d < 12; d += 6) {
      const n = cut[d]!;
      if (n < 1) continue;
      vx += cut[d + 3]! - (cut[d + 1]! * cut[d + 1]!) / n;
      vy += cut[d + 4]! - (cut[d + 2]! * cut[d + 2]!) / n;
      cov += cut[d + 5]! - (cut[d + 1]! * cut[d + 2]!) / n;
    }
    // The least residual of the query's differences on the work's there, one slope: vx - cov^2 / vy.
    const residual = vy > 1e-9 ? vx - (cov * cov) / vy : vx;
    if (residual <= limit) return false;
  }
  return true;
}
