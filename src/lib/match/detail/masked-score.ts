/**
 * Gradient correlation of two n x n luminance images over the cells a mask keeps: neighbour differences between two
 * kept cells only, each direction's mean removed, as in luma-thumb.ts `frameScore`. The rotated and extended framings
 * (detail-rotate.ts, extend/detail-extend.ts) compare only the part of the page image the work lands on. Pure.
 */

/** Correlation (-1..1) of `a`'s and `b`'s neighbour differences between cells both kept by `mask`; 0 when either is flat. */
export function maskedCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, mask: ArrayLike<number>, n: number): number {
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (const [dx, dy] of [[1, 0], [0, 1]] as const) {
    let sa = 0, sb = 0, ab = 0, aa = 0, bb = 0, k = 0;
    for (let y = 0; y + dy < n; y++) {
      for (let x = 0; x + dx < n; x++) {
        const p = y * n + x;
        const q = (y + dy) * n + x + dx;
        if (!mask[p] || !mask[q]) continue;
        const da = a[q]! - a[p]!;
        const db = b[q]! - b[p]!;
        sa += da;
        sb += db;
        ab += da * db;
        aa += da * da;
        bb += db * db;
        k++;
      }
    }
    if (!k) continue;
    cov += ab - (sa * sb) / k;
    va += aa - (sa * sa) / k;
    vb += bb - (sb * sb) / k;
  }
  return va > 1e-9 && vb > 1e-9 ? cov / Math.sqrt(va * vb) : 0;
}
