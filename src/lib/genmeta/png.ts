/**
 * PNG chunk walker for the metadata chunks: tEXt, zTXt and iTXt (compressed or not), eXIf, and caBX (C2PA).
 * CRCs are not checked: a wrong CRC does not hide what a chunk says, and the pixels are the browser's business.
 * Text after IDAT is read too (some tools append it). A chunk whose declared length runs past the end ends the walk.
 */
import { ascii, decodeLatin1OrUtf8, decodeUtf8, indexOfByte, inflateCapped, u32be } from './bytes.js';
import { emptyCarriers, type Carriers } from './carriers.js';
import { GENMETA_LIMITS } from './limits.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const isPng = (b: Uint8Array): boolean => b.length >= 8 && SIGNATURE.every((v, i) => b[i] === v);

export async function readPng(b: Uint8Array): Promise<Carriers> {
  const out = emptyCarriers('png');
  let o = 8;
  for (let n = 0; n < GENMETA_LIMITS.maxEntries && o + 8 <= b.length; n++) {
    const len = u32be(b, o);
    const type = ascii(b, o + 4, o + 8);
    const start = o + 8;
    const end = start + len;
    if (end > b.length) break;
    if (type === 'IEND') break;
    if (type === 'caBX') {
      out.c2pa = true;
      if (len <= GENMETA_LIMITS.maxChunkBytes) out.jumbf ??= b.subarray(start, end);
    } else if (len <= GENMETA_LIMITS.maxChunkBytes) {
      const data = b.subarray(start, end);
      if (type === 'eXIf') out.exif ??= data;
      else if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
        const entry = await textChunk(type, data);
        if (entry) {
          if (entry.key === 'XML:com.adobe.xmp') out.xmp ??= entry.text;
          else out.texts.push(entry);
        }
      }
    }
    o = end + 4; // skip the CRC
  }
  return out;
}

async function textChunk(type: string, d: Uint8Array): Promise<{ key: string; text: string } | undefined> {
  const nul = indexOfByte(d, 0, 0, Math.min(d.length, 80));
  if (nul < 1) return undefined; // keywords are 1-79 bytes
  const key = ascii(d, 0, nul);
  if (type === 'tEXt') return { key, text: decodeLatin1OrUtf8(d.subarray(nul + 1)) };
  if (type === 'zTXt') {
    if (d[nul + 1] !== 0) return undefined; // 0 = zlib, the only method defined
    const raw = await inflateCapped(d.subarray(nul + 2));
    return raw && { key, text: decodeLatin1OrUtf8(raw) };
  }
  // iTXt: keyword \0 compressionFlag compressionMethod languageTag \0 translatedKeyword \0 text (UTF-8)
  const flag = d[nul + 1];
  const method = d[nul + 2];
  const langEnd = indexOfByte(d, 0, nul + 3);
  const transEnd = langEnd < 0 ? -1 : indexOfByte(d, 0, langEnd + 1);
  if (transEnd < 0 || flag === undefined) return undefined;
  const body = d.subarray(transEnd + 1);
  if (flag === 0) return { key, text: decodeUtf8(body) };
  if (flag !== 1 || method !== 0) return undefined;
  const raw = await inflateCapped(body);
  return raw && { key, text: decodeUtf8(raw) };
}
