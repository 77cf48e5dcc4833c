/**
 * Where a page image sits in a work turned by a small angle, the one geometry the rotated framings (detail-rotate.ts),
 * the turned and fit probes (turned-hash.ts) and the turned and fit keys (turned-keys.ts) share: the turn's cosine
 * and sine, the work's aspect `a` (width / height) and the page's sides `W` x `H` in units of the work's height.
 * Pure.
 */
export interface TurnedFrame {
  c: number;
  s: number;
  a: number;
  W: number;
  H: number;
}

function turn(angle: number): { c: number; s: number; as: number; ac: number } {
  const t = (angle * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  return { c, s, as: Math.abs(s), ac: Math.abs(c) };
}

/** A work of aspect `a` turned by `angle` degrees, all of it in view: the page is the turned work's bounding box. */
export function wholeFrame(a: number, angle: number): TurnedFrame {
  const { c, s, as, ac } = turn(angle);
  return { c, s, a, W: a * ac + as, H: a * as + ac };
}

/** `wholeFrame` of the work that gives a page of aspect `pageAspect` so turned; null when none does. */
export function turnedFit(pageAspect: number, angle: number): TurnedFrame | null {
  const { as, ac } = turn(angle);
  const a = (pageAspect * ac - as) / (ac - pageAspect * as);
  if (!(a > 0) || !Number.isFinite(a)) return null;
  return wholeFrame(a, angle);
}

/**
 * A work of aspect `a` turned by `angle` degrees and cropped to fit: the page is the largest rectangle of the work's
 * aspect inside the turned work, scaled up.
 */
export function croppedFit(a: number, angle: number): TurnedFrame {
  const { c, s, as, ac } = turn(angle);
  const k = Math.min(a / (a * ac + as), 1 / (a * as + ac));
  return { c, s, a, W: a * k, H: k };
}
