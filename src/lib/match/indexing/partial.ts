/**
 * Partly redrawn copies ("local redraw" / inpainting of part of the image). blockhash thresholds each cell of its
 * 16x16 grid against the median of its band of 4 rows, so the cells an edit does not touch mostly keep their bits
 * while the whole-image distance goes far past MATCH_THRESHOLD. The comparison here finds the rectangle of at most
 * PARTIAL_MAX_CELLS cells (about a third of the grid: a quarter of the image never aligns with the grid) holding
 * the most differing bits, and accepts when, outside it, at most PARTIAL_MAX_OUTSIDE bits differ AND the stored
 * hash has at least PARTIAL_MIN_OUTSIDE_DETAIL neighbouring cells with different bits there: agreeing on a plain
 * background or on one silhouette (a disc on black) is no evidence, so such hashes never match this way. Pure.
 *
 * Candidates come from the index (`FingerprintIndex.wordCandidates`): an edit of up to a third of the height
 * leaves at least one band of 4 rows, hence 2 words, unchanged or nearly so.
 * Figures in docs/benchmarks.md (robustness, "replaced rectangle"): the thresholds are set so that no distractor
 * of the benchmark matches, which leaves recall on a 25% redraw far under the 90% target.
 */
/** Largest edited rectangle, in grid cells (of 256). */
export const PARTIAL_MAX_CELLS = 81;
/** Differing bits allowed outside the edited rectangle. */
export const PARTIAL_MAX_OUTSIDE = 16;
/** Neighbouring-cell changes of the stored hash required outside the edited rectangle. */
export const PARTIAL_MIN_OUTSIDE_DETAIL = 60;
/** Word flips for the candidate lookup (`wordCandidates`). */
export const PARTIAL_WORD_FLIPS = 2;

const SIDE = 16;
const P = SIDE + 1;

/** Bit of cell (r, c) of a hash given as 8 words (at `offset` in a packed array); column 0 is the high bit. */
function cell(words: Uint32Array, offset: number, r: number, c: number): number {
  const w = words[offset + (r >> 1)]!;
  return ((r & 1 ? w & 0xffff : w >>> 16) >>> (15 - c)) & 1;
}

export interface PartialComparison {
  /** The rectangle holding the most differing bits: row, column, height, width in cells. */
  rect: [number, number, number, number];
  /** Differing bits outside it. */
  outside: number;
  /** Neighbouring cells of the stored hash, both outside the rectangle, whose bits differ. */
  outsideDetail: number;
}

/** Compares a query with a stored hash (at `offset`) as a possibly partly edited copy. */
export function comparePartial(query: Uint32Array, stored: Uint32Array, offset = 0): PartialComparison {
  // Prefix sums of the differing cells, so that every rectangle is summed in O(1).
  const sums = new Int32Array(P * P);
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const d = cell(query, 0, r, c) ^ cell(stored, offset, r, c);
      sums[(r + 1) * P + c + 1] = d + sums[r * P + c + 1]! + sums[(r + 1) * P + c]! - sums[r * P + c]!;
    }
  }
  let most = -1;
  let rect: [number, number, number, number] = [0, 0, 0, 0];
  // Only the largest rectangle of each width can hold the most differing bits.
  for (let w = 1; w <= SIDE; w++) {
    const h = Math.min(SIDE, Math.floor(PARTIAL_MAX_CELLS / w));
    for (let r = 0; r + h <= SIDE; r++) {
      for (let c = 0; c + w <= SIDE; c++) {
        const s = sums[(r + h) * P + c + w]! - sums[r * P + c + w]! - sums[(r + h) * P + c]! + sums[r * P + c]!;
        if (s > most) {
          most = s;
          rect = [r, c, h, w];
        }
      }
    }
  }
  const [r0, c0, h, w] = rect;
  const inside = (r: number, c: number) => r >= r0 && r < r0 + h && c >= c0 && c < c0 + w;
  let outsideDetail = 0;
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      if (inside(r, c)) continue;
      const v = cell(stored, offset, r, c);
      if (c + 1 < SIDE && !inside(r, c + 1) && v !== cell(stored, offset, r, c + 1)) outsideDetail++;
      if (r + 1 < SIDE && !inside(r + 1, c) && v !== cell(stored, offset, r + 1, c)) outsideDetail++;
    }
  }
  return { rect, outside: sums[SIDE * P + SIDE]! - most, outsideDetail };
}

/** Whether a stored hash (at `offset`) and a query agree closely and in detail outside one edited rectangle. */
export function partlyMatches(query: Uint32Array, stored: Uint32Array, offset = 0): boolean {
  return agreesOutside(comparePartial(query, stored, offset));
}

/** Whether a comparison (`comparePartial`) agrees closely and in detail outside its edited rectangle. */
export function agreesOutside({ outside, outsideDetail }: PartialComparison): boolean {
  return outside <= PARTIAL_MAX_OUTSIDE && outsideDetail >= PARTIAL_MIN_OUTSIDE_DETAIL;
}
