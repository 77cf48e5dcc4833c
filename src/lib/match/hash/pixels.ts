/** RGBA pixels and the helpers of the loops over their bytes: a leaf module, so that what imports it stays low in the import levels. */

export interface RgbaPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** A rectangle in (possibly fractional) pixel coordinates of an image. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Math.round(x) for x >= 0 (and NaN), the same value: from 0.5 up, x + 0.5 is exact or rounds within the integer it
 * lies under, so its floor is the rounded x; below 0.5 it could round up to 1. V8 (Node 20) calls out for
 * Math.round where it inlines Math.floor: seven times slower over a 256x256 image's channels.
 */
export function roundNonNegative(x: number): number {
  return x < 0.5 ? 0 : Math.floor(x + 0.5);
}

/**
 * The pixels as a Uint8Array view (no copy): the browser hands Uint8ClampedArray (ImageData), sharp Uint8Array, and
 * a loop that meets both element kinds runs slower than one that meets only one.
 */
export function bytesOf(data: Uint8ClampedArray | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.length);
}
