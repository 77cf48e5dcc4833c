/**
 * The local summary: per layer, a Bloom filter over the layer's bucket keys and the table from bucket to shard hash.
 * The browser keeps it (it is what lets an unmatched image cause no request) and asks the host for a shard only when
 * a query key passes the filter. Binary, little-endian: "LLR1", layer u32, bucketBits u8, hashes u8, 2 zero bytes,
 * filter bits m u32, keys u32, the filter (m / 8 bytes), then 2^bucketBits SHA-256 values (all zero: no shard).
 */
import { keyHashes, mix32, bucketOf, type BucketKey } from './key-hash.js';
import type { KeyPlan } from './manifest.js';

const MAGIC = 0x3152_4c4c; // "LLR1" read little-endian
const HEADER = 20;

export interface LayerSummary {
  layer: number;
  bucketBits: number;
  hashes: number;
  /** Filter size in bits (a multiple of 32). */
  m: number;
  keys: number;
  filter: Uint32Array;
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

export function buildLayerSummary(layer: number, bucketBits: number, plan: KeyPlan, keys: ArrayLike<BucketKey>, shardHashes: ReadonlyMap<number, string>): LayerSummary {
  const m = Math.max(32, Math.ceil((keys.length * plan.bitsPerKey) / 32) * 32);
  const s: LayerSummary = { layer, bucketBits, hashes: plan.hashes, m, keys: keys.length, filter: new Uint32Array(m / 32), shards: new Uint8Array(32 << bucketBits) };
  for (let i = 0; i < keys.length; i++) positions(keys[i]!, s, (bit) => ((s.filter[bit >>> 5]! |= 1 << (bit & 31)), true));
  for (const [bucket, hex] of shardHashes) for (let i = 0; i < 32; i++) s.shards[bucket * 32 + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return s;
}

export function encodeLayerSummary(s: LayerSummary): Uint8Array {
  const out = new Uint8Array(HEADER + s.filter.byteLength + s.shards.byteLength);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, s.layer, true);
  dv.setUint8(8, s.bucketBits);
  dv.setUint8(9, s.hashes);
  dv.setUint32(12, s.m, true);
  dv.setUint32(16, s.keys, true);
  for (let i = 0; i < s.filter.length; i++) dv.setUint32(HEADER + 4 * i, s.filter[i]!, true);
  out.set(s.shards, HEADER + s.filter.byteLength);
  return out;
}

/** Reads a summary whose hash was already checked against the manifest; still refuses one whose sizes disagree with it. */
export function decodeLayerSummary(bytes: Uint8Array, expect: { layer: number; bucketBits: number; hashes: number }): LayerSummary {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER || dv.getUint32(0, true) !== MAGIC) throw new Error('not a registry summary');
  const layer = dv.getUint32(4, true);
  const bucketBits = dv.getUint8(8);
  const hashes = dv.getUint8(9);
  const m = dv.getUint32(12, true);
  if (layer !== expect.layer || bucketBits !== expect.bucketBits || hashes !== expect.hashes || m % 32 || !m) throw new Error('the summary does not fit its manifest');
  if (bytes.byteLength !== HEADER + m / 8 + (32 << bucketBits)) throw new Error('the summary has the wrong length');
  const filter = new Uint32Array(m / 32);
  for (let i = 0; i < filter.length; i++) filter[i] = dv.getUint32(HEADER + 4 * i, true);
  return { layer, bucketBits, hashes, m, keys: dv.getUint32(16, true), filter, shards: bytes.slice(HEADER + m / 8) };
}

function inFilter(s: LayerSummary, key: BucketKey): boolean {
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
  return summary.layers.reduce((n, s) => n + HEADER + s.filter.byteLength + s.shards.byteLength, 0);
}
