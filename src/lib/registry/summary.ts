/**
 * The local summary: per layer, a filter over the layer's bucket keys and the table from bucket to shard hash.
 * The browser keeps it (it is what lets an unmatched image cause no request) and asks the host for a shard only when
 * a query key passes the filter. Binary, little-endian, three forms:
 * - format version 3, "LLR3" (summary-ranged.ts): one fuse filter per bucket range, so the builder streams;
 * - format version 2, "LLR2": layer u32, bucketBits u8, fingerprint bits u8, 2 zero bytes, seed u32, segment length
 *   u32, segment count u32, keys u32, the binary fuse filter's packed slots (fuse-filter.ts), then the table;
 * - format version 1, "LLR1" (still read: editions stored before version 2): layer u32, bucketBits u8, hashes u8,
 *   2 zero bytes, filter bits m u32, keys u32, the Bloom filter (m / 8 bytes), then the table.
 * The table is 2^bucketBits SHA-256 values (all zero: no shard).
 */
import { keyHashes, mix32, bucketOf, type BucketKey } from './key-hash.js';
import { buildFuseFilter, fuseHas, fuseWords, type FuseFilter } from './fuse-filter.js';
import type { KeyPlan } from './manifest.js';
import { buildRange, decodeRanged, MAGIC3, rangedHas, rangedHead, rangedHeadBytes, rangeOf, type RangedFilter, type RangePart } from './summary-ranged.js';

const MAGIC = 0x3152_4c4c; // "LLR1" read little-endian
const MAGIC2 = 0x3252_4c4c; // "LLR2"
const HEADER = 20;
const HEADER2 = 28;

export interface LayerSummary {
  layer: number;
  bucketBits: number;
  /** Bloom hash functions (format 1); 0 for a fuse filter. */
  hashes: number;
  /** Bloom filter size in bits (a multiple of 32); for a fuse filter its slot count. */
  m: number;
  keys: number;
  /** The Bloom bits, or the fuse filter's packed slots. */
  filter: Uint32Array;
  /** Set for a fuse filter (format 2). */
  fuse?: Omit<FuseFilter, 'slots'>;
  /** Set for one fuse filter per bucket range (format 3); `filter` holds every range's slots, in range order. */
  ranged?: RangedFilter;
  /** 32 bytes per bucket. */
  shards: Uint8Array;
  /** The summary file's hash, once loaded from a manifest (lookup.ts loadSummary). */
  sha256?: string;
}
/** What the browser keeps for one registry edition: every layer's summary. */
export interface RegistrySummary {
  layers: LayerSummary[];
}
export interface ShardRequest {
  layer: number;
  bucket: number;
  /** The shard's SHA-256 (also its file name, shardPath). */
  shard: string;
}

function positions(key: BucketKey, s: Pick<LayerSummary, 'hashes' | 'm'>, visit: (bit: number) => boolean): boolean {
  const [h1, h2] = keyHashes(key);
  const a = mix32((h1 ^ 0x5bd1e995) >>> 0);
  for (let i = 0; i < s.hashes; i++) if (!visit(((a + Math.imul(i, h2)) >>> 0) % s.m)) return false;
  return true;
}

/** Bucket count for a layer: about `perShard` keys a shard, at least 1 bucket, at most 2^20. */
export function bucketBitsFor(keys: number, perShard = 256): number {
  return Math.max(0, Math.min(20, Math.ceil(Math.log2(Math.max(1, keys / perShard)))));
}

/** The bucket -> shard hash table (all zero: no shard). */
export function shardTable(bucketBits: number, shardHashes: ReadonlyMap<number, string>): Uint8Array {
  const shards = new Uint8Array(32 << bucketBits);
  for (const [bucket, hex] of shardHashes) for (let i = 0; i < 32; i++) shards[bucket * 32 + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return shards;
}

/** Format 3 in memory (tests; the builder writes the same bytes range by range, build-shards.ts). */
export function buildRangedLayerSummary(layer: number, bucketBits: number, bits: number, rangeBits: number, keys: ArrayLike<BucketKey>, shardHashes: ReadonlyMap<number, string>): LayerSummary {
  const byRange: BucketKey[][] = Array.from({ length: 1 << rangeBits }, () => []);
  for (const k of new Set(Array.from(keys))) byRange[rangeOf(k, rangeBits)]!.push(k);
  const built = byRange.map((k) => buildRange(k, bits));
  const filter = new Uint32Array(built.reduce((n, b) => n + b.slots.length, 0));
  const parts: RangePart[] = [];
  for (let r = 0, at = 0; r < built.length; at += built[r]!.slots.length, r++) {
    filter.set(built[r]!.slots, at);
    parts.push({ ...built[r]!.part, at });
  }
  const count = parts.reduce((n, p) => n + p.keys, 0);
  return { layer, bucketBits, hashes: 0, m: filter.length * 32, keys: count, filter, ranged: { bits, rangeBits, parts }, shards: shardTable(bucketBits, shardHashes) };
}

export function buildLayerSummary(layer: number, bucketBits: number, plan: KeyPlan, keys: ArrayLike<BucketKey>, shardHashes: ReadonlyMap<number, string>): LayerSummary {
  const shards = shardTable(bucketBits, shardHashes);
  if (plan.filterBits) {
    const { slots, ...fuse } = buildFuseFilter(keys, plan.filterBits);
    return { layer, bucketBits, hashes: 0, m: (fuse.segmentCount + 2) * fuse.segmentLength, keys: keys.length, filter: slots, fuse, shards };
  }
  const bitsPerKey = plan.bitsPerKey ?? 16;
  const m = Math.max(32, Math.ceil((keys.length * bitsPerKey) / 32) * 32);
  const s: LayerSummary = { layer, bucketBits, hashes: plan.hashes ?? 11, m, keys: keys.length, filter: new Uint32Array(m / 32), shards };
  for (let i = 0; i < keys.length; i++) positions(keys[i]!, s, (bit) => ((s.filter[bit >>> 5]! |= 1 << (bit & 31)), true));
  return s;
}

export function encodeLayerSummary(s: LayerSummary): Uint8Array {
  if (s.ranged) {
    const head = rangedHead(s.layer, s.bucketBits, s.ranged.bits, s.ranged.rangeBits, s.ranged.parts);
    const out = new Uint8Array(head.byteLength + s.shards.byteLength + s.filter.byteLength);
    out.set(head);
    out.set(s.shards, head.byteLength);
    const dv = new DataView(out.buffer, head.byteLength + s.shards.byteLength);
    for (let i = 0; i < s.filter.length; i++) dv.setUint32(4 * i, s.filter[i]!, true);
    return out;
  }
  const head = s.fuse ? HEADER2 : HEADER;
  const out = new Uint8Array(head + s.filter.byteLength + s.shards.byteLength);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, s.fuse ? MAGIC2 : MAGIC, true);
  dv.setUint32(4, s.layer, true);
  dv.setUint8(8, s.bucketBits);
  if (s.fuse) {
    dv.setUint8(9, s.fuse.bits);
    dv.setUint32(12, s.fuse.seed, true);
    dv.setUint32(16, s.fuse.segmentLength, true);
    dv.setUint32(20, s.fuse.segmentCount, true);
    dv.setUint32(24, s.keys, true);
  } else {
    dv.setUint8(9, s.hashes);
    dv.setUint32(12, s.m, true);
    dv.setUint32(16, s.keys, true);
  }
  for (let i = 0; i < s.filter.length; i++) dv.setUint32(head + 4 * i, s.filter[i]!, true);
  out.set(s.shards, head + s.filter.byteLength);
  return out;
}

/** What the manifest says a layer's summary must be: its layer, bucket bits and the key plan's filter. */
export interface SummaryExpect {
  layer: number;
  bucketBits: number;
  plan: Pick<KeyPlan, 'hashes' | 'filterBits'>;
  /** The manifest's format version: a format 3 summary needs a format 3 manifest (an older client never sees one). */
  formatVersion?: number;
}

function words(dv: DataView, at: number, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = dv.getUint32(at + 4 * i, true);
  return out;
}

/** Reads a summary whose hash was already checked against the manifest; still refuses one whose sizes disagree with it. */
export function decodeLayerSummary(bytes: Uint8Array, expect: SummaryExpect): LayerSummary {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = bytes.byteLength >= HEADER ? dv.getUint32(0, true) : 0;
  if (magic !== MAGIC && magic !== MAGIC3 && !(magic === MAGIC2 && bytes.byteLength >= HEADER2)) throw new Error('not a registry summary');
  const layer = dv.getUint32(4, true);
  const bucketBits = dv.getUint8(8);
  if (layer !== expect.layer || bucketBits !== expect.bucketBits) throw new Error('the summary does not fit its manifest');
  if (magic === MAGIC3) {
    if ((expect.formatVersion ?? 3) < 3) throw new Error('the summary does not fit its manifest');
    const r = decodeRanged(bytes, bucketBits, expect.plan.filterBits);
    return { layer, bucketBits, hashes: 0, m: r.filter.length * 32, keys: r.keys, filter: r.filter, ranged: r.ranged, shards: r.shards };
  }
  if (magic === MAGIC2) {
    const fuse = { bits: dv.getUint8(9), seed: dv.getUint32(12, true), segmentLength: dv.getUint32(16, true), segmentCount: dv.getUint32(20, true) };
    const ok = fuse.bits === expect.plan.filterBits && fuse.segmentLength >= 4 && fuse.segmentLength <= 2 ** 18 && !(fuse.segmentLength & (fuse.segmentLength - 1)) && fuse.segmentCount >= 1 && fuse.segmentCount <= 2 ** 26;
    if (!ok) throw new Error('the summary does not fit its manifest');
    const n = fuseWords(fuse);
    if (bytes.byteLength !== HEADER2 + 4 * n + (32 << bucketBits)) throw new Error('the summary has the wrong length');
    return { layer, bucketBits, hashes: 0, m: (fuse.segmentCount + 2) * fuse.segmentLength, keys: dv.getUint32(24, true), filter: words(dv, HEADER2, n), fuse, shards: bytes.slice(HEADER2 + 4 * n) };
  }
  const hashes = dv.getUint8(9);
  const m = dv.getUint32(12, true);
  if (hashes !== expect.plan.hashes || m % 32 || !m) throw new Error('the summary does not fit its manifest');
  if (bytes.byteLength !== HEADER + m / 8 + (32 << bucketBits)) throw new Error('the summary has the wrong length');
  return { layer, bucketBits, hashes, m, keys: dv.getUint32(16, true), filter: words(dv, HEADER, m / 32), shards: bytes.slice(HEADER + m / 8) };
}

function inFilter(s: LayerSummary, key: BucketKey): boolean {
  if (s.ranged) return rangedHas(s.ranged, s.filter, key);
  if (s.fuse) return s.keys > 0 && fuseHas({ ...s.fuse, slots: s.filter }, key);
  return positions(key, s, (bit) => (s.filter[bit >>> 5]! & (1 << (bit & 31))) !== 0);
}

function shardOf(s: LayerSummary, bucket: number): string | null {
  const row = s.shards.subarray(bucket * 32, bucket * 32 + 32);
  if (row.every((b) => b === 0)) return null;
  return Array.from(row, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether any query key may be registered (false: certainly none; the image causes no request). */
export function mayMatch(summary: RegistrySummary, keys: readonly BucketKey[]): boolean {
  return summary.layers.some((s) => keys.some((k) => inFilter(s, k)));
}

/** The shards to fetch for a query's keys: one per distinct (layer, bucket) a key passing the filter falls in. A request names only this hash, never a fingerprint or URL. */
export function bucketIdsFor(summary: RegistrySummary, keys: readonly BucketKey[]): ShardRequest[] {
  const out = new Map<string, ShardRequest>();
  for (const s of summary.layers) for (const k of keys) {
    if (!inFilter(s, k)) continue;
    const bucket = bucketOf(k, s.bucketBits);
    const shard = shardOf(s, bucket);
    if (shard && !out.has(shard)) out.set(shard, { layer: s.layer, bucket, shard });
  }
  return [...out.values()];
}

export function summaryBytes(summary: RegistrySummary): number {
  return summary.layers.reduce((n, s) => n + (s.ranged ? rangedHeadBytes(s.ranged) : s.fuse ? HEADER2 : HEADER) + s.filter.byteLength + s.shards.byteLength, 0);
}
