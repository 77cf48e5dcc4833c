/**
 * Reads the marks the way a person sees them: from a screenshot of the viewport. Marks live in a closed shadow root
 * and take no hit tests, so a page (and a test acting as one) can find them neither in the DOM nor with
 * elementFromPoint; the screenshot is what shows whether a mark is there and in which colour.
 */
import type { Page } from 'puppeteer-core';
import sharp from 'sharp';

/** Colour names as README states them per verdict (red: unlicensed, green: licensed or free, orange: free with credit). */
export type ColourName = 'red' | 'orange' | 'green' | 'grey' | 'other';

/** By hue and saturation, so anti-aliasing and colour management do not matter. */
export function colourName([r, g, b]: [number, number, number]): ColourName {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const sat = max ? (max - min) / max : 0;
  // Unknown terms' blue-grey (#546e7a) itself: many photos have flat greyish corners, so no looser test.
  if (Math.abs(r - 0x54) < 16 && Math.abs(g - 0x6e) < 16 && Math.abs(b - 0x7a) < 16) return 'grey';
  if (max < 40 || sat < 0.45) return 'other';
  const hue =
    max === r ? ((g - b) / (max - min) + 6) % 6 : max === g ? (b - r) / (max - min) + 2 : (r - g) / (max - min) + 4;
  const deg = hue * 60;
  if (deg < 15 || deg >= 345) return 'red';
  if (deg < 45) return 'orange';
  if (deg >= 90 && deg < 160) return 'green';
  return 'other';
}

/**
 * The mark's colour over each element's top-left corner, or null where no mark is drawn. A mark is a 22 px disc at
 * (left + 4, top + 4) with a white "!" in its middle: four points of the disc away from the glyph must all show one
 * mark colour (an image's own corner is not one flat red, green or orange in four places).
 */
export async function marksAt(page: Page, selectors: string[]): Promise<Record<string, ColourName | null>> {
  const rects = await page.evaluate(
    (sels: string[]) =>
      sels.map((s) => {
        const r = document.querySelector(s)?.getBoundingClientRect();
        return r ? { x: r.left, y: r.top } : null;
      }),
    selectors,
  );
  const png = await page.screenshot({ type: 'png' });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const scale = info.width / (await page.evaluate(() => innerWidth));
  const at = (x: number, y: number): [number, number, number] => {
    const i = (Math.round(y * scale) * info.width + Math.round(x * scale)) * 3;
    return [data[i]!, data[i + 1]!, data[i + 2]!];
  };
  const out: Record<string, ColourName | null> = {};
  selectors.forEach((sel, n) => {
    const r = rects[n];
    if (!r) return void (out[sel] = null);
    const names = [
      [9, 15],
      [21, 15],
      [15, 8],
      [15, 23],
    ].map(([dx, dy]) => colourName(at(r.x + dx!, r.y + dy!)));
    out[sel] = names.every((c) => c === names[0]) && names[0] !== 'other' ? names[0]! : null;
  });
  return out;
}
