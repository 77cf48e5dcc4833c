/**
 * Which framing the aligned comparison (aligned.ts) is made through: the one the match was found through, or the whole
 * image, unless another scores clearly better. Apart from aligned.ts so that the comparison stays below the bound
 * (detail-bound.ts) in the import levels. Pure.
 */
import { FRAMINGS, framingScore, pairScores, type DetailQuery, type Framing } from '../detail/detail-verify.js';
import { framingBelowFor } from '../detail/detail-bound.js';

/**
 * A framing other than the whole image (or the one the match was found through) is taken only when it scores this
 * much better: an untouched or recompressed copy's whole frame and a 2.5% crop of it score within a few thousandths.
 */
export const FRAMING_MARGIN = 0.01;

/**
 * The best framing, preferring `prefer` (how the match was found), else the whole image, unless another framing scores
 * more than FRAMING_MARGIN above it: then the best scoring of those.
 */
export function bestFraming(q: DetailQuery, thumb: Uint8Array, prefer?: Framing): { framing: Framing; score: number } {
  // The scores verification worked out for this pair (detail-verify.ts), not a second pass over the framings; a
  // framing provably below the best so far plus the margin (detail-bound.ts) cannot be taken and is not scored.
  const pair = pairScores(q, thumb);
  const same = (a: Framing, b: Framing) => a.flip === b.flip && a.frame.every((v, i) => Math.abs(v - b.frame[i]!) < 1e-6);
  const preferred = prefer ? Math.max(0, FRAMINGS.findIndex((f) => same(f, prefer))) : 0;
  let at = preferred;
  let best = framingScore(pair, at);
  // The margin is the preferred framing's lead alone: among the others the best scoring is taken. Held against each
  // taken framing in turn, it kept the first (least cropped) one within it of the best: a 5% crop of a portrait on a
  // plain backdrop compared through a 2.5% crop, whose misaligned cells fitted at gain 1.09 ("colours changed").
  let bar = best + FRAMING_MARGIN;
  for (let i = 0; i < FRAMINGS.length; i++) {
    if (i === preferred || framingBelowFor(pair, i, bar)) continue;
    const s = framingScore(pair, i);
    if (s > bar) [at, best, bar] = [i, s, s];
  }
  return { framing: FRAMINGS[at]!, score: best };
}
