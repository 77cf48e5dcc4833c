/**
 * A minimal CBOR (RFC 8949) decoder for reading C2PA claims and action assertions: maps, arrays, text, numbers,
 * simple values, tags (value kept, tag dropped). Byte strings come back as their length only (signatures and
 * hashes are not needed to report a generator). Bounded: depth, item count and every length are checked against
 * the caps and the bytes left, and anything malformed throws CborError, which callers catch.
 */
import { GENMETA_LIMITS } from './limits.js';

export class CborError extends Error {}

/** A byte string, kept as its length only. */
export class CborBytes {
  constructor(readonly length: number) {}
}

export type CborMap = { [k: string]: CborValue };
export type CborValue = number | string | boolean | null | undefined | CborBytes | CborValue[] | CborMap;

const MAX_ITEMS = 100_000;

export function decodeCbor(b: Uint8Array): CborValue {
  const r = { o: 0, items: 0 };
  return item(b, r, 0);
}

function need(b: Uint8Array, r: { o: number }, n: number): void {
  if (n < 0 || r.o + n > b.length) throw new CborError('truncated CBOR');
}

function arg(b: Uint8Array, r: { o: number }, info: number): number {
  if (info < 24) return info;
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : -1;
  if (size < 0) throw new CborError(`bad CBOR length info ${info}`);
  need(b, r, size);
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + b[r.o + i]!;
  r.o += size;
  return v; // 8-byte values above 2^53 lose precision; they only ever serve as lengths, which the checks reject
}

const text = new TextDecoder('utf-8');

/** A map key as a property name: C2PA and COSE use text and integer keys; any other (a map, whose null prototype has no string form) is malformed here. */
function mapKey(k: CborValue | undefined): string {
  if (typeof k === 'string' || typeof k === 'number' || typeof k === 'boolean' || k == null) return String(k);
  throw new CborError('CBOR map key is not text or a number');
}

function item(b: Uint8Array, r: { o: number; items: number }, depth: number): CborValue {
  if (depth > GENMETA_LIMITS.maxDepth) throw new CborError('CBOR nested too deeply');
  if (++r.items > MAX_ITEMS) throw new CborError('too many CBOR items');
  need(b, r, 1);
  const ib = b[r.o++]!;
  const major = ib >> 5;
  const info = ib & 31;
  if (info === 31 && major >= 2 && major <= 5) return indefinite(b, r, depth, major);
  switch (major) {
    case 0:
      return arg(b, r, info);
    case 1:
      return -1 - arg(b, r, info);
    case 2: {
      const n = arg(b, r, info);
      need(b, r, n);
      r.o += n;
      return new CborBytes(n);
    }
    case 3: {
      const n = arg(b, r, info);
      need(b, r, n);
      r.o += n;
      return text.decode(b.subarray(r.o - n, r.o));
    }
    case 4: {
      const n = arg(b, r, info);
      need(b, r, n); // every item takes at least one byte
      const out: CborValue[] = [];
      for (let i = 0; i < n; i++) out.push(item(b, r, depth + 1));
      return out;
    }
    case 5: {
      const n = arg(b, r, info);
      need(b, r, n * 2);
      const out: CborMap = Object.create(null);
      for (let i = 0; i < n; i++) {
        const k = item(b, r, depth + 1);
        out[mapKey(k)] = item(b, r, depth + 1);
      }
      return out;
    }
    case 6:
      arg(b, r, info);
      return item(b, r, depth + 1);
    default:
      return simple(b, r, info);
  }
}

function indefinite(b: Uint8Array, r: { o: number; items: number }, depth: number, major: number): CborValue {
  const list: CborValue[] = [];
  for (;;) {
    need(b, r, 1);
    if (b[r.o] === 0xff) {
      r.o++;
      break;
    }
    list.push(item(b, r, depth + 1));
  }
  if (major === 2) return new CborBytes(list.reduce<number>((s, x) => s + (x instanceof CborBytes ? x.length : 0), 0));
  if (major === 3) return list.map(String).join('');
  if (major === 4) return list;
  const out: CborMap = Object.create(null);
  for (let i = 0; i + 1 < list.length; i += 2) out[mapKey(list[i])] = list[i + 1];
  return out;
}

function simple(b: Uint8Array, r: { o: number }, info: number): CborValue {
  if (info === 20) return false;
  if (info === 21) return true;
  if (info === 22) return null;
  if (info === 23) return undefined;
  const size = info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : info === 24 ? 1 : 0;
  need(b, r, size);
  const view = new DataView(b.buffer, b.byteOffset + r.o, size);
  r.o += size;
  if (size === 4) return view.getFloat32(0);
  if (size === 8) return view.getFloat64(0);
  if (size === 2) return half(view.getUint16(0));
  return info;
}

function half(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
