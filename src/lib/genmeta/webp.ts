/** WebP (RIFF) chunk walker: EXIF, "XMP " and C2PA chunks at the top level. */
import { ascii, decodeUtf8, startsWith, u32le } from './bytes.js';
import { emptyCarriers, type Carriers } from './carriers.js';
import { GENMETA_LIMITS } from './limits.js';

export const isWebp = (b: Uint8Array): boolean => startsWith(b, 0, 'RIFF') && startsWith(b, 8, 'WEBP');

export function readWebp(b: Uint8Array): Carriers {
  const out = emptyCarriers('webp');
  let o = 12;
  for (let n = 0; n < GENMETA_LIMITS.maxEntries && o + 8 <= b.length; n++) {
    const id = ascii(b, o, o + 4);
    const len = u32le(b, o + 4);
    const start = o + 8;
    const end = start + len;
    if (end > b.length) break;
    if (id === 'C2PA') out.c2pa = true;
    if (len <= GENMETA_LIMITS.maxChunkBytes) {
      const data = b.subarray(start, end);
      // ImageMagick and some others keep the JPEG-style "Exif\0\0" prefix inside the chunk.
      if (id === 'EXIF') out.exif ??= startsWith(data, 0, 'Exif\0\0') ? data.subarray(6) : data;
      else if (id === 'XMP ') out.xmp ??= decodeUtf8(data);
      else if (id === 'C2PA') out.jumbf ??= data;
    }
    o = end + (len & 1); // chunks are padded to an even length
  }
  return out;
}
