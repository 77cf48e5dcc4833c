/**
 * bench:robustness's geometric copies (issue 22 item 4): a work rotated by ±2 or ±5 degrees with each corner fill
 * (white, black, transparent, a blurred copy of the image, or cropped to fit), and a work *outpainted*: placed
 * anywhere inside a larger canvas it fills 50-80% of, the rest filled (the work's own edges continued, a blurred
 * stretched copy of it, or a gradient). Deterministic for a given seed.
 */
import sharp, { type Sharp } from 'sharp';
import { mulberry, type Variant } from './variants.js';

const jpeg = (s: Sharp) => s.jpeg({ quality: 85 }).toBuffer();

export const ROTATE_FILLS = ['white', 'black', 'transparent', 'blurred', 'cropped to fit'] as const;
type Fill = (typeof ROTATE_FILLS)[number];

/** The work rotated by ±`deg` (sign by seed) on a canvas holding all of it, corners as `fill` says. */
function rotated(deg: number, fill: Fill) {
  return async (src: Buffer, w: number, h: number, seed: number): Promise<Buffer> => {
    const angle = seed % 2 ? -deg : deg;
    const background = fill === 'black' ? '#000000' : fill === 'white' ? '#ffffff' : { r: 0, g: 0, b: 0, alpha: 0 };
    const r = await sharp(src).ensureAlpha().rotate(angle, { background }).png().toBuffer({ resolveWithObject: true });
    const { width: W, height: H } = r.info;
    if (fill === 'transparent') return r.data;
    if (fill === 'white' || fill === 'black') return jpeg(sharp(r.data).flatten({ background }));
    if (fill === 'blurred') {
      const bg = await sharp(src).resize(W, H, { fit: 'fill' }).blur(12).png().toBuffer();
      return jpeg(sharp(bg).composite([{ input: r.data }]));
    }
    // Cropped to fit: the largest centred rectangle of the work's aspect with no corner fill, scaled back to w x h.
    const t = (Math.abs(angle) * Math.PI) / 180;
    const k = Math.min(w / (w * Math.cos(t) + h * Math.sin(t)), h / (w * Math.sin(t) + h * Math.cos(t)));
    const cw = Math.floor(w * k) - 2;
    const ch = Math.floor(h * k) - 2;
    return jpeg(sharp(r.data).extract({ left: Math.round((W - cw) / 2), top: Math.round((H - ch) / 2), width: cw, height: ch }).resize(w, h));
  };
}

export const OUTPAINT_FILLS = ['edges continued', 'blurred copy', 'gradient'] as const;

/** Where the work sits in the new canvas: area share 50-80%, extended both ways or along one axis, any position. */
export function outpaintBox(w: number, h: number, seed: number, area: number): { W: number; H: number; left: number; top: number } {
  const rnd = mulberry(seed * 104729 + Math.round(area * 1000));
  const mode = seed % 3; // 0: both axes, 1: width only, 2: height only
  const sx = mode === 0 ? Math.sqrt(area) : mode === 1 ? area : 1;
  const sy = mode === 0 ? Math.sqrt(area) : mode === 2 ? area : 1;
  const W = Math.round(w / sx);
  const H = Math.round(h / sy);
  return { W, H, left: Math.floor(rnd() * (W - w + 1)), top: Math.floor(rnd() * (H - h + 1)) };
}

/** The work inside a larger canvas (area share `area` of it), the rest filled by `OUTPAINT_FILLS[seed % 3]`. */
function outpainted(area: number) {
  return async (src: Buffer, w: number, h: number, seed: number): Promise<Buffer> => {
    const { W, H, left, top } = outpaintBox(w, h, seed, area);
    const fill = OUTPAINT_FILLS[Math.floor(seed / 3) % OUTPAINT_FILLS.length]!;
    let bg: Buffer;
    if (fill === 'edges continued') {
      bg = await sharp(src).extend({ left, top, right: W - w - left, bottom: H - h - top, extendWith: 'copy' }).png().toBuffer();
    } else if (fill === 'blurred copy') {
      bg = await sharp(src).resize(W, H, { fit: 'fill' }).blur(16).png().toBuffer();
    } else {
      const { dominant } = await sharp(src).stats();
      const c = `rgb(${dominant.r},${dominant.g},${dominant.b})`;
      bg = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${c}"/><stop offset="1" stop-color="#f2efe8"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`)).png().toBuffer();
    }
    return jpeg(sharp(bg).composite([{ input: src, left, top }]));
  };
}

export const GEOMETRY_VARIANTS: Variant[] = [
  ...[2, 5].flatMap((deg) => ROTATE_FILLS.map((fill): Variant => ({ name: `rotate ±${deg}° ${fill}`, group: 'rotated', made: ['rotated'], allow: ['cropped', 'resized'], make: rotated(deg, fill) }))),
  ...[0.5, 0.65, 0.8].map((area): Variant => ({ name: `outpainted, work ${area * 100}% of area`, group: 'outpainted', made: ['extended'], allow: ['resized'], make: outpainted(area) })),
];
