/**
 * An exact early rejection for the detail stage (detail-stage.ts): before a framing (detail-verify.ts FRAMINGS) or a
 * rotated framing (detail-rotate.ts) of a candidate is scored, the correlation is computed over a few of the query's
 * strongest gradient pairs only ("A"), and a bound on the full correlation follows from it. For the query's
 * differences x and the work's y over the pairs S a framing compares, each direction's mean removed over S:
 *
 *   corr_S(x, y) <= sqrt(1 - (E_A / E_S) (1 - max(rho_A, 0)^2))
 *
 * where E_S is the query's energy over S, E_A its energy over A with the means over A removed, and rho_A the
 * correlation over A (means over A removed). Proof: split S into A and B = S \ A, and the query's and work's vectors
 * on A into their per-direction constant part and the rest; the covariance is the sum of three inner products, each
 * at most the product of the two parts' norms (rho_A times them for the rest of A), and Cauchy-Schwarz over the three
 * terms gives the bound, since the query's three parts add up to E_S and the work's to its whole energy. A framing
 * whose bound is below a threshold cannot reach it: skipping it changes no verdict and no score that passes. Pure.
 */
import { type DetailQuery, FRAMINGS, type PairScores } from './detail-verify.js';
import { HALF, PAIR_P, PAIR_Q, type Screen, screenOf, STEP } from './detail-screen.js';
import { MIN_INSIDE, type RotatedGrid, rotationSource } from './rotate/detail-rotate.js';
import { samplePlain, sampleRotated, sourceOf, startSamples, values } from './bound-samples.js';

/** Margin on every threshold: the bound is computed in another order of operations than the score. */
const SLACK = 1e-3;

/** Per framing (FRAMINGS), where its screen samples the work (bound-samples.ts). */
const SOURCES = FRAMINGS.map(({ frame, flip }) => sourceOf(frame, flip));

/** Per rotated framing: the pairs it compares (both cells inside the work), and whether it is scored at all. */
const rotatedPairs = new WeakMap<RotatedGrid, { has: Uint8Array; scored: boolean }>();
function pairsOf(g: RotatedGrid) {
  let r = rotatedPairs.get(g);
  if (!r) {
    const has = Uint8Array.from(PAIR_P, (p, k) => (g.inside[p] === 1 && g.inside[PAIR_Q[k]!] === 1 ? 1 : 0));
    r = { has, scored: g.inside.reduce((n, v) => n + v, 0) >= MIN_INSIDE * g.at.length };
    rotatedPairs.set(g, r);
  }
  return r;
}

/**
 * Whether the bound over some prefix of A's pairs (those `has` keeps, all when null), with the query's differences `x`
 * (E_S `total`) and the work's values sampled by framing `i` of `thumb` or rotated grid `g` of `src`, proves the score
 * below `min`.
 * A grows from the strongest pair down (detail-screen.ts) and the bound is tried every STEP pairs: a stranger's
 * framing is mostly put below its threshold within the first 16-32 pairs (a fifth of the 480), while one that
 * reaches it is screened over all of A before it is scored. The bound holds for any A, so for every prefix.
 */
function bounded(s: Screen, count: number, x: Float64Array, total: number, xA: number, has: Uint8Array | null, min: number, i: number, thumb: Uint8Array, g: RotatedGrid | null, src: Float32Array | null): boolean {
  const t = min - SLACK;
  if (t <= 0 || !(total > 0)) return false;
  const floor = (1 - t * t) * total;
  if (!(xA * (1 + 1e-9) > floor)) return false;
  const { pair, vert, p, q, need } = s;
  startSamples(thumb, g ? null : SOURCES[i]!);
  // Each direction's count and sums of the query's x, the work's y and their products, its means over A removed below.
  let n0 = 0, sx0 = 0, sxx0 = 0, sy0 = 0, syy0 = 0, sxy0 = 0;
  let n1 = 0, sx1 = 0, sxx1 = 0, sy1 = 0, syy1 = 0, sxy1 = 0;
  for (let m = 0; m < count; ) {
    const end = Math.min(count, m + STEP);
    if (g) sampleRotated(s, g, src!, need[end - 1]!);
    else samplePlain(s, SOURCES[i]!, thumb, need[end - 1]!);
    for (; m < end; m++) {
      if (has && !has[pair[m]!]) continue;
      const y = values[q[m]!]! - values[p[m]!]!;
      const v = x[m]!;
      if (vert[m]) {
        n1++;
        sx1 += v;
        sxx1 += v * v;
        sy1 += y;
        syy1 += y * y;
        sxy1 += v * y;
      } else {
        n0++;
        sx0 += v;
        sxx0 += v * v;
        sy0 += y;
        syy0 += y * y;
        sxy0 += v * y;
      }
    }
    // E_A (at most the energy with no mean removed), the covariance and the work's energy over A: rho_A^2 < c with
    // c = 1 - floor / E_A, written without dividing by E_A.
    if (sxx0 + sxx1 <= floor) continue;
    const r0 = n0 ? 1 / n0 : 0;
    const r1 = n1 ? 1 / n1 : 0;
    const eA = sxx0 - sx0 * sx0 * r0 + sxx1 - sx1 * sx1 * r1;
    const cov = sxy0 - sx0 * sy0 * r0 + sxy1 - sx1 * sy1 * r1;
    if (eA > floor && (cov <= 0 || cov * cov < (eA - floor) * (syy0 - sy0 * sy0 * r0 + syy1 - sy1 * sy1 * r1))) return true;
  }
  return false;
}

/** Whether FRAMINGS[i] of `thumb` provably scores below `min` for the query. */
export function framingBelow(dq: DetailQuery, i: number, thumb: Uint8Array, min: number): boolean {
  const s = screenOf(dq);
  const t = min - SLACK;
  if (t <= 0 || !(s.gradsTotal > 0)) return false;
  const floor = (1 - t * t) * s.gradsTotal;
  if (!(s.gradsA * (1 + 1e-9) > floor)) return false;
  // `bounded` with the query's side per chunk worked out once (PlainChunks) and no mask: the work's sums per direction.
  const { hp, hq, hx, vp, vq, vx, hEnd, vEnd, need, eA, mean0, mean1, inv0, inv1 } = s.plain;
  startSamples(thumb, SOURCES[i]!);
  let [h, v] = [0, 0];
  let sy0 = 0, syy0 = 0, sxy0 = 0, sy1 = 0, syy1 = 0, sxy1 = 0;
  for (let j = 0; j < hEnd.length; j++) {
    samplePlain(s, SOURCES[i]!, thumb, need[j]!);
    for (const end = hEnd[j]!; h < end; h++) {
      const y = values[hq[h]!]! - values[hp[h]!]!;
      sy0 += y;
      syy0 += y * y;
      sxy0 += hx[h]! * y;
    }
    for (const end = vEnd[j]!; v < end; v++) {
      const y = values[vq[v]!]! - values[vp[v]!]!;
      sy1 += y;
      syy1 += y * y;
      sxy1 += vx[v]! * y;
    }
    const e = eA[j]!;
    if (e <= floor) continue;
    const cov = sxy0 - mean0[j]! * sy0 + sxy1 - mean1[j]! * sy1;
    if (cov <= 0 || cov * cov < (e - floor) * (syy0 - sy0 * sy0 * inv0[j]! + syy1 - sy1 * sy1 * inv1[j]!)) return true;
  }
  return false;
}

/**
 * Whether FRAMINGS[i] scores below `min` for a pair (detail-verify.ts `pairScores`): from its score when it was worked
 * out, from an earlier proof at `min` or below, else by the bound (a proof is kept for the hints' framing choice).
 */
export function framingBelowFor(pair: PairScores, i: number, min: number): boolean {
  const known = pair.scores[i]!;
  if (known === known) return known < min;
  if (pair.below[i]! <= min) return true;
  if (!framingBelow(pair.q, i, pair.thumb, min)) return false;
  pair.below[i] = min;
  return true;
}

/**
 * Whether a rotated framing of `thumb` provably scores below `min` for the query (detail-rotate.ts `verifyRotated`),
 * or is not scored at all.
 */
export function rotatedBelow(dq: DetailQuery, g: RotatedGrid, thumb: Uint8Array, min: number): boolean {
  const inS = pairsOf(g);
  if (!inS.scored) return true;
  const s = screenOf(dq);
  return bounded(s, s.rotN, s.luma, maskedTotal(s, inS.has), s.lumaA, inS.has, min, 0, thumb, g, rotationSource(thumb));
}

/**
 * E_S of the query's luminance differences over the pairs `has` keeps (a rotated framing's, each direction's mean over
 * them removed), as detail-rotate.ts scores them: once per query and framing.
 */
function maskedTotal(s: Screen, has: Uint8Array): number {
  let e = s.masked.get(has);
  if (e !== undefined) return e;
  e = 0;
  for (let d = 0; d < 2; d++) {
    let [n, sum, sq] = [0, 0, 0];
    for (let k = d * HALF; k < (d + 1) * HALF; k++) {
      if (!has[k]) continue;
      const v = s.lumaAll[k]!;
      n++;
      sum += v;
      sq += v * v;
    }
    if (n) e += sq - (sum * sum) / n;
  }
  s.masked.set(has, e);
  return e;
}
