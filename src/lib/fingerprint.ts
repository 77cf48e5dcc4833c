/**
 * The fingerprinting core: RGBA pixels in, a 256-bit blockhash (16x16 grid) out. Pure: runs in Node, in the
 * service worker and in Firefox's background page.
 *
 * Every image is reduced to HASH_INPUT_SIDE x HASH_INPUT_SIDE before hashing. blockhash's blocks are fractions of
 * the image (1/16 of each side), so squashing to a square changes nothing about which pixels fall in which block,
 * and 256 divides evenly by 16, so blockhash takes its exact integer path. Hashing 256x256 pixels costs about
 * 0.5 ms; full-resolution bmvbhash on 1920x1080 about 40 ms. docs/benchmarks.md gives the measured drift.
 *
 * Transparency: blockhash counts a fully transparent pixel as white. We composite onto white before reducing,
 * which gives exactly that for alpha 0 and a smooth blend for partial alpha (the browser path does the same by
 * drawing onto a white canvas), so a reduced copy never mixes "transparent black" into its neighbours.
 */
import { bmvbhash } from 'blockhash-core';

export const GRID = 16;
export const HASH_INPUT_SIDE = 256;

export interface RgbaPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** blockhash of pixels as given (no reduction). Exposed for measuring drift and for the naive baseline. */
export function blockhashExact(px: RgbaPixels): string {
  if (px.width < GRID || px.height < GRID) throw new Error(`image too small to fingerprint: ${px.width}x${px.height}`);
  if (px.data.length !== px.width * px.height * 4) throw new Error('pixel buffer size does not match width x height x 4');
  return bmvbhash({ width: px.width, height: px.height, data: px.data }, GRID);
}

/** Composite onto white and area-average (box filter) to side x side. Returns the input if it is already that size and opaque. */
export function reduceForHash(px: RgbaPixels, side = HASH_INPUT_SIDE): RgbaPixels {
  const { width: w, height: h, data } = px;
  if (w === side && h === side && isOpaque(data)) return px;
  const xs = cellSpans(w, side);
  const ys = cellSpans(h, side);
  // Pass 1: each source row to `side` columns of white-composited RGB.
  const rows = new Float32Array(h * side * 3);
  for (let y = 0; y < h; y++) {
    for (let o = 0; o < side; o++) {
      let r = 0, g = 0, b = 0;
      for (const [sx, wt] of xs[o]!) {
        const i = (y * w + sx) * 4;
        const a = data[i + 3]! / 255;
        const white = 255 * (1 - a);
        r += (data[i]! * a + white) * wt;
        g += (data[i + 1]! * a + white) * wt;
        b += (data[i + 2]! * a + white) * wt;
      }
      const j = (y * side + o) * 3;
      rows[j] = r;
      rows[j + 1] = g;
      rows[j + 2] = b;
    }
  }
  // Pass 2: columns.
  const out = new Uint8ClampedArray(side * side * 4);
  for (let oy = 0; oy < side; oy++) {
    for (let ox = 0; ox < side; ox++) {
      let r = 0, g = 0, b = 0;
      for (const [sy, wt] of ys[oy]!) {
        const j = (sy * side + ox) * 3;
        r += rows[j]! * wt;
        g += rows[j + 1]! * wt;
        b += rows[j + 2]! * wt;
      }
      const k = (oy * side + ox) * 4;
      out[k] = Math.round(r);
      out[k + 1] = Math.round(g);
      out[k + 2] = Math.round(b);
      out[k + 3] = 255;
    }
  }
  return { width: side, height: side, data: out };
}

/** The fingerprint License Lens stores and matches: blockhash of the reduced, white-composited copy. */
export function fingerprint(px: RgbaPixels): string {
  return blockhashExact(reduceForHash(px));
}

function isOpaque(data: Uint8ClampedArray | Uint8Array): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}

/** For each output cell, the source pixels it covers and their weights (summing to 1): a box filter, like bmvbhash's blocks. */
function cellSpans(n: number, side: number): Array<Array<[number, number]>> {
  const step = n / side;
  const cells: Array<Array<[number, number]>> = [];
  for (let o = 0; o < side; o++) {
    const start = o * step;
    const end = (o + 1) * step;
    const list: Array<[number, number]> = [];
    for (let s = Math.floor(start); s < end && s < n; s++) {
      const cover = Math.min(end, s + 1) - Math.max(start, s);
      if (cover > 1e-9) list.push([s, cover / step]);
    }
    cells.push(list);
  }
  return cells;
}
