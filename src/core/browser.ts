/**
 * `license-lens/core` in a browser (an image tool's page or worker): the same Checker as in Node, decoding with the
 * browser's own decoder exactly as the extension does (src/pixels: createImageBitmap straight to 256x256, EXIF
 * orientation applied, composited on white). Lists are passed as text: fetching them is the page's choice.
 *
 *   const checker = await loadChecker({ listTexts: [await (await fetch('/list.json')).text()] });
 *   const verdict = await checker.check(new Uint8Array(await file.arrayBuffer()), { site: location.hostname });
 */
import { Checker, type ImageInput } from './index.js';
import { HASH_INPUT_SIDE, type RgbaPixels } from '../lib/match/index.js';
import { decodeAndFingerprint, fingerprintDrawn, type Decoded } from '../pixels/pixels.js';

export { Checker };
export type { CheckOptions, ImageInput, ImageVerdict, LoadedList, Reduce } from './index.js';
export type { GenRecord, Verdict, WorkMatch } from '../lib/types.js';

/**
 * The extension's reduction: file bytes (header checks first) or pixels (an ImageData) to the 256x256 copy, with the
 * natural size the extension's own query carries ("resized" hints, the rotation framings' aspect).
 */
export async function reduceForHash(input: ImageInput): Promise<RgbaPixels & { natural: { width: number; height: number } }> {
  const sized = ({ reduced: r, width, height }: Decoded) => ({ width: r.width, height: r.height, data: r.data, natural: { width, height } });
  if (input instanceof Uint8Array) return sized(await decodeAndFingerprint(input));
  const data = input instanceof ImageData ? input : new ImageData(new Uint8ClampedArray(input.data), input.width, input.height);
  const bitmap = await createImageBitmap(data, { resizeWidth: HASH_INPUT_SIDE, resizeHeight: HASH_INPUT_SIDE, resizeQuality: 'high' });
  try {
    return sized(fingerprintDrawn((ctx) => ctx.drawImage(bitmap, 0, 0), input.width, input.height));
  } finally {
    bitmap.close();
  }
}

export async function loadChecker(options: { listTexts: string[] }): Promise<Checker> {
  if (!options.listTexts.length) throw new Error('no list given: pass listTexts');
  return Checker.fromLists(options.listTexts, reduceForHash);
}
