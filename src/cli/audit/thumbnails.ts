/** Small JPEG thumbnails of the flagged images for the HTML report, made on the main thread (a few, after the audit). */
import sharp from 'sharp';
import { MAX_INPUT_PIXELS } from '../../node/decode.js';
import type { AuditItem } from './audit-result.js';

/** A report of thousands of flagged images stays a file a browser opens: past this many, no thumbnail. */
export const MAX_THUMBS = 2000;

export async function thumbnails(items: AuditItem[], pathOf: (rel: string) => string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const it of items.filter((i) => i.matches.length).slice(0, MAX_THUMBS)) {
    try {
      const jpeg = await sharp(pathOf(it.file), { limitInputPixels: MAX_INPUT_PIXELS })
        .rotate()
        .flatten({ background: '#ffffff' })
        .resize(96, 96, { fit: 'inside' })
        .jpeg({ quality: 70 })
        .toBuffer();
      out.set(it.file, `data:image/jpeg;base64,${jpeg.toString('base64')}`);
    } catch {
      // The report shows an empty square: the file changed or vanished since it was audited.
    }
  }
  return out;
}
