/**
 * Page images holding a work turned by a few degrees, and a matcher of the works they copy: the one way the
 * rotation tests (rotated-*.test.ts, turned-keys, geometry-match) build them.
 */
import sharp from 'sharp';

/**
 * The work (a path or bytes) turned by `deg` clockwise on a canvas holding all of it, its corners filled with `fill`
 * (a CSS colour), as JPEG at `quality`; `'transparent'`: the corners left so, as PNG.
 */
export async function turnedOn(src: string | Buffer, deg: number, fill = '#ffffff', quality = 85): Promise<Buffer> {
  if (fill === 'transparent') return sharp(src).ensureAlpha().rotate(deg, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer();
  return sharp(src).rotate(deg, { background: fill }).flatten({ background: fill }).jpeg({ quality }).toBuffer();
}

/** The work turned by `deg` and cropped to the largest centred rectangle of its aspect with no fill, scaled back to its size. */
export async function croppedToFit(path: string, deg: number): Promise<Buffer> {
  const { width: w = 1, height: h = 1 } = await sharp(path).metadata();
  const r = await sharp(path).rotate(deg).toBuffer({ resolveWithObject: true });
  const t = (Math.abs(deg) * Math.PI) / 180;
  const k = Math.min(w / (w * Math.cos(t) + h * Math.sin(t)), h / (w * Math.sin(t) + h * Math.cos(t)));
  const [cw, ch] = [Math.floor(w * k) - 2, Math.floor(h * k) - 2];
  const crop = { left: Math.round((r.info.width - cw) / 2), top: Math.round((r.info.height - ch) / 2), width: cw, height: ch };
  return sharp(r.data).extract(crop).resize(w, h).jpeg({ quality: 85 }).toBuffer();
}

export { matcherOf } from './matcher-of.js';
