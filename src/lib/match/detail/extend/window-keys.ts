/**
 * Detail keys (detail-key.ts) of windows of a page image where a registered work filling half of it may sit
 * (outpainting, issue 22 item 4): no key of the whole page image is near the work's when the work is half of it, so
 * some copies were never a candidate for the placement search. A window of the work's own framing gives back the
 * work's key (0-0.1 from it in bench:robustness at the true place, positions 1/16 of the page apart). Only windows
 * of half the page's area (the hardest case: a larger work keeps the page's keys nearer its own), of three shapes
 * (extended both ways, in width only, in height only), holding the page's detail box (the work's detail lies in it,
 * the fill around it is low-detail) within WINDOW_SLACK, of each shape the one centred nearest it: at most three keys,
 * each a key-index lookup (about 0.45 ms at 1M works: docs/benchmarks.md). Query side only, looked up in the existing key index:
 * nothing is stored for it. Pure.
 */
import { fromBase64url } from '../../../base64url.js';
import { BOX_GRID, WIDE_SIDE } from '../../hash/detail-box.js';
import type { Query } from '../../hash/query.js';
import { detailKey } from '../detail-key.js';
import { sampleAt, summedArea, type Placement } from './extend-sample.js';

/** Largest key distance for a window key's candidate (the candidates are then confirmed by the placement search). */
export const WINDOW_MAX = 0.1;
/** Window positions step by this share of the page image... */
const STEP = 1 / 16;
/** ...and a window may leave this share of the page image's detail box outside it, per side. */
const WINDOW_SLACK = 1 / 8;
/** Window shapes (shares of the page image's width and height): the work at half the page's area. */
const SHAPES: readonly (readonly [number, number])[] = [[Math.SQRT1_2, Math.SQRT1_2], [0.5, 1], [1, 0.5]];
const N = 8;

/**
 * Of each shape of SHAPES, the window holding the detail box `box` ([x0, y0, x1, y1], shares of the page image) whose
 * centre is nearest the box's: at most one key a shape (every key is paid for by every page image with a box). Nearest
 * over all shapes at once gave a portrait whose figure sits low in the work (its box in the work's lower half) three
 * windows of the wrong shapes, none of them the work's (portrait 7 at 50% of the area in bench:robustness).
 */
export function windowsAround(box: readonly [number, number, number, number]): Placement[] {
  const [x0, y0, x1, y1] = box;
  const off = (p: Placement) => Math.hypot(p[0] + p[2] / 2 - (x0 + x1) / 2, p[1] + p[3] / 2 - (y0 + y1) / 2);
  const out: Placement[] = [];
  for (const [w, h] of SHAPES) {
    let best: Placement | null = null;
    for (let x = 0; x <= 1 - w + 1e-9; x += STEP) {
      if (x0 < x - WINDOW_SLACK || x1 > x + w + WINDOW_SLACK) continue;
      for (let y = 0; y <= 1 - h + 1e-9; y += STEP) {
        if (y0 < y - WINDOW_SLACK || y1 > y + h + WINDOW_SLACK) continue;
        const p: Placement = [x, y, w, h];
        if (!best || off(p) < off(best)) best = p;
      }
    }
    if (best) out.push(best);
  }
  return out;
}

/** The keys of the windows of `wide` (the page image's 32x32 luminance) holding its detail box `box`. */
export function windowKeys(wide: Uint8Array, box: readonly [number, number, number, number]): Uint32Array[] {
  const table = summedArea(wide);
  const side = Math.round(Math.sqrt(wide.length));
  return windowsAround(box).map((p) => {
    // Cell sums to means, as the work's 8x8 grid holds (detail-key.ts grid8).
    const cell = ((p[2] * side) / N) * ((p[3] * side) / N);
    return detailKey(Float32Array.from(sampleAt(table, p, N), (v) => v / cell));
  });
}

/** The window keys of a query with a detail box and its whole luminance (Query.box, Query.wide), else none. */
export function outpaintKeys(q: Pick<Query, 'box' | 'wide' | 'size'>): Uint32Array[] {
  if (!q.box || !q.wide || !q.size) return [];
  let wide: Uint8Array;
  try {
    wide = fromBase64url(q.wide);
  } catch {
    return []; // not base64url: no window keys
  }
  if (wide.length !== WIDE_SIDE * WIDE_SIDE) return [];
  const [x0, y0, x1, y1] = q.box.map((v) => v / BOX_GRID) as [number, number, number, number];
  return windowKeys(wide, [x0, y0, x1, y1]);
}
