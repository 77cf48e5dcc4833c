/**
 * JPEG segment walker up to the first scan: APP1 Exif (TIFF), APP1 XMP, and APP11 JPEG XT segments that carry
 * JUMBF boxes (C2PA splits its manifest store across several APP11 segments, reassembled here in sequence order).
 */
import { ascii, concatBytes, decodeUtf8, startsWith, u16be, u32be } from './bytes.js';
import { emptyCarriers, type Carriers } from './carriers.js';
import { jumbfLabel } from './jumbf.js';
import { GENMETA_LIMITS } from './limits.js';

export const isJpeg = (b: Uint8Array): boolean => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

const XMP_ID = 'http://ns.adobe.com/xap/1.0/\0';

export function readJpeg(b: Uint8Array): Carriers {
  const out = emptyCarriers('jpeg');
  // APP11 box instances (En) -> parts in arrival order with their sequence numbers (Z)
  const xt = new Map<number, Array<{ seq: number; data: Uint8Array }>>();
  let xtBytes = 0;
  let o = 2;
  for (let n = 0; n < GENMETA_LIMITS.maxEntries && o + 4 <= b.length; n++) {
    if (b[o] !== 0xff) break;
    const marker = b[o + 1]!;
    if (marker === 0xff) {
      o++; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, start of scan: no metadata after this
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      o += 2;
      continue;
    }
    const len = u16be(b, o + 2);
    const start = o + 4;
    const end = o + 2 + len;
    if (len < 2 || end > b.length) break;
    if (marker === 0xe1 && startsWith(b, start, 'Exif\0\0')) out.exif ??= b.subarray(start + 6, end);
    else if (marker === 0xe1 && startsWith(b, start, XMP_ID)) out.xmp ??= decodeUtf8(b.subarray(start + XMP_ID.length, end));
    else if (marker === 0xeb && startsWith(b, start, 'JP') && end - start > 16) {
      const en = u16be(b, start + 2);
      const seq = u32be(b, start + 4);
      xtBytes += end - start;
      if (xtBytes <= GENMETA_LIMITS.maxChunkBytes) {
        const parts = xt.get(en) ?? [];
        parts.push({ seq, data: b.subarray(start + 8, end) });
        xt.set(en, parts);
      } else out.c2pa = true; // too large to read: still say a manifest store is there when one was seen
    }
    o = end;
  }
  for (const parts of xt.values()) {
    const box = reassemble(parts);
    if (box && ascii(box, 4, 8) === 'jumb' && jumbfLabel(box) === 'c2pa') {
      out.c2pa = true;
      out.jumbf ??= box;
    }
  }
  return out;
}

/** First part whole (box header + data), later parts without their repeated box header (LBox, TBox[, XLBox]). */
function reassemble(parts: Array<{ seq: number; data: Uint8Array }>): Uint8Array | undefined {
  parts.sort((a, c) => a.seq - c.seq);
  const first = parts[0]?.data;
  if (!first || first.length < 8) return undefined;
  const headerLen = u32be(first, 0) === 1 ? 16 : 8;
  const pieces = [first, ...parts.slice(1).map((p) => p.data.subarray(Math.min(headerLen, p.data.length)))];
  return concatBytes(pieces);
}
