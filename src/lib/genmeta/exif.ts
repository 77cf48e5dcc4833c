/**
 * EXIF fields that carry generation records, read from a TIFF structure (JPEG APP1, WebP EXIF chunk, PNG eXIf):
 * UserComment (A1111 writes "UNICODE\0" + UTF-16, big-endian whatever the TIFF order), and the IFD0 strings
 * where ComfyUI's WebP saver writes "prompt:{json}" and "workflow:{json}" (Make, Model, ImageDescription...).
 * A small reader of its own: exifr's mini and lite builds do not accept a bare TIFF (a WebP EXIF chunk), and its
 * full build (75 kB) would be most of the background bundle for five tags (docs/genmeta.md).
 */
import { ascii, decodeLatin1OrUtf8, decodeUtf8 } from './bytes.js';

export interface ExifText {
  userComment?: string;
  /** IFD0 string values, in tag order. */
  strings: string[];
}

const STRING_TAGS = new Set([0x010e, 0x010f, 0x0110, 0x0131, 0x013b]);
const EXIF_IFD = 0x8769;
const USER_COMMENT = 0x9286;
const MAX_IFD_ENTRIES = 1000;

export function readExif(tiff: Uint8Array): ExifText {
  const out: ExifText = { strings: [] };
  if (tiff.length < 8) return out;
  const order = ascii(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') return out;
  const le = order === 'II';
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (o: number) => view.getUint16(o, le);
  const u32 = (o: number) => view.getUint32(o, le);
  if (u16(2) !== 42) return out;

  /** The bytes of an entry's value, or undefined when its type is not a byte type or it points outside. */
  const value = (entry: number): Uint8Array | undefined => {
    const type = u16(entry + 2);
    if (type !== 1 && type !== 2 && type !== 7) return undefined; // BYTE, ASCII, UNDEFINED
    const count = u32(entry + 4);
    const start = count <= 4 ? entry + 8 : u32(entry + 8);
    if (start + count > tiff.length) return undefined;
    return tiff.subarray(start, start + count);
  };
  const entries = (ifd: number): number[] => {
    if (ifd < 8 || ifd + 2 > tiff.length) return [];
    const n = Math.min(u16(ifd), MAX_IFD_ENTRIES, Math.floor((tiff.length - ifd - 2) / 12));
    return Array.from({ length: n }, (_, i) => ifd + 2 + i * 12);
  };

  let exifIfd = 0;
  for (const e of entries(u32(4))) {
    const tag = u16(e);
    if (tag === EXIF_IFD) exifIfd = u32(e + 8);
    else if (STRING_TAGS.has(tag)) {
      const v = value(e);
      const s = v && decodeLatin1OrUtf8(v).replace(/\0+$/, '');
      if (s) out.strings.push(s);
    }
  }
  for (const e of entries(exifIfd)) {
    if (u16(e) !== USER_COMMENT) continue;
    const v = value(e);
    if (v) out.userComment = decodeUserComment(v, le);
  }
  return out;
}

/** EXIF UserComment: an 8-byte character code, then the text. */
export function decodeUserComment(b: Uint8Array, tiffLittleEndian: boolean): string | undefined {
  const code = ascii(b, 0, 8);
  const body = b.subarray(8);
  let s: string;
  if (code === 'UNICODE\0') s = decodeUtf16(body, tiffLittleEndian);
  else if (code === 'ASCII\0\0\0') s = decodeLatin1OrUtf8(body);
  else if (code === '\0\0\0\0\0\0\0\0') s = decodeUtf8(body);
  else return undefined; // JIS or unknown code: not a record we can read honestly
  s = s.replace(/\0+$/, '');
  return s.trim() ? s : undefined;
}

/** UTF-16 of either order: a BOM decides; else the side where ASCII text has its zero bytes; else the TIFF order. */
export function decodeUtf16(b: Uint8Array, fallbackLittle: boolean): string {
  let little = fallbackLittle;
  let body = b;
  if (b[0] === 0xfe && b[1] === 0xff) [little, body] = [false, b.subarray(2)];
  else if (b[0] === 0xff && b[1] === 0xfe) [little, body] = [true, b.subarray(2)];
  else {
    let even = 0;
    let odd = 0;
    for (let i = 0; i + 1 < b.length && i < 4096; i += 2) {
      if (b[i] === 0) even++;
      if (b[i + 1] === 0) odd++;
    }
    if (even !== odd) little = odd > even;
  }
  return new TextDecoder(little ? 'utf-16le' : 'utf-16be').decode(body.subarray(0, body.length & ~1));
}
