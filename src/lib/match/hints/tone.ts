/**
 * A global tone curve between the aligned work and page image cells (aligned.ts): brightness, contrast and gamma
 * changes are rarely one gain and offset. A brightened highlight or a light plain backdrop clips at 255 and a
 * darkened shadow at 0, and a cell that averages clipped and unclipped pixels falls off any straight line: those
 * cells read as redrawn. One monotone curve of the work's luminance explains them; a redrawn patch has content of
 * its own, not a function of the work's luminance, and stays unexplained. Pure.
 */
const LEVELS = 256;
/** Width (luminance levels) of the bins the curve has one knot in: few knots, so the curve cannot bend to a patch. */
export const TONE_BIN = 32;
/** A bin needs this many cells for a knot. */
const BIN_MIN = 4;

/**
 * The value a numeric sort would put at index length >> 1 (the upper median), found in place by selection (Hoare's
 * partition): `v` is left reordered. Equal to `v.sort()[v.length >> 1]` (tests/unit/upper-median.test.ts).
 */
export function upperMedian(v: Float32Array | Float64Array): number {
  const k = v.length >> 1;
  let lo = 0;
  let hi = v.length - 1;
  while (lo < hi) {
    const pivot = v[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i]! < pivot) i++;
      while (v[j]! > pivot) j--;
      if (i > j) break;
      const t = v[i]!;
      v[i++] = v[j]!;
      v[j--] = t;
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k]!;
  }
  return v[k]!;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A monotone curve: knots (work level, page level), and the slope beyond the end knots. */
export interface ToneCurve {
  xs: number[];
  ys: number[];
  slope: number;
}

/**
 * The curve through the median page level of each bin of work levels (`s`, `q`: one value per cell), made
 * non-decreasing by pooling adjacent violators (weighted by cells), then straight between knots; beyond the end
 * knots it continues at `slope` (the straight fit's gain), clamped to 0-255.
 */
export function toneCurve(s: Float32Array, q: Float32Array, slope: number): ToneCurve | null {
  const bins: { x: number[]; y: number[] }[] = Array.from({ length: LEVELS / TONE_BIN }, () => ({ x: [], y: [] }));
  for (let i = 0; i < s.length; i++) {
    const b = bins[Math.max(0, Math.min(bins.length - 1, Math.floor(s[i]! / TONE_BIN)))]!;
    b.x.push(s[i]!);
    b.y.push(q[i]!);
  }
  // Pool adjacent violators: blocks of [x, y, weight].
  const blocks: { x: number; y: number; w: number }[] = [];
  for (const b of bins) {
    if (b.x.length < BIN_MIN) continue;
    blocks.push({ x: median(b.x), y: median(b.y), w: b.x.length });
    while (blocks.length > 1 && blocks[blocks.length - 2]!.y > blocks[blocks.length - 1]!.y) {
      const top = blocks.pop()!;
      const prev = blocks.pop()!;
      const w = prev.w + top.w;
      blocks.push({ x: (prev.x * prev.w + top.x * top.w) / w, y: (prev.y * prev.w + top.y * top.w) / w, w });
    }
  }
  if (!blocks.length) return null;
  return { xs: blocks.map((b) => b.x), ys: blocks.map((b) => b.y), slope: Math.max(0, slope) };
}

/** The curve's page level for work level `x`. */
export function toneAt(c: ToneCurve, x: number): number {
  const { xs, ys } = c;
  const n = xs.length;
  let y: number;
  if (x <= xs[0]!) y = ys[0]! + c.slope * (x - xs[0]!);
  else if (x >= xs[n - 1]!) y = ys[n - 1]! + c.slope * (x - xs[n - 1]!);
  else {
    let k = 1;
    while (xs[k]! < x) k++;
    const t = (x - xs[k - 1]!) / Math.max(1e-9, xs[k]! - xs[k - 1]!);
    y = ys[k - 1]! + t * (ys[k]! - ys[k - 1]!);
  }
  return Math.max(0, Math.min(LEVELS - 1, y));
}

/**
 * Unmarks the `changed` cells that the tone curve fitted on the cells that agree explains to within `limit` levels
 * (aligned.ts's cell test). Only unmarks, and the curve never sees the changed cells: a redrawn patch is not a
 * function of the work's luminance, and it cannot bend the curve towards itself.
 */
export function untone(q: Float32Array, s: Float32Array, changed: Uint8Array, gain: number, limit: number): void {
  if (!changed.some((v) => v)) return;
  const keep = (v: Float32Array) => v.filter((_, i) => !changed[i]);
  const curve = toneCurve(keep(s), keep(q), gain);
  if (!curve) return;
  for (let i = 0; i < changed.length; i++) if (changed[i] && Math.abs(q[i]! - toneAt(curve, s[i]!)) <= limit / 2) changed[i] = 0;
}

/**
 * A brightness change judged against the work's own level, as saturation is against its chroma: +20% moved a
 * near-black backdrop by 4-6 levels, under the fixed shift limit (aligned.ts SHIFT_MAX) but 10-11% of its level,
 * where untouched, resized and recompressed copies stayed within 2.5% (bench:robustness, docs/matching.md).
 */
export const RELATIVE_SHIFT_MAX = 0.06;
/** The level the relative shift is taken against at least (a black work's few levels say nothing). */
export const LEVEL_FLOOR = 32;

/** Whether the mean shift (levels) is large for the work's mean level over the cells that agree (`s`: the work's cells). */
export function levelShifted(shift: number, s: ArrayLike<number>, changed: Uint8Array): boolean {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < changed.length; i++) {
    if (changed[i]) continue;
    sum += s[i]!;
    n++;
  }
  return n > 0 && Math.abs(shift) > RELATIVE_SHIFT_MAX * Math.max(LEVEL_FLOOR, sum / n);
}

/** The mid-tones: work levels a lightening moves whether or not the work's black and white clip (0-255). */
export const MID_TONES: readonly [number, number] = [24, 232];
/** Of the mid-tone cells (at least MID_CELLS), the share lifted beyond the share lowered (by a level either way). */
export const LIFT_SHARE = 0.3;
export const MID_CELLS = 16;
/** Their mean lift (levels). */
export const LIFT_MIN = 1.5;
/** The cells beyond the mid-tones must hold at least this share of the compared ones and move by at most STILL on average. */
export const EXTREMES_SHARE = 0.5;
export const STILL = 0.5;

/**
 * A lightening of a work mostly black and white whose black stays black and whose white clips (black lines on
 * white, white on black): only the cells that mix them move, by a few levels (+20% brightness lifted w0071's, w0094's
 * and w0116's by 1.6-2.7 on average, 33-81% more of them up than down), while the black and white cells that pin
 * the fit stay, so the gain and shift are within their limits and the copy read "same image". A blur lifts the mixed
 * cells next to white too, but darkens the white around them; re-encodes and resamples of such works lowered their
 * mixed cells (JPEG q30: by 3 levels), so only a lift is read. `q`, `s`: the page image's and the work's cells;
 * `changed`: cells left out.
 */
export function midTonesLifted(q: ArrayLike<number>, s: ArrayLike<number>, changed: Uint8Array): boolean {
  let n = 0, up = 0, down = 0, lift = 0, extremes = 0, moved = 0;
  for (let i = 0; i < changed.length; i++) {
    if (changed[i]) continue;
    const d = q[i]! - s[i]!;
    if (s[i]! < MID_TONES[0] || s[i]! >= MID_TONES[1]) {
      extremes++;
      moved += d;
      continue;
    }
    n++;
    lift += d;
    if (d > 1) up++;
    else if (d < -1) down++;
  }
  return n >= MID_CELLS && extremes >= EXTREMES_SHARE * (n + extremes) && Math.abs(moved / extremes) <= STILL && (up - down) / n >= LIFT_SHARE && lift / n >= LIFT_MIN;
}

/** A gain and offset fit's brightness shift at the work's mean level `mean` (Aligned.shift: what SHIFT_MAX bounds). */
export const shiftAt = (f: { gain: number; offset: number }, mean: number): number => (f.gain - 1) * mean + f.offset;
