/**
 * Changed regions a colour change explains (issue 22 item 1). A brightness or saturation change does not move
 * every cell's luminance alike: a saturated cell's luminance moves with its chroma (saturation x1.5 darkened a red
 * band by 21 levels and left the grey around it), and a brightness change lifts some colours more than others of the
 * same luminance. Such cells differ from the one fit over the image and read as a redrawn patch or a mark. When
 * the colours were found changed, each region is first explained by the colour change: the page image over the
 * region and a cell around it, fitted as the work's luminance times a gain plus an offset plus a share of the work's
 * own chroma (Cb, Cr). A redrawn patch has content of its own, which no such fit over the region and its agreeing
 * surround follows. Pure.
 */
import { COMPARE_SIDE } from '../detail/luma-thumb.js';
import { fit, nearChanged, type Aligned } from './aligned.js';
import { shiftAt } from './tone.js';
import type { GridRect } from './via.js';

const N = COMPARE_SIDE;
/** RMS residual (levels, 0-255) within which the colour fit explains a region's changed cells. */
export const COLOUR_FIT_MAX = 6;
/** The local gain must stay within this factor of 1 (a tone change keeps the work's light and dark apart). */
export const COLOUR_GAIN_RANGE = 2;
const RIDGE = 1e-4;

/**
 * Least squares of y on the columns of x (rows of k values), by normal equations with a slight ridge: a region of
 * one hue on grey has Cb and Cr in proportion, and either column then explains as well. Null when singular.
 */
function leastSquares(x: number[][], y: number[]): number[] | null {
  const k = x[0]!.length;
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (let r = 0; r < x.length; r++) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) a[i]![j]! += x[r]![i]! * x[r]![j]!;
      a[i]![k]! += x[r]![i]! * y[r]!;
    }
  }
  for (let i = 0; i < k; i++) a[i]![i]! *= 1 + RIDGE;
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    if (Math.abs(a[p]![c]!) < 1e-6) return null;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let j = c; j <= k; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  return a.map((row, i) => row[k]! / row[i]!);
}

/**
 * Whether the colour change explains region `rect` of `changed`: `q` the page image's cells, `s` the work's
 * (aligned), `chroma` the work's Cb and Cr at each cell (chroma-compare.ts chromaCells) when the list records it.
 */
export function colourExplains(rect: GridRect, changed: Uint8Array, q: ArrayLike<number>, s: ArrayLike<number>, chroma: readonly [Float32Array, Float32Array] | null): boolean {
  const [r, c, h, w] = rect;
  const rows: number[][] = [];
  const ys: number[] = [];
  const inRegion: boolean[] = [];
  for (let y = Math.max(0, r - 1); y < Math.min(N, r + h + 1); y++) {
    for (let x = Math.max(0, c - 1); x < Math.min(N, c + w + 1); x++) {
      const i = y * N + x;
      rows.push(chroma ? [s[i]!, 1, chroma[0][i]!, chroma[1][i]!] : [s[i]!, 1]);
      ys.push(q[i]!);
      inRegion.push(!!changed[i] && y >= r && y < r + h && x >= c && x < c + w);
    }
  }
  const k = rows[0]!.length;
  // Three cells a parameter at least, or any region could be fitted.
  if (rows.length < 3 * k) return false;
  const p = leastSquares(rows, ys);
  if (!p || !(p[0]! > 1 / COLOUR_GAIN_RANGE && p[0]! < COLOUR_GAIN_RANGE)) return false;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    if (!inRegion[i]) continue;
    const e = ys[i]! - rows[i]!.reduce((acc, v, j) => acc + v * p[j]!, 0);
    sum += e * e;
    n++;
  }
  return n > 0 && Math.sqrt(sum / n) <= COLOUR_FIT_MAX;
}

/** Levels (0-128) a cell's chroma magnitude must move by for its luminance move to be put down to it. */
export const CHROMA_MOVE_MIN = 4;

/**
 * Whether a saturation change explains region `rect` of `changed` where the fit above does not: Y'CbCr's luma of a
 * saturated colour is below that of a grey of the same lightness (the luma is not constant-luminance), so a colour
 * given more chroma at its lightness reads darker and one given less reads lighter, by more than any share of the
 * 8x8 chroma grid says when a small saturated feature sits in a cell (x1.5 darkened a red one by 25-46 levels where
 * the grid's chroma grew 17-24). Explained when every changed cell's chroma magnitude moved the way the whole
 * image's did (`ratio`: the query's RMS chroma over the work's), by CHROMA_MOVE_MIN at least, and its luminance
 * (`residual`: after the colour fit) moved against it. `work`, `query`: Cb and Cr at each cell. A redrawn patch has
 * colours of its own, which need not follow the image's saturation change cell by cell.
 */
export function saturationExplains(rect: GridRect, changed: Uint8Array, residual: ArrayLike<number>, work: readonly [Float32Array, Float32Array], query: readonly [Float32Array, Float32Array], ratio: number): boolean {
  const [r, c, h, w] = rect;
  const way = Math.sign(ratio - 1);
  let n = 0;
  for (let y = r; y < r + h; y++) {
    for (let x = c; x < c + w; x++) {
      const i = y * N + x;
      if (!changed[i]) continue;
      const move = Math.hypot(query[0][i]!, query[1][i]!) - Math.hypot(work[0][i]!, work[1][i]!);
      if (Math.sign(move) !== way || Math.abs(move) < CHROMA_MOVE_MIN || residual[i]! * move >= 0) return false;
      n++;
    }
  }
  return way !== 0 && n > 0;
}

/**
 * The colour fit of the whole frame (compareAligned's last step) again, away from `away` and the cells next to it
 * (`s`: the work's cells): the gain and the mean shift. `away` holds more than the changed cells: the rectangle a
 * partial or redraw match left out, whose cells that kept about the work's luminance still carry the patch's own
 * colours and levels (hints.ts).
 */
export function colourFitAway(q: Float32Array, s: Float32Array, away: Uint8Array): Pick<Aligned, 'gain' | 'shift'> | null {
  const use = new Uint8Array(q.length);
  for (let i = 0; i < use.length; i++) use[i] = nearChanged(away, i) ? 0 : 1;
  if (!use.some((v) => v)) return null;
  const f = fit(q, s, use);
  let mean = 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (!use[i]) continue;
    mean += s[i]!;
    n++;
  }
  return { gain: f.gain, shift: shiftAt(f, mean / n) };
}
