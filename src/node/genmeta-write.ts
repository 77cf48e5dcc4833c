/**
 * Writers for the metadata containers the genmeta readers read, following each format's documentation, so that
 * tests and the demo build their fixtures from the specs rather than from files of unknown origin: PNG text
 * chunks, JPEG APP1 (EXIF, XMP) and APP11 (JUMBF), WebP RIFF chunks, TIFF IFDs, JUMBF boxes and CBOR. Node only.
 */
import { crc32, deflateSync } from 'node:zlib';

const cat = (...parts: Uint8Array[]): Buffer => Buffer.concat(parts);
const u32be = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

// ---- PNG ----------------------------------------------------------------------------------------------------
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const td = cat(Buffer.from(type, 'latin1'), data);
  return cat(u32be(data.length), td, u32be(crc32(td)));
}
export const tEXt = (key: string, text: string, encoding: BufferEncoding = 'utf8'): Buffer =>
  pngChunk('tEXt', cat(Buffer.from(`${key}\0`, 'latin1'), Buffer.from(text, encoding)));
export const zTXt = (key: string, text: string): Buffer =>
  pngChunk('zTXt', cat(Buffer.from(`${key}\0\0`, 'latin1'), deflateSync(Buffer.from(text, 'utf8'))));
export function iTXt(key: string, text: string, opts: { compressed?: boolean; lang?: string; translated?: string } = {}): Buffer {
  const body = opts.compressed ? deflateSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8');
  const head = Buffer.from(`${key}\0${opts.compressed ? '\x01' : '\0'}\0${opts.lang ?? ''}\0`, 'latin1');
  return pngChunk('iTXt', cat(head, Buffer.from(`${opts.translated ?? ''}\0`, 'utf8'), body));
}
/** Inserts chunks right after IHDR (signature 8 bytes + IHDR 25 bytes). */
export function withPngChunks(png: Uint8Array, chunks: Uint8Array[]): Buffer {
  return cat(png.subarray(0, 33), ...chunks, png.subarray(33));
}

// ---- JPEG ---------------------------------------------------------------------------------------------------
export function jpegSegment(marker: number, payload: Uint8Array): Buffer {
  if (payload.length + 2 > 0xffff) throw new Error('JPEG segment payload too long');
  const b = Buffer.alloc(4);
  b.writeUInt16BE(0xff00 | marker);
  b.writeUInt16BE(payload.length + 2, 2);
  return cat(b, payload);
}
/** Inserts segments after SOI (and after APP0 JFIF when present, where EXIF readers expect APP1). */
export function withJpegSegments(jpeg: Uint8Array, segments: Uint8Array[]): Buffer {
  let at = 2;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + ((jpeg[4]! << 8) | jpeg[5]!);
  return cat(jpeg.subarray(0, at), ...segments, jpeg.subarray(at));
}
export const app1Exif = (tiff: Uint8Array): Buffer => jpegSegment(0xe1, cat(Buffer.from('Exif\0\0', 'latin1'), tiff));
export const app1Xmp = (xmp: string): Buffer => jpegSegment(0xe1, cat(Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xmp, 'utf8')));
/** A JUMBF box split across APP11 segments (JPEG XT: "JP", box instance En, sequence Z, then the box; continuation segments repeat the box header). */
export function app11Segments(box: Uint8Array, en = 1, maxPayload = 65_000): Buffer[] {
  const header = box.subarray(0, 8);
  const out: Buffer[] = [];
  let o = 0;
  for (let z = 1; o < box.length; z++) {
    const ci = Buffer.alloc(8);
    ci.write('JP', 0, 'latin1');
    ci.writeUInt16BE(en, 2);
    ci.writeUInt32BE(z, 4);
    const take = Math.min(maxPayload, box.length - o);
    out.push(jpegSegment(0xeb, z === 1 ? cat(ci, box.subarray(o, o + take)) : cat(ci, header, box.subarray(o, o + take))));
    o += take;
  }
  return out;
}

// ---- TIFF / EXIF --------------------------------------------------------------------------------------------
type Entry = { tag: number; type: 2 | 7 | 4; value: Uint8Array | number };
/** A TIFF with IFD0 entries and, when `exif` is given, an EXIF IFD; byte values (ASCII/UNDEFINED) and LONGs only. */
export function tiff(ifd0: Entry[], exif: Entry[] = [], littleEndian = false): Buffer {
  const le = littleEndian;
  const w16 = (b: Buffer, v: number, o: number) => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  const w32 = (b: Buffer, v: number, o: number) => (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  const ifds: Entry[][] = [exif.length ? [...ifd0, { tag: 0x8769, type: 4, value: 0 }] : ifd0, exif];
  const ifdSize = (e: Entry[]) => 2 + e.length * 12 + 4;
  const ifd0At = 8;
  const exifAt = ifd0At + ifdSize(ifds[0]!);
  let dataAt = exifAt + (exif.length ? ifdSize(exif) : 0);
  const data: Buffer[] = [];
  const tables = ifds.map((entries, n) => {
    if (!entries.length) return Buffer.alloc(0);
    const t = Buffer.alloc(ifdSize(entries));
    w16(t, entries.length, 0);
    entries.sort((a, b) => a.tag - b.tag).forEach((e, i) => {
      const o = 2 + i * 12;
      w16(t, e.tag, o);
      w16(t, e.type, o + 2);
      if (typeof e.value === 'number' || e.tag === 0x8769) {
        w32(t, 1, o + 4);
        w32(t, e.tag === 0x8769 ? exifAt : (e.value as number), o + 8);
        return;
      }
      w32(t, e.value.length, o + 4);
      if (e.value.length <= 4) Buffer.from(e.value).copy(t, o + 8);
      else {
        w32(t, dataAt, o + 8);
        data.push(Buffer.from(e.value));
        dataAt += e.value.length;
      }
    });
    void n;
    return t;
  });
  const head = Buffer.alloc(8);
  head.write(le ? 'II' : 'MM', 0, 'latin1');
  w16(head, 42, 2);
  w32(head, ifd0At, 4);
  return cat(head, ...tables, ...data);
}
export const ascii = (tag: number, s: string): Entry => ({ tag, type: 2, value: Buffer.from(`${s}\0`, 'utf8') });
/** EXIF UserComment as A1111 writes it: "UNICODE\0" then UTF-16 (big-endian by default, as piexif writes it). */
export function userComment(text: string, order: 'be' | 'le' = 'be'): Entry {
  const le = Buffer.from(text, 'utf16le');
  const body = order === 'le' ? le : Buffer.from(le).swap16();
  return { tag: 0x9286, type: 7, value: cat(Buffer.from('UNICODE\0', 'latin1'), body) };
}

// ---- WebP ---------------------------------------------------------------------------------------------------
export function riffChunk(id: string, data: Uint8Array): Buffer {
  const h = Buffer.alloc(8);
  h.write(id, 0, 'latin1');
  h.writeUInt32LE(data.length, 4);
  return cat(h, data, data.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0));
}
/** Appends chunks to a WebP file and fixes the RIFF size (readers of extended WebP also want VP8X flags; browsers decode without). */
export function withWebpChunks(webp: Uint8Array, chunks: Uint8Array[]): Buffer {
  const out = cat(webp, ...chunks);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

// ---- XMP ----------------------------------------------------------------------------------------------------
export function xmpPacket(digitalSourceType: string, form: 'attribute' | 'resource' = 'attribute'): string {
  const uri = `http://cv.iptc.org/newscodes/digitalsourcetype/${digitalSourceType}`;
  const prop = form === 'attribute' ? ` Iptc4xmpExt:DigitalSourceType="${uri}">` : `><Iptc4xmpExt:DigitalSourceType rdf:resource="${uri}"/>`;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"${prop}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
}

// ---- JUMBF / CBOR (C2PA) ------------------------------------------------------------------------------------
export function box(type: string, payload: Uint8Array): Buffer {
  return cat(u32be(payload.length + 8), Buffer.from(type, 'latin1'), payload);
}
/** A JUMBF superbox: description box (content-type UUID, toggles 0x03 = requestable + label, label) then children. */
export function superbox(label: string, children: Uint8Array[], uuid = Buffer.alloc(16)): Buffer {
  const jumd = box('jumd', cat(uuid, Buffer.from([0x03]), Buffer.from(`${label}\0`, 'utf8')));
  return box('jumb', cat(jumd, ...children));
}
export function cbor(v: unknown): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
    return cat(Buffer.from([(major << 5) | 26]), u32be(n));
  };
  if (typeof v === 'number' && Number.isInteger(v)) return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return cat(head(3, b.length), b);
  }
  if (v instanceof Uint8Array) return cat(head(2, v.length), v);
  if (typeof v === 'boolean') return Buffer.from([v ? 0xf5 : 0xf4]);
  if (v === null) return Buffer.from([0xf6]);
  if (Array.isArray(v)) return cat(head(4, v.length), ...v.map(cbor));
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return cat(head(5, entries.length), ...entries.flatMap(([k, x]) => [cbor(k), cbor(x)]));
  }
  throw new Error(`cbor: cannot encode ${typeof v}`);
}
/** A C2PA manifest store with one manifest: a claim naming the generator and an actions assertion. */
export function c2paStore(opts: { generator: string; digitalSourceType?: string; v2?: boolean }): Buffer {
  const actions = [{ action: 'c2pa.created', ...(opts.digitalSourceType ? { digitalSourceType: `http://cv.iptc.org/newscodes/digitalsourcetype/${opts.digitalSourceType}` } : {}) }];
  const claim = opts.v2
    ? { claim_generator_info: { name: opts.generator, version: '1.0' }, alg: 'sha256' }
    : { claim_generator: opts.generator, alg: 'sha256' };
  const manifest = superbox('urn:uuid:00000000-0000-4000-8000-000000000001', [
    superbox('c2pa.assertions', [superbox(opts.v2 ? 'c2pa.actions.v2' : 'c2pa.actions', [box('cbor', cbor({ actions }))])]),
    superbox(opts.v2 ? 'c2pa.claim.v2' : 'c2pa.claim', [box('cbor', cbor(claim))]),
    superbox('c2pa.signature', [box('cbor', cbor([new Uint8Array(8)]))]),
  ]);
  return superbox('c2pa', [manifest]);
}
