/**
 * Partly redrawn copies of the demo images for the detail-stage tests: a quarter of the image (half its width and
 * half its height) at (left, top) shares replaced by flat-shaded foreign shapes, as bench/lib/variants.ts does.
 * Each test passes its own patch, so the two suites keep testing different redraws.
 */
import sharp from 'sharp';

export const demoImage = (name: string) => new URL(`../../../demo/images/${name}`, import.meta.url).pathname;

/** The patch drawn over the quarter: an SVG of width w and height h. */
export type Patch = (w: number, h: number) => string;

export async function redrawn(name: string, left: number, top: number, patch: Patch, quality?: number): Promise<Buffer> {
  const meta = await sharp(demoImage(name)).metadata();
  const [w, h] = [Math.round(meta.width! / 2), Math.round(meta.height! / 2)];
  return sharp(demoImage(name))
    .composite([{ input: Buffer.from(patch(w, h)), left: Math.round(meta.width! * left), top: Math.round(meta.height! * top) }])
    .jpeg(quality === undefined ? {} : { quality })
    .toBuffer();
}
