/**
 * The matcher's last stage: works the 256-bit hash did not match, but that are candidates, verified with the
 * detail descriptor (detail.ts). Candidates: hash hits at LOOSE_RADIUS (any probe, any stored fingerprint), the
 * partial stage's word candidates, and the works whose detail key (detail-key.ts) is within KEY_MAX of the
 * query's (mirrored or not): the last is what finds smooth images whose hash a colour change moved by 90+ bits.
 * At most MAX_VERIFIED candidates are verified, nearest key first. A candidate matches when its thumbnail over
 * some frame (whole, mirrored, or cropped by up to 22.5% from one side or all sides) correlates with the query's
 * gradients at DETAIL_MIN or more (DETAIL_MIN_MIRRORED through a mirrored framing). Pure.
 */
import { COMPARE_SIDE, detailEnergy, DETAIL_SIDE, frameScore, gradients, keepFrameGrids, type Frame, wholeWidthRows, wholeWidthScore } from './luma-thumb.js';
import { detailKey, grid8 } from './detail-key.js';
import { FLIPS, type Flip } from '../hash/flip.js';
import { fromBase64url } from '../../base64url.js';

export const DETAIL_BYTES = DETAIL_SIDE * DETAIL_SIDE;
/** Gradient correlation at or above which a candidate is a copy. */
export const DETAIL_MIN = 0.85;
/**
 * The same for a mirrored framing: those are whole-image only, so a mirrored copy differs by recompression alone (true
 * flips score 0.989 or more), while figures on black scored 0.88-0.90 mirrored against a dark work in the robustness
 * benchmark.
 */
export const DETAIL_MIN_MIRRORED = 0.95;
/** Largest key distance (share of common reliable bits) for a key candidate. */
export const KEY_MAX = 0.22;
/** Hash radius for hash candidates (same probe cost as 20 in the multi-index search: floor(r / 8) = 2). */
export const LOOSE_RADIUS = 23;
export const MAX_VERIFIED = 12;
/** Under this RMS neighbour difference (0-255) of its 16x16 luminance, a query has too little detail to verify. */
export const MIN_ENERGY = 2;
/**
 * A partly edited match (partial.ts) between works that both have detail must also correlate at this level outside
 * the edited rectangle (detail-redraw.ts `scoreOutside`): the hash of a figure on a vertical gradient agreed outside
 * its rectangle with another figure's on another vertical gradient in the robustness benchmark.
 */
export const PARTIAL_DETAIL_MIN = 0.7;
/**
 * A hash match (any probe: plain, mirrored, cropped, trimmed) between a query and a work that both have detail stands
 * only when the best framing of the work's thumbnail scores at least this. True copies other than replaced rectangles
 * score 0.76 or more in the robustness benchmark; unrelated images whose hashes collided scored up to 0.69 (a figure on
 * black against a portrait, 15 bits apart, mirrored). Partly edited copies dropped here come back through the partial
 * stage, which checks the score outside the edited rectangle (PARTIAL_DETAIL_MIN).
 */
export const HASH_DETAIL_MIN = 0.72;

export interface Framing {
  frame: Frame;
  flip?: Flip;
}

/** Every framing tried: whole, the three mirror images, and crops of 2.5-22.5% from each side and all sides. */
export const FRAMINGS: readonly Framing[] = (() => {
  const out: Framing[] = [{ frame: [0, 0, 1, 1] }, ...FLIPS.map((flip) => ({ frame: [0, 0, 1, 1] as Frame, flip }))];
  for (let k = 1; k <= 9; k++) {
    const c = k * 0.025;
    out.push({ frame: [c, 0, 1 - c, 1] }, { frame: [0, c, 1, 1 - c] }, { frame: [0, 0, 1 - c, 1] }, { frame: [0, 0, 1, 1 - c] });
    out.push({ frame: [c, c, 1 - 2 * c, 1 - 2 * c] });
  }
  keepFrameGrids(out.map((f) => f.frame));
  return out;
})();

/**
 * A candidate map's works, nearest first, ties in the map's order: its entries sorted by distance, without a pair
 * made per entry (what a lookup allocates brings on the minor collections that land inside lookups) nor a map read
 * per comparison (at 10M the key stage's map holds hundreds).
 */
export function byDistance(m: ReadonlyMap<number, number>): number[] {
  const n = m.size;
  if (DIST.length < n) DIST = new Float64Array(2 * n);
  const works = new Array<number>(n);
  const dist = DIST;
  let i = 0;
  m.forEach((d, w) => {
    works[i] = w;
    dist[i++] = d;
  });
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  // A sign, or on a tie the positions' difference (integers): a fractional difference returned to the sort is a
  // number boxed per comparison.
  order.sort((a, b) => (dist[a]! < dist[b]! ? -1 : dist[a]! > dist[b]! ? 1 : a - b));
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = works[order[k]!]!;
  return out;
}
let DIST = new Float64Array(64);

export interface DetailQuery {
  /** The 16x16 luminance itself. */
  luma: Float32Array;
  /** Normalised gradients of the 16x16 luminance (detail.ts `gradients`). */
  grads: Float32Array;
  /** Keys of the query as is and mirrored (FLIPS order after the plain one). */
  keys: Uint32Array[];
  energy: number;
}

/** From the query's 16x16 luminance (base64 in Query.detail). */
export function detailQuery(luma16: Uint8Array): DetailQuery {
  const img = Float32Array.from(luma16);
  return {
    luma: img,
    grads: gradients(img, COMPARE_SIDE),
    keys: [undefined, ...FLIPS].map((f) => detailKey(grid8(luma16, COMPARE_SIDE, f))),
    energy: detailEnergy(img),
  };
}

/** A query's 16x16 luminance as sent (base64url, Query.detail), or null when malformed or too plain to compare. */
export function detailQueryOf(detail: string): DetailQuery | null {
  let luma: Uint8Array;
  try {
    luma = fromBase64url(detail);
  } catch {
    return null; // not base64url: no detail comparison
  }
  if (luma.length !== 256) return null;
  const dq = detailQuery(luma);
  return dq.energy < MIN_ENERGY ? null : dq;
}

export interface DetailVerdict extends Framing {
  score: number;
}

/**
 * What is known of one (query, thumbnail) pair: a lookup verifies a match and then hints it (hints/aligned.ts) from
 * the same scores. Each framing's score once worked out (NaN until then), and the least threshold the bound
 * (detail-bound.ts) put it below (Infinity until then). A lookup scores its hash matches, then up to MAX_VERIFIED
 * candidates (twice with borders) before its hints.
 */
export interface PairScores {
  q: DetailQuery;
  thumb: Uint8Array;
  scores: Float64Array;
  below: Float64Array;
  /** The thumbnail's wholeWidthRows, once a whole-width framing is scored. */
  rows: Float64Array | null;
}
const recent: PairScores[] = [];
const RECENT = 32;

/** The pair's entry, found among the last RECENT or made. */
export function pairScores(q: DetailQuery, thumb: Uint8Array): PairScores {
  // The same bytes through another view (a caller reading thumbnails as views of one buffer) are the same pair.
  for (const r of recent) if (r.q === q && (r.thumb === thumb || (r.thumb.buffer === thumb.buffer && r.thumb.byteOffset === thumb.byteOffset && r.thumb.length === thumb.length))) return r;
  const pair: PairScores = { q, thumb, scores: new Float64Array(FRAMINGS.length).fill(NaN), below: new Float64Array(FRAMINGS.length).fill(Infinity), rows: null };
  recent.unshift(pair);
  if (recent.length > RECENT) recent.pop();
  return pair;
}

/** FRAMINGS[i]'s score (frameScore) for the pair, worked out once. */
export function framingScore(pair: PairScores, i: number): number {
  const known = pair.scores[i]!;
  if (known === known) return known;
  const f = FRAMINGS[i]!;
  // Whole-width framings from the thumbnail's rows interpolated once: the same value as frameScore.
  const s = f.frame[0] === 0 && f.frame[2] === 1 ? wholeWidthScore(pair.q.grads, (pair.rows ??= wholeWidthRows(pair.thumb)), f.frame, f.flip) : frameScore(pair.q.grads, pair.thumb, f.frame, f.flip);
  pair.scores[i] = s;
  return s;
}

/** Each of FRAMINGS' scores (frameScore) for a query and a work's thumbnail, worked out once per pair. */
export function framingScores(q: DetailQuery, thumb: Uint8Array): Float64Array {
  const pair = pairScores(q, thumb);
  for (let i = 0; i < FRAMINGS.length; i++) framingScore(pair, i);
  return pair.scores;
}

/** Best framing of a work's thumbnail for the query. */
export function verifyDetail(q: DetailQuery, thumb: Uint8Array): DetailVerdict {
  const scores = framingScores(q, thumb);
  let best = -1;
  let at: Framing = FRAMINGS[0]!;
  FRAMINGS.forEach((f, i) => {
    if (scores[i]! > best) [best, at] = [scores[i]!, f];
  });
  return { score: best, ...at };
}

/** A framing's crop as [left, top, right, bottom] shares removed. */
export function cropOf(frame: Frame): [number, number, number, number] {
  const [x, y, w, h] = frame;
  return [x, y, Math.max(0, 1 - x - w), Math.max(0, 1 - y - h)];
}
