/**
 * Faint marks: an overlay the changed-cell test of aligned.ts cannot see (a cell differs there only beyond 16
 * levels). A line of semi-transparent text (a watermark, a caption) on a light or busy image moves a whole row of
 * 16x16 cells by a few levels while the rows around it agree; a small badge in a corner moves a few corner cells
 * by 8-15. Both are told from what an exact copy leaves: rounding and recompression (about half a level, estimated
 * from the image's flat cells) and, near edges, a share of the edge's step (resampling). Looked for only when the
 * comparison is exact (hints.ts decides: the whole frame, no crop, border, colour change or redraw, a page image
 * at least as large as the 256x256 reduction; from half that, long strong lines only) or inside the rectangle a
 * partial match left out when no cell of the comparison differs, and horizontal lines only (text). Pure.
 */
import { changedRegions } from './regions.js';
import { COMPARE_SIDE } from '../detail/luma-thumb.js';
import type { Aligned } from './aligned.js';
import type { GridRect } from './via.js';
import { upperMedian } from './tone.js';

const N = COMPARE_SIDE;
/** Floor of the residual noise (levels): the thumbnails are rounded to whole levels. */
export const NOISE_MIN = 0.5;
/** Share of a cell's largest neighbouring step that resampling alone can leave in it. */
export const EDGE_NOISE = 0.03;
/** A cell's significance (residual over its noise) is capped here, so one strong cell cannot carry a line. */
const Z_CAP = 4;
/** A line: at least this many cells long... */
export const LINE_CELLS = 6;
/** ...with a mean significance of at least this, the cells at both ends and this share of the rest at least LINE_CELL_Z... */
export const LINE_Z = 1;
export const LINE_CELL_Z = 0.8;
export const LINE_FILL = 0.5;
/** ...a mean residual of at least this many levels... */
export const LINE_LEVELS = 1.5;
/** ...the rows just outside it (a line of text covers one or two rows) at most this share of its significance... */
export const LINE_ISOLATION = 0.4;
/** ...and this many times the significance of any other row over the same columns. */
export const LINE_STANDOUT = 2;
/** A faint corner patch: cells differing by at least this many levels and this significance... */
export const PATCH_LEVELS = 8;
export const PATCH_Z = 4;

/** Each cell's residual over what an exact copy could leave there, capped at Z_CAP (changed cells at the cap). */
export function significance(a: Pick<Aligned, 'residual' | 'edge' | 'changed'>): Float32Array {
  // The medians by selection: the values sorting gave (tone.ts upperMedian).
  const flatEdge = upperMedian(Float32Array.from(a.edge));
  const flat: number[] = [];
  for (let i = 0; i < a.residual.length; i++) if (a.edge[i]! <= flatEdge) flat.push(Math.abs(a.residual[i]!));
  const noise = Math.max(NOISE_MIN, flat.length ? 1.4826 * upperMedian(Float64Array.from(flat)) : 0);
  const z = new Float32Array(N * N);
  for (let i = 0; i < z.length; i++) z[i] = a.changed[i] ? Z_CAP : Math.min(Z_CAP, Math.abs(a.residual[i]!) / (noise + EDGE_NOISE * a.edge[i]!));
  return z;
}

/** Per-row running sums of the significance, the residual's size and the cells at LINE_CELL_Z: each row's mean over any span in O(1). */
function rowSums(z: Float32Array, residual: Float32Array): { z: Float64Array; res: Float64Array; filled: Int32Array } {
  const M = N + 1;
  const sums = { z: new Float64Array(N * M), res: new Float64Array(N * M), filled: new Int32Array(N * M) };
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const i = y * N + x;
      const k = y * M + x;
      sums.z[k + 1] = sums.z[k]! + z[i]!;
      sums.res[k + 1] = sums.res[k]! + Math.abs(residual[i]!);
      sums.filled[k + 1] = sums.filled[k]! + (z[i]! >= LINE_CELL_Z ? 1 : 0);
    }
  }
  return sums;
}

type Sums = ReturnType<typeof rowSums>;
const M = N + 1;
/** Mean of a row's running sum over columns c0..c1 (0 outside the grid). */
const span = (s: Float64Array | Int32Array, y: number, c0: number, c1: number) => (y < 0 || y >= N ? 0 : (s[y * M + c1 + 1]! - s[y * M + c0]!) / (c1 - c0 + 1));

/** Whether row y, columns c0..c1, is a faint line: strong enough, filled, and standing out from the rows around. */
function isLine(s: Sums, y: number, c0: number, c1: number): boolean {
  const m = span(s.z, y, c0, c1);
  if (m < LINE_Z || span(s.res, y, c0, c1) < LINE_LEVELS || span(s.filled, y, c0, c1) < LINE_FILL) return false;
  const quiet = (yy: number) => span(s.z, yy, c0, c1) <= LINE_ISOLATION * m;
  // One row, or two (the line straddles a row boundary): quiet rows on both sides.
  if (!((quiet(y - 1) && quiet(y + 1)) || (quiet(y - 1) && quiet(y + 2)) || (quiet(y + 1) && quiet(y - 2)))) return false;
  for (let yy = 0; yy < N; yy++) if (Math.abs(yy - y) > 2 && m < LINE_STANDOUT * span(s.z, yy, c0, c1)) return false;
  return true;
}

/** Horizontal faint lines ([row, column, 1, length]), the longest per row. */
export function faintLines(a: Pick<Aligned, 'residual' | 'edge' | 'changed'>, z = significance(a)): GridRect[] {
  const s = rowSums(z, a.residual);
  const out: GridRect[] = [];
  for (let y = 0; y < N; y++) {
    let best: GridRect | null = null;
    for (let c0 = 0; c0 + LINE_CELLS <= N && !best; c0++) {
      if (z[y * N + c0]! < LINE_CELL_Z) continue;
      for (let c1 = N - 1; c1 - c0 + 1 >= LINE_CELLS; c1--) {
        if (z[y * N + c1]! < LINE_CELL_Z || !isLine(s, y, c0, c1)) continue;
        best = [y, c0, 1, c1 - c0 + 1];
        break;
      }
    }
    if (best) out.push(best);
  }
  return out;
}

/**
 * Faint lines within grid rectangle `rect`, merged: the hash of a copy with a line of text laid over it can match
 * outside the rectangle the text is in (a partial match) while no cell of the comparison differs by the cell test.
 */
export function faintLinesIn(a: Pick<Aligned, 'residual' | 'edge' | 'changed'>, [R, C, H, W]: GridRect): GridRect[] {
  return mergeBoxes(faintLines(a).filter(([r, c, h, w]) => r >= R && c >= C && r + h <= R + H && c + w <= C + W));
}

/** A faint line on a page image smaller than the reduction: at least this many cells long, of this mean significance. */
export const SMALL_LINE_CELLS = 10;
export const SMALL_LINE_Z = 2;

/**
 * Whether faint line `l` is long and strong enough to be seen on a page image interpolated up to the reduction:
 * the interpolation leaves rows of 6-9 cells at up to 3.6, and longer ones under 1.8 (docs/matching.md).
 */
export function longLine(a: Pick<Aligned, 'residual' | 'edge' | 'changed'>, [r, c, , w]: GridRect, z = significance(a)): boolean {
  let sum = 0;
  for (let x = c; x < c + w; x++) sum += z[r * N + x]!;
  return w >= SMALL_LINE_CELLS && sum / w >= SMALL_LINE_Z;
}

/** Groups of corner cells that differ by PATCH_LEVELS and PATCH_Z, as boxes ([row, column, height, width]). */
export function faintPatches(a: Pick<Aligned, 'residual' | 'edge' | 'changed'>, z = significance(a)): GridRect[] {
  const strong = new Uint8Array(N * N);
  for (let i = 0; i < strong.length; i++) strong[i] = Math.abs(a.residual[i]!) >= PATCH_LEVELS && z[i]! >= PATCH_Z ? 1 : 0;
  return changedRegions(strong);
}

/** Boxes that overlap merged into one (lines of one caption, a line and the strong cells on it). */
export function mergeBoxes(boxes: readonly GridRect[]): GridRect[] {
  const out: [number, number, number, number][] = boxes.map((b) => [b[0], b[1], b[0] + b[2], b[1] + b[3]]);
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length && !merged; j++) {
        const [a, b] = [out[i]!, out[j]!];
        // Touching or one row apart counts: a line's strong cells sit on it or next to it.
        if (a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]) {
          out[i] = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
          out.splice(j, 1);
          merged = true;
        }
      }
    }
  }
  return out.map(([r0, c0, r1, c1]) => [r0, c0, r1 - r0, c1 - c0]);
}
