/**
 * Portrait-like composites of the demo images for the redraw tests, as bench/lib/portraits.ts makes them: one
 * "figure" at the bottom centre of a 512x640 canvas on a plain colour or a radial gradient. The figure is a demo photo,
 * cut to a head-and-shoulders silhouette or left rectangular; `fw` and `fh` are its shares of the canvas.
 */
import sharp from 'sharp';
import { demoImage } from './redrawn.js';

export const W = 512;
export const H = 640;
export const PLAIN = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#1d2430"/></svg>`;
export const RADIAL =
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs><radialGradient id="g" cx="0.5" cy="0.4" r="0.7">` +
  '<stop offset="0" stop-color="#f3f1e8"/><stop offset="1" stop-color="#47607a"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>';

export async function portrait(name: string, backdrop: string, fw: number, fh: number, silhouette = true): Promise<Buffer> {
  const [w, h] = [Math.round(W * fw), Math.round(H * fh)];
  const mask = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><ellipse cx="${w / 2}" cy="${h * 0.3}" rx="${w * 0.3}" ry="${h * 0.3}" fill="#fff"/><ellipse cx="${w / 2}" cy="${h}" rx="${w / 2}" ry="${h * 0.45}" fill="#fff"/></svg>`;
  let figure = sharp(demoImage(name)).resize(w, h, { fit: 'cover' });
  if (silhouette) figure = figure.composite([{ input: Buffer.from(mask), blend: 'dest-in' }]);
  return sharp(Buffer.from(backdrop))
    .composite([{ input: await figure.png().toBuffer(), left: Math.round((W - w) / 2), top: H - h }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** A quarter of the canvas at (left, top) shares replaced by flat-shaded foreign shapes. */
export function redrawnPortrait(p: Buffer, left: number, top: number): Promise<Buffer> {
  const patch = `<svg xmlns="http://www.w3.org/2000/svg" width="${W / 2}" height="${H / 2}"><rect width="100%" height="100%" fill="rgb(200,180,40)"/><circle cx="${W / 4}" cy="${H / 6}" r="${H / 6}" fill="rgb(20,90,200)"/><circle cx="0" cy="${H / 2}" r="${H / 4}" fill="rgb(240,240,240)"/></svg>`;
  return sharp(p).composite([{ input: Buffer.from(patch), left: Math.round(W * left), top: Math.round(H * top) }]).jpeg({ quality: 85 }).toBuffer();
}
