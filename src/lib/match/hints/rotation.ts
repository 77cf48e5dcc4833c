/**
 * Whether a match the plain framings explained is a rotated copy: a copy turned by 2 degrees often matches through
 * its hash or a plain framing (detail-rotate.ts is tried only after those fail), and the aligned comparison then takes
 * the turned edges and the filled corner wedges for marks or redrawn regions. Told from the rotated framings the
 * matcher's rotated stage scores (detail-rotate.ts), by two tests a copy that was not turned fails:
 * - the best rotated framing agrees with the query at least as well as the best plain framing does over the same
 *   cells (the mask leaves out the corners the turn fills, so a border, a corner logo or a filled wedge weighs
 *   nothing on either side); and
 * - it agrees better than every framing turned the other way by as much (an unturned copy is misaligned equally by
 *   +a and -a degrees: they score within about 0.013 of each other in bench:robustness, turned copies 0.0066-0.9
 *   apart; a portrait turned 2 degrees on a smooth backdrop, its figure in the middle, is the 0.0066-0.010).
 * A clearly one-sided turn (ROTATION_SKEW_STRONG) is enough with the masked plain framing a little ahead: on a
 * portrait, the figure in the middle barely moves when turned, and the plain framing can match it as well. Pure.
 */
import { FRAMINGS, framingScore, pairScores, type DetailQuery } from '../detail/detail-verify.js';
import { framingBelowFor, rotatedBelow } from '../detail/detail-bound.js';
import { rotatedGrids, rotatedScores } from '../detail/rotate/detail-rotate.js';
import { maskedCorrelation } from '../detail/masked-score.js';
import { COMPARE_SIDE, sampleFrame } from '../detail/luma-thumb.js';

/** The best rotated framing must agree at least this well (ROTATED_MIN, less the near miss of a copy turned by 2 degrees). */
export const ROTATION_MIN = 0.85;
/**
 * By this much more than the best framing turned the other way, with the plain framing at most ROTATION_LEAD_SLACK
 * ahead over the same cells (rounding: a portrait turned 2 degrees, 0.0002 behind). bench:robustness, 480 unturned
 * copies of 24 works and 24 portraits (10 kinds of change) scoring ROTATION_MIN or more turned: none has both, the
 * nearest a skew of 0.005-0.006 with the plain framing 0.006 ahead, or of 0.002 with the turn 0.008 ahead...
 */
export const ROTATION_SKEW = 0.006;
export const ROTATION_LEAD_SLACK = 0.001;
/**
 * ...or by this much, with the plain framing up to ROTATION_BEHIND ahead over the same cells, and by at most
 * ROTATION_BEHIND_SHARE of what the plain framing leaves unexplained (1 - its score): a turn is a better explanation
 * only where the plain framing is poor too. bench:robustness, all 54 works and 24 portraits: the one turned copy this
 * clause decides (a portrait turned 2 degrees, cropped to fit) is 0.053 of it behind; unturned copies of a work
 * whose edge band skews one way (w0108) 0.26-185, a replaced tenth 0.097.
 */
export const ROTATION_SKEW_STRONG = 0.05;
export const ROTATION_BEHIND = 0.025;
export const ROTATION_BEHIND_SHARE = 0.075;

const plainBuf = new Float32Array(COMPARE_SIDE * COMPARE_SIDE);

/** The turn (clockwise degrees, detail-rotate.ts ANGLES) and its score when the query is a rotated copy of the work, else null. */
export function rotationOf(dq: DetailQuery, thumb: Uint8Array, pageAspect?: number): { angle: number; score: number } | null {
  const grids = rotatedGrids(pageAspect);
  // Exact: when the bound (detail-bound.ts) puts every rotated framing below ROTATION_MIN, none is scored.
  if (grids.every((g) => rotatedBelow(dq, g, thumb, ROTATION_MIN))) return null;
  const scores = rotatedScores(dq.luma, thumb, grids).map((s) => s ?? -1);
  let at = 0;
  scores.forEach((s, i) => {
    if (s > scores[at]!) at = i;
  });
  const best = scores[at]!;
  if (best < ROTATION_MIN) return null;
  const g = grids[at]!;
  let other = -1;
  grids.forEach((h, i) => {
    if (h.angle === -g.angle) other = Math.max(other, scores[i]!);
  });
  const skew = best - other;
  if (skew < ROTATION_SKEW) return null;
  // The plain framing the verification scored best (the same scores, worked out once per pair), over the same cells.
  // (A framing provably below the best so far is not it.)
  const pair = pairScores(dq, thumb);
  let p = 0;
  let ps = framingScore(pair, 0);
  for (let i = 1; i < FRAMINGS.length; i++) {
    if (framingBelowFor(pair, i, ps)) continue;
    const s = framingScore(pair, i);
    if (s > ps) [p, ps] = [i, s];
  }
  const f = FRAMINGS[p]!;
  const plain = maskedCorrelation(dq.luma, sampleFrame(thumb, f.frame, f.flip, plainBuf), g.inside, COMPARE_SIDE);
  const lead = best - plain;
  const behind = Math.min(ROTATION_BEHIND, ROTATION_BEHIND_SHARE * (1 - plain));
  return lead >= -ROTATION_LEAD_SLACK || (skew >= ROTATION_SKEW_STRONG && lead >= -behind) ? { angle: g.angle, score: best } : null;
}
