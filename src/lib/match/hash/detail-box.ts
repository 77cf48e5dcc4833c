/**
 * The box holding an image's detail: walk in from each side while the lines there carry little detail (a plain,
 * gradient or blurred backdrop, a smeared or blurred extension). A work placed inside a larger canvas whose rest was
 * filled or generated smoothly (outpainting, "generative expand", blur fill) keeps the same detail box as the work
 * itself, so the page image and the registered work meet at the fingerprint of that box (work-fingerprints.ts,
 * query.ts). Each side is measured by second differences along its own direction (columns horizontally, rows
 * vertically), so a linear gradient and an edge smeared outwards, constant along the smear, count as empty. Pure.
 */
/** Side of the luminance grid measured over the 256x256 reduced copy (luminance.ts). */
export const BOX_GRID = 128;
/** Side of the whole image's luminance grid sent with the box (Query.wide), where detail/extend/extend-search.ts looks. */
export const WIDE_SIDE = 32;
/** A line is empty under this share of the 90th percentile of its direction's line energies... */
const SHARE = 0.2;
/** ...or under this mean absolute difference (0-255): JPEG noise on a flat backdrop. */
const NOISE = 0.6;
/** The box keeps at least this share of each side; a trim under MIN_TRIM of a side is none. */
const MIN_SIDE = 0.3;
const MIN_TRIM = 0.03;

/** Box [x0, y0, x1, y1) in cells of an n x n luminance grid, or null when no side has an empty margin. */
export function detailBoxOf(luma: ArrayLike<number>, n: number): [number, number, number, number] | null {
  // Second differences: a plain area, a linear gradient and an edge smeared outwards all have none.
  const cols = new Float64Array(n - 1);
  const rows = new Float64Array(n - 1);
  for (let y = 0; y < n; y++) {
    for (let x = 1; x + 1 < n; x++) cols[x]! += Math.abs(luma[y * n + x + 1]! - 2 * luma[y * n + x]! + luma[y * n + x - 1]!) / n;
  }
  for (let y = 1; y + 1 < n; y++) {
    for (let x = 0; x < n; x++) rows[y]! += Math.abs(luma[(y + 1) * n + x]! - 2 * luma[y * n + x]! + luma[(y - 1) * n + x]!) / n;
  }
  cols[0] = cols[1]!;
  rows[0] = rows[1]!;
  const [x0, x1] = span(cols, n);
  const [y0, y1] = span(rows, n);
  const min = Math.ceil(MIN_TRIM * n);
  if (x0 < min && n - x1 < min && y0 < min && n - y1 < min) return null;
  return [x0, y0, x1, y1];
}

/** First and last+1 cell between the empty margins of one direction (`e[i]`: energy between cells i and i+1). */
function span(e: Float64Array, n: number): [number, number] {
  const sorted = Float64Array.from(e).sort();
  const t = Math.max(NOISE, SHARE * sorted[Math.floor(0.9 * (sorted.length - 1))]!);
  const most = Math.floor((1 - MIN_SIDE) * n);
  let a = 0;
  while (a < e.length && e[a]! < t) a++;
  let b = e.length - 1;
  while (b > a && e[b]! < t) b--;
  // A step from a margin into the detail shows in the second differences on both of its sides: at a - 1... a + 1.
  let from = a > 0 ? a + 1 : 0;
  let to = b < e.length - 1 ? b : n;
  if (to - from < n - most) [from, to] = [0, n];
  return [Math.min(from, n), Math.min(to, n)];
}
