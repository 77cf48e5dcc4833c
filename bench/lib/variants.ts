/** The altered copies bench:robustness makes of each registered work, with sharp. Deterministic for a given seed. */
import sharp, { type Sharp } from 'sharp';
import type { ChangeKind } from '../../src/lib/types.js';

export interface Variant {
  name: string;
  /** The group whose recall target applies (docs/benchmarks.md). */
  group: 'resize' | 'recompress' | 'colour' | 'blur' | 'watermark' | 'flip' | 'crop<=15' | 'crop20' | 'border' | 'replaced10' | 'replaced25' | 'rotate' | 'screenshot' | 'rotated' | 'outpainted';
  make: (src: Buffer, w: number, h: number, seed: number) => Promise<Buffer>;
  /** The change kinds this transformation makes (MatchHints), which the hint should name. */
  made: ChangeKind[];
  /** Other kinds that are also true of it (a resized copy looks the same at the grid compared). */
  allow?: ChangeKind[];
  /** Where the redrawn rectangle is (pixels of the copy), for the region's intersection-over-union. */
  region?: (w: number, h: number, seed: number) => { x: number; y: number; width: number; height: number };
}

const SIDES = ['left', 'top', 'right', 'bottom'] as const;

function cropOneSide(share: number) {
  return async (src: Buffer, w: number, h: number, seed: number) => {
    const side = SIDES[seed % 4]!;
    const cw = side === 'left' || side === 'right' ? Math.round(w * share) : 0;
    const ch = side === 'top' || side === 'bottom' ? Math.round(h * share) : 0;
    return sharp(src)
      .extract({ left: side === 'left' ? cw : 0, top: side === 'top' ? ch : 0, width: w - cw, height: h - ch })
      .jpeg({ quality: 85 })
      .toBuffer();
  };
}

function cropAllSides(share: number) {
  return async (src: Buffer, w: number, h: number) => {
    const cw = Math.round(w * share);
    const ch = Math.round(h * share);
    return sharp(src).extract({ left: cw, top: ch, width: w - 2 * cw, height: h - 2 * ch }).jpeg({ quality: 85 }).toBuffer();
  };
}

/** A rectangle of `area` of the image replaced by a patch of noise-free foreign content (a flat-shaded pattern). */
export function replacedRect(area: number, w: number, h: number, seed: number) {
  const rw = Math.round(w * Math.sqrt(area));
  const rh = Math.round(h * Math.sqrt(area));
  const rnd = mulberry(seed * 7919 + Math.round(area * 100));
  const left = Math.floor(rnd() * (w - rw));
  const top = Math.floor(rnd() * (h - rh));
  return { x: left, y: top, width: rw, height: rh, rnd };
}

function replaced(area: number) {
  return async (src: Buffer, w: number, h: number, seed: number) => {
    const { x: left, y: top, width: rw, height: rh, rnd } = replacedRect(area, w, h, seed);
    // "Redrawn" content: soft coloured blobs, like an inpainted patch, with its own structure.
    const blobs = Array.from({ length: 6 }, () => {
      const c = `rgb(${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)})`;
      return `<circle cx="${Math.floor(rnd() * rw)}" cy="${Math.floor(rnd() * rh)}" r="${Math.floor((0.2 + rnd() * 0.4) * Math.min(rw, rh))}" fill="${c}"/>`;
    }).join('');
    const bg = `rgb(${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)})`;
    const patch = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${rw}" height="${rh}"><rect width="100%" height="100%" fill="${bg}"/>${blobs}</svg>`);
    return sharp(src).composite([{ input: patch, left, top }]).jpeg({ quality: 85 }).toBuffer();
  };
}

export function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const jpeg = (s: Sharp) => s.jpeg({ quality: 85 }).toBuffer();

export const VARIANTS: Variant[] = [
  { name: 'original (as read: sharp re-encodes JPEG at q80)', group: 'recompress', made: ['same'], allow: ['resized'], make: async (s) => s },
  { name: 'resize 0.5x', group: 'resize', made: ['resized'], allow: ['same'], make: (s, w) => jpeg(sharp(s).resize(Math.round(w * 0.5))) },
  { name: 'resize 0.25x', group: 'resize', made: ['resized'], allow: ['same'], make: (s, w) => jpeg(sharp(s).resize(Math.round(w * 0.25))) },
  { name: 'JPEG q50', group: 'recompress', made: ['resized'], allow: ['same'], make: (s) => sharp(s).jpeg({ quality: 50 }).toBuffer() },
  { name: 'JPEG q30', group: 'recompress', made: ['resized'], allow: ['same'], make: (s) => sharp(s).jpeg({ quality: 30 }).toBuffer() },
  { name: 'WebP q75', group: 'recompress', made: ['resized'], allow: ['same'], make: (s) => sharp(s).webp({ quality: 75 }).toBuffer() },
  { name: 'brightness +20%', group: 'colour', made: ['colours'], make: (s) => jpeg(sharp(s).modulate({ brightness: 1.2 })) },
  { name: 'brightness -20%', group: 'colour', made: ['colours'], make: (s) => jpeg(sharp(s).modulate({ brightness: 0.8 })) },
  { name: 'contrast +20%', group: 'colour', made: ['colours'], make: (s) => jpeg(sharp(s).linear(1.2, -0.2 * 128)) },
  { name: 'contrast -20%', group: 'colour', made: ['colours'], make: (s) => jpeg(sharp(s).linear(0.8, 0.2 * 128)) },
  { name: 'saturation x1.5', group: 'colour', made: ['colours'], allow: ['same'], make: (s) => jpeg(sharp(s).modulate({ saturation: 1.5 })) },
  { name: 'saturation x0.5', group: 'colour', made: ['colours'], allow: ['same'], make: (s) => jpeg(sharp(s).modulate({ saturation: 0.5 })) },
  { name: 'gaussian blur sigma 2', group: 'blur', made: ['resized'], allow: ['same'], make: (s) => jpeg(sharp(s).blur(2)) },
  {
    name: 'text watermark',
    group: 'watermark',
    made: ['marked'],
    make: (s, w, h) => {
      const size = Math.round(w * 0.07);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><text x="50%" y="88%" text-anchor="middle" font-family="DejaVu Sans" font-size="${size}" fill="white" fill-opacity="0.6" stroke="black" stroke-opacity="0.4">© stock-site.example</text></svg>`;
      return jpeg(sharp(s).composite([{ input: Buffer.from(svg) }]));
    },
  },
  {
    name: 'logo mark in a corner',
    group: 'watermark',
    made: ['marked'],
    make: (s, w, h, seed) => {
      // An opaque badge with a word, 22% of the width, in a corner chosen by the seed.
      const bw = Math.round(w * 0.22);
      const bh = Math.round(bw * 0.4);
      const x = seed % 2 ? w - bw - Math.round(w * 0.03) : Math.round(w * 0.03);
      const y = (seed >> 1) % 2 ? h - bh - Math.round(h * 0.03) : Math.round(h * 0.03);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect x="${x}" y="${y}" width="${bw}" height="${bh}" rx="${Math.round(bh / 5)}" fill="#c0162c"/><text x="${x + bw / 2}" y="${y + bh * 0.68}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${Math.round(bh * 0.5)}" fill="white">STOCK</text></svg>`;
      return jpeg(sharp(s).composite([{ input: Buffer.from(svg) }]));
    },
  },
  { name: 'horizontal flip', group: 'flip', made: ['mirrored'], make: (s) => jpeg(sharp(s).flop()) },
  { name: 'vertical flip', group: 'flip', made: ['mirrored'], make: (s) => jpeg(sharp(s).flip()) },
  ...[5, 10, 15, 20].map((p): Variant => ({ name: `crop ${p}% one side`, group: p <= 15 ? 'crop<=15' : 'crop20', made: ['cropped'], make: cropOneSide(p / 100) })),
  ...[5, 10, 15, 20].map((p): Variant => ({ name: `crop ${p}% all sides`, group: p <= 15 ? 'crop<=15' : 'crop20', made: ['cropped'], make: cropAllSides(p / 100) })),
  {
    name: '10% border',
    group: 'border',
    made: ['border'],
    make: (s, w, h, seed) => {
      const b = Math.round(Math.max(w, h) * 0.1);
      const background = seed % 2 ? { r: 0, g: 0, b: 0 } : { r: 255, g: 255, b: 255 };
      return jpeg(sharp(s).extend({ top: b, bottom: b, left: b, right: b, background }));
    },
  },
  { name: 'replaced 10% area', group: 'replaced10', made: ['redrawn'], region: (w, h, seed) => replacedRect(0.1, w, h, seed), make: replaced(0.1) },
  { name: 'replaced 25% area', group: 'replaced25', made: ['redrawn'], region: (w, h, seed) => replacedRect(0.25, w, h, seed), make: replaced(0.25) },
  {
    name: 'rotate 2 degrees',
    group: 'rotate',
    made: ['rotated'],
    allow: ['cropped', 'same', 'resized'],
    make: async (s, w, h) => {
      const r = await sharp(s).rotate(2, { background: '#808080' }).toBuffer({ resolveWithObject: true });
      return jpeg(sharp(r.data).extract({ left: Math.floor((r.info.width - w) / 2), top: Math.floor((r.info.height - h) / 2), width: w, height: h }));
    },
  },
  {
    name: 'screenshot (0.8x, sharpen, PNG)',
    group: 'screenshot',
    made: ['resized'], allow: ['same'], make: (s, w) => sharp(s).resize(Math.round(w * 0.8), null, { kernel: 'linear' }).sharpen().png().toBuffer(),
  },
];
